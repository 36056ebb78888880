/**
 * The layering of `src/` stays as ARCHITECTURE.md draws it: every import is read with
 * TypeScript's parser; the folder graph has no cycle; every import goes down the layer list of
 * `layers.ts` (or stays in its folder); only the IO modules listed there touch the file system,
 * processes, the network, threads, the process, the clock or randomness. The synthetic cases
 * show that each rule fails when it should.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  folderCycles,
  folderGraph,
  ioViolations,
  layerViolations,
  type ModuleFacts,
  readModule,
  staleIoModules,
} from './import-graph.ts';
import { IO_RULE, type IoRule, LAYER_RULE, type LayerRule } from './layers.ts';

const REPO = join(import.meta.dirname, '..', '..');

/** Production modules of `src/` (tests are not part of the layering: they may reach anything). */
function sourceModules(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(REPO, dir)).sort()) {
    const p = `${dir}/${name}`;
    if (statSync(join(REPO, p)).isDirectory()) sourceModules(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const PATHS = sourceModules('src');
const FACTS: ModuleFacts[] = PATHS.map((p) => readModule(p, readFileSync(join(REPO, p), 'utf8')));
const IMPORTS = FACTS.flatMap((f) => f.imports);

/** Synthetic modules: path → text. */
function facts(files: Record<string, string>): ModuleFacts[] {
  return Object.entries(files).map(([p, text]) => readModule(p, text));
}

describe('the imports of src/', () => {
  test('are read from every module', () => {
    assert.ok(PATHS.length > 150, `expected the whole of src/, found ${PATHS.length} modules`);
    assert.ok(IMPORTS.length > 700, `expected the imports of src/, found ${IMPORTS.length}`);
    // Every relative import resolves to a module that exists (a moved file leaves no stale path);
    // `.js` names are files of the bundle (`dist/fleet-worker.js`), not sources.
    const missing = IMPORTS.filter(
      (i) => i.to?.startsWith('src/') && !PATHS.includes(i.to) && !/\.(json|js)$/.test(i.to),
    ).map((i) => `${i.from}:${i.line} → ${i.specifier}`);
    assert.deepEqual(missing, []);
  });

  test('form no cycle between folders', () => {
    const cycles = folderCycles(folderGraph(IMPORTS)).map((c) => c.join(' → '));
    assert.deepEqual(cycles, [], `cycles between folders of src/:\n${cycles.join('\n')}`);
  });

  test('go down the layer list', () => {
    const v = layerViolations(IMPORTS, LAYER_RULE);
    assert.deepEqual(v, [], `layer violations:\n${v.join('\n')}`);
  });

  test('name every folder of src/ in exactly one layer', () => {
    const folders = [...new Set(PATHS.map((p) => p.split('/')[1]!))].filter((f) => !f.endsWith('.ts')).sort();
    const listed = LAYER_RULE.layers.flatMap((l) => l.folders);
    assert.deepEqual([...listed].sort(), [...new Set(listed)].sort(), 'a folder is listed twice');
    assert.deepEqual([...listed].sort(), folders, 'the layer list and the folders of src/ differ');
  });

  test('touch IO only in the IO modules', () => {
    const v = ioViolations(FACTS, IO_RULE);
    assert.deepEqual(v, [], `IO outside the IO modules:\n${v.join('\n')}`);
    assert.deepEqual(staleIoModules(PATHS, IO_RULE), [], 'IO modules listed in layers.ts that do not exist');
  });

  test('ARCHITECTURE.md names the layers and the IO modules of layers.ts', () => {
    const text = readFileSync(join(REPO, 'ARCHITECTURE.md'), 'utf8');
    assert.match(text, /test\/repo\/layers\.ts/);
    for (const layer of LAYER_RULE.layers)
      for (const f of layer.folders) assert.ok(text.includes(`\`src/${f}/\``), `ARCHITECTURE.md: src/${f}/`);
    for (const m of IO_RULE.modules)
      assert.ok(text.includes(`\`${m}\``), `ARCHITECTURE.md does not name ${m}`);
  });
});

describe('the rules fail when they should', () => {
  const rule: LayerRule = {
    layers: [
      { name: 'low', folders: ['a'] },
      { name: 'mid', folders: ['b', 'c'] },
      { name: 'high', folders: ['d'] },
    ],
  };

  test('a synthetic cycle between folders is found, with its path', () => {
    const f = facts({
      'src/a/x.ts': "import { y } from '../b/y.ts';",
      'src/b/y.ts': "export { z } from '../c/z.ts';",
      'src/c/z.ts': "import type { X } from '../a/x.ts';\nexport const z = 1;",
      'src/d/w.ts': "import { y } from '../b/y.ts';",
    });
    assert.deepEqual(folderCycles(folderGraph(f.flatMap((m) => m.imports))), [['a', 'b', 'c', 'a']]);
  });

  test('a dynamic import and a worker entry URL count as imports', () => {
    const f = facts({
      'src/a/x.ts':
        "const m = await import('../d/w.ts');\nnew Worker(new URL('../b/y.ts', import.meta.url));",
    });
    assert.deepEqual(
      f[0]!.imports.map((i) => i.to),
      ['src/d/w.ts', 'src/b/y.ts'],
    );
    assert.equal(layerViolations(f[0]!.imports, rule).length, 2);
  });

  test('an import upwards, or across one layer, is a violation; downwards is not', () => {
    const f = facts({
      'src/a/x.ts': "import { w } from '../d/w.ts';",
      'src/b/y.ts': "import { z } from '../c/z.ts';\nimport { x } from '../a/x.ts';",
      'src/d/w.ts': "import { y } from '../b/y.ts';\nimport { q } from './q.ts';",
      'src/e/u.ts': "import { x } from '../a/x.ts';",
    });
    const v = layerViolations(
      f.flatMap((m) => m.imports),
      rule,
    );
    assert.equal(v.length, 3, v.join('\n'));
    assert.match(v[0]!, /src\/e\/ is in no layer/);
    assert.match(v[1]!, /^src\/a\/x\.ts:1 .*higher layer "high"/);
    assert.match(v[2]!, /^src\/b\/y\.ts:1 .*both in layer "mid"/);
  });

  test('IO outside the IO list is a violation, type-only imports and lookalikes are not', () => {
    const io: IoRule = {
      modules: ['src/d/', 'src/b/y.ts'],
      nodeModules: ['fs', 'os'],
      nodeFunctions: ['crypto.randomBytes'],
    };
    const f = facts({
      'src/a/x.ts': [
        "import { readFileSync } from 'node:fs';",
        "import { createHash, randomBytes } from 'node:crypto';",
        "import type { Stats } from 'node:fs';",
        'const a = process.env.X;',
        'const t = Date.now();',
        'const d = new Date();',
        'const e = new Date(0);',
        'const o = { process: 1 };',
        'o.process;',
      ].join('\n'),
      'src/b/y.ts': "import { cpus } from 'node:os';\nprocess.exit(1);",
      'src/d/w.ts': "import { readFileSync } from 'fs';",
    });
    const v = ioViolations(f, io);
    assert.deepEqual(
      v.map((x) => x.replace(/,.*/, '')),
      [
        'src/a/x.ts:1 imports node:fs',
        'src/a/x.ts:2 imports randomBytes from node:crypto',
        'src/a/x.ts:4 uses process',
        'src/a/x.ts:5 uses Date.now',
        'src/a/x.ts:6 uses new Date()',
      ],
    );
    assert.deepEqual(staleIoModules(['src/d/w.ts'], io), ['src/b/y.ts']);
  });
});
