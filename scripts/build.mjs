// Bundles the CLI into one ES module file so `msp` starts without resolving hundreds of modules.

import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/msp.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __mspCreateRequire } from 'node:module';\nconst require = __mspCreateRequire(import.meta.url);",
  },
  // Worker entry for fleet-wide generation, bundled the same way.
  logLevel: 'warning',
});
chmodSync('dist/msp.js', 0o755);
