// Bundles the CLI into one ES module file so `msp` starts without resolving hundreds of modules.

import { chmodSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });

import { build } from 'esbuild';

await build({
  // Code splitting: commands and generators load lazily from chunks, so `msp validate`
  // compiles only what it runs. Chunks sit beside msp.js; the fleet pool's worker threads start
  // fleet-worker.js, their own entry, which shares the chunks.
  entryPoints: { msp: 'src/cli/main.ts', 'fleet-worker': 'src/fleet/worker-entry.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __mspCreateRequire } from 'node:module';\nconst require = __mspCreateRequire(import.meta.url);",
  },
  // The HCL parser loads its WebAssembly file from its own package folder: not bundled.
  external: ['@cdktn/hcl2json'],
  logLevel: 'warning',
});
chmodSync('dist/msp.js', 0o755);
