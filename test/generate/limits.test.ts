/**
 * Memory at the input limits (docs/limits.md): a spec as large (4 MiB) and as many-valued
 * (100,000 values) as the limits allow, or amplified by aliases up to their cap, validates and
 * generates in bounded memory. Run through the built CLI in a child process, with its peak
 * resident set size measured (never its time: that is in BENCHMARKS.md).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ASSUMED_LIMITS, aliasSpec, longValuesSpec, manyValuesSpec } from '../../scripts/limit-specs.mjs';
import { LIMITS } from '../../src/source/limits.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'msp.js');
/** The stated bound (docs/limits.md): peak resident memory of one msp process at the limits. */
const BOUND_MIB = 512;
const RSS_HOOK =
  'data:text/javascript,process.on("exit",()=>process.stderr.write("peak_rss_kb="+process.resourceUsage().maxRSS+"\\n"))';

let fleet: string;
describe('memory at the input limits', () => {
  test('the specs are built to the limits the reader enforces', () => {
    assert.deepEqual(ASSUMED_LIMITS, { maxFileBytes: LIMITS.maxFileBytes, maxNodes: LIMITS.maxNodes });
  });

  before(() => {
    fleet = mkdtempSync(join(tmpdir(), 'msp-limits-'));
    for (const [id, make] of [
      ['limits-many', manyValuesSpec],
      ['limits-long', longValuesSpec],
      ['limits-alias', aliasSpec],
    ] as const) {
      mkdirSync(join(fleet, 'services', id), { recursive: true });
      const text = make(id);
      assert.ok(Buffer.byteLength(text) <= LIMITS.maxFileBytes);
      writeFileSync(join(fleet, 'services', id, 'service.yaml'), text);
    }
  });
  after(() => rmSync(fleet, { recursive: true, force: true }));

  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', RSS_HOOK, BIN, ...args], {
      encoding: 'utf8',
      env: { ...process.env, CI: '1', NO_COLOR: '1' },
    });
    const peak = Number(/peak_rss_kb=(\d+)/.exec(r.stderr)?.[1] ?? 'NaN') / 1024;
    return { status: r.status, stderr: r.stderr, stdout: r.stdout, peak };
  };

  for (const id of ['limits-many', 'limits-long', 'limits-alias'])
    test(`${id}: validate and generate stay under ${BOUND_MIB} MiB`, () => {
      const v = run(['validate', join(fleet, 'services', id, 'service.yaml')]);
      assert.equal(v.status, 0, v.stderr);
      assert.ok(v.peak < BOUND_MIB, `validate peaked at ${v.peak.toFixed(0)} MiB`);
      const g = run(['generate', id, '--root', fleet, '--allow-placeholders']);
      assert.equal(g.status, 0, g.stderr);
      assert.match(g.stdout, /1 generated/);
      assert.ok(g.peak < BOUND_MIB, `generate peaked at ${g.peak.toFixed(0)} MiB`);
    });

  test('one value more than the limit is refused before parsing, in little memory', () => {
    const text = manyValuesSpec('limits-over').replace(
      '    env:\n',
      `    env:\n${'      X: "1"\n'.repeat(300)}`,
    );
    mkdirSync(join(fleet, 'services', 'limits-over'), { recursive: true });
    writeFileSync(join(fleet, 'services', 'limits-over', 'service.yaml'), text);
    const v = run(['validate', join(fleet, 'services', 'limits-over', 'service.yaml')]);
    assert.equal(v.status, 1);
    assert.match(v.stderr, /error SPEC_TOO_MANY_VALUES: The document has more than 100,000 values/);
    assert.ok(v.peak < 200, `peaked at ${v.peak.toFixed(0)} MiB`);
  });
});
