/**
 * Fixture-driven tests of the fleet rules (docs/validation.md): each folder under
 * `test/fixtures/fleet/{valid,invalid}/` is a small fleet (`platform.yaml`, `services/<id>/…`).
 * It goes through what `msp validate --all` runs: discovery, the per-spec validate task, then the
 * rules across services. Every diagnostic must match a marker: `# ERROR: CODE` / `# WARNING: CODE`
 * on its line in any YAML file of the fixture, or, for diagnostics about folders (no line), a
 * `<severity> <file> <code>` line in the fixture's `expected.txt`.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe as group, test } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { checkFleet, type FleetEntry } from '../../src/fleet/checks.ts';
import { validateTask } from '../../src/fleet/task-validate.ts';
import { scanServices } from '../../src/io/discover.ts';
import { locateInFiles } from '../../src/io/load.ts';
import { parsePlatformConfig } from '../../src/platform/parse.ts';
import { describe, readMarkers } from '../support/markers.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'fleet');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(n)) out.push(p);
  }
  return out;
}

/** What the fixture expects: `<severity> <file>:<line> <code>` (line 0 for folder diagnostics). */
function expected(root: string): string[] {
  const out: string[] = [];
  for (const f of yamlFiles(root)) {
    const m = readMarkers(readFileSync(f, 'utf8'));
    const file = relative(root, f);
    for (const p of m.errors) out.push(`error ${file}:${p}`);
    for (const p of m.warnings) out.push(`warning ${file}:${p}`);
  }
  const extra = join(root, 'expected.txt');
  if (existsSync(extra))
    for (const line of readFileSync(extra, 'utf8').split('\n')) {
      const m = /^(error|warning) (\S+) ([A-Z0-9_]+)$/.exec(line.trim());
      if (m) out.push(`${m[1]} ${m[2]}:0 ${m[3]}`);
    }
  return out.sort();
}

/** The diagnostics of `msp validate --all` on the fixture, in the same form. */
function run(root: string): { keys: string[]; diagnostics: Diagnostic[] } {
  const platform = parsePlatformConfig(readFileSync(join(root, 'platform.yaml')), 'platform.yaml');
  assert.ok(platform.value, `${root}: platform.yaml is invalid:\n${describe(platform.diagnostics)}`);
  const scan = scanServices(root);
  const diagnostics: Diagnostic[] = [...platform.diagnostics, ...scan.problems];
  const entries: FleetEntry[] = [];
  for (const id of scan.ids) {
    const r = validateTask(id, { root, cwd: root }, platform.value);
    diagnostics.push(...r.diagnostics);
    if (r.raw) entries.push({ dirName: r.id, file: r.file, raw: r.raw });
  }
  diagnostics.push(...locateInFiles(checkFleet(entries), root));
  const keys = diagnostics.map(
    (d) =>
      `${d.severity} ${d.range?.file ?? d.file ?? 'platform.yaml'}:${d.range?.start.line ?? 0} ${d.code}`,
  );
  return { keys: keys.sort(), diagnostics };
}

group('fleet fixtures', () => {
  for (const kind of ['valid', 'invalid'] as const)
    for (const name of readdirSync(join(DIR, kind)).sort())
      test(`${kind}/${name}`, () => {
        const root = join(DIR, kind, name);
        const want = expected(root);
        if (kind === 'valid')
          assert.ok(!want.some((k) => k.startsWith('error ')), 'valid fixtures carry no ERROR');
        else
          assert.ok(
            want.some((k) => k.startsWith('error ')),
            'an invalid fixture needs an ERROR marker',
          );
        const got = run(root);
        assert.deepEqual(got.keys, want, `diagnostics were\n${describe(got.diagnostics)}`);
        // A duplicate points at its first use in another file.
        for (const d of got.diagnostics.filter((d) => d.code.startsWith('FLEET_DUPLICATE_')))
          assert.ok(d.related?.[0]?.range, `${d.code}: the first use is located`);
      });

  test('every fleet rule is exercised by a fixture', () => {
    const src = join(import.meta.dirname, '..', '..', 'src');
    const codes = new Set<string>();
    for (const n of ['fleet/checks.ts', 'io/discover.ts'])
      for (const m of readFileSync(join(src, n), 'utf8').matchAll(/'(FLEET_[A-Z_]+)'/g)) codes.add(m[1]!);
    const marked = new Set<string>();
    for (const kind of ['valid', 'invalid'])
      for (const name of readdirSync(join(DIR, kind)))
        for (const k of expected(join(DIR, kind, name))) marked.add(k.split(' ')[2]!);
    // Unreadable folders and broken links are made by test/cli/safety.test.ts: a checkout
    // carries neither permissions nor (on every system) dangling links.
    const elsewhere = new Set(['FLEET_UNREADABLE', 'FLEET_BROKEN_LINK']);
    assert.deepEqual([...codes].filter((c) => !marked.has(c) && !elsewhere.has(c)).sort(), []);
  });
});
