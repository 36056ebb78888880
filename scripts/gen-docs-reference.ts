// Writes docs/spec-reference.md, docs/platform-reference.md and docs/schema/*.json from the zod
// schemas (the single source). Run: npm run docs:reference. A test fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { referenceDocs } from '../src/spec/reference-files.ts';

mkdirSync('docs/schema', { recursive: true });
for (const f of referenceDocs()) {
  writeFileSync(f.path, f.content);
  console.log(`wrote ${f.path}`);
}
