/** Control characters from specs (ESC, OSC, BEL, C1) never reach the terminal raw. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, copyExamples } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const RAW = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
let fleet: ReturnType<typeof copyExamples>;

describe('terminal output', () => {
  before(() => {
    fleet = copyExamples();
    const spec = join(fleet.dir, 'services', 'acme-api', 'service.yaml');
    // A key with an OSC 8 hyperlink and BEL, a value with a screen clear and a C1 CSI.
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        '  description: Public API used by the Acme integration.',
        '  description: "clear\\e[2J\\x9b31m"\n  "bad\\e]8;;https://evil\\akey\\e[31m": 1',
      ),
    );
  });
  after(() => fleet.cleanup());

  test('diagnostics show control characters escaped (in-process renderer)', async () => {
    const r = await cli(['validate', join(fleet.dir, 'services', 'acme-api', 'service.yaml')], ROOT);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stderr, RAW);
    assert.match(r.stderr, /Unknown key `bad\\x1b\]8;;https:\/\/evil\\x07key\\x1b\[31m`/);
  });

  test('the built CLI sends nothing raw but its own colours, whatever the command prints', () => {
    const env = { ...process.env, CI: '', NO_COLOR: '' };
    for (const argv of [
      ['validate', '--all', '--root', fleet.dir],
      ['fleet', '--root', fleet.dir],
    ]) {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'msp.js'), ...argv], {
        encoding: 'utf8',
        env,
      });
      const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*[mK]/g, '');
      assert.doesNotMatch(out, RAW, argv.join(' '));
    }
  });
});
