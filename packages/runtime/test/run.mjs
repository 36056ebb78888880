// Runs the runtime's tests with node's test runner (Node 20 has no glob for --test).
// `*.test.ts` are unit tests; `*.integration.test.ts` need the servers of scripts/test-services.sh
// (npm test starts them). `--unit` runs the unit tests only.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeTests } from '../../../scripts/node-test.mjs';

const dir = dirname(fileURLToPath(import.meta.url));
const unitOnly = process.argv.includes('--unit');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

let files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => !unitOnly || !f.endsWith('.integration.test.ts'))
  .sort()
  .map((f) => join('test', f));
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
if (!unitOnly && files.some((f) => f.endsWith('.integration.test.ts')) && !process.env.TEST_PG_DSN) {
  console.error(
    'integration tests need the servers: run `npm test` (it goes through scripts/test-services.sh) or pass --unit',
  );
  process.exit(1);
}
// One file at a time: integration tests stop and start the shared PostgreSQL and Redis.
process.exit(
  runNodeTests(files, { testArgs: ['--test-concurrency=1', '--test-force-exit'], cwd: join(dir, '..') }),
);
