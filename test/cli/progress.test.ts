/** Long fleet runs show progress on a terminal and stay quiet otherwise (CI, pipes). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/program.ts';
import { capturedIO } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let fleet: string;

async function run(argv: string[], isTTY: boolean) {
  const { io, out } = capturedIO(ROOT, { isTTY });
  const code = await runCli(argv, io);
  return { code, stderr: out.stderr };
}

describe('progress on long fleet runs', () => {
  before(() => {
    fleet = mkdtempSync(join(tmpdir(), 'msp-progress-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'make-fleet.mjs'), fleet, '24'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => rmSync(fleet, { recursive: true, force: true }));

  for (const [cmd, word] of [
    ['validate', 'validating'],
    ['generate', 'generating'],
  ] as const)
    it(`${cmd} --all shows a counter on a terminal only`, async () => {
      const tty = await run(
        [cmd, '--all', '--root', fleet, ...(cmd === 'generate' ? ['--dry-run'] : [])],
        true,
      );
      assert.equal(tty.code, 0, tty.stderr);
      assert.match(tty.stderr, new RegExp(`${word} \\d+/24`));
      const piped = await run(
        [cmd, '--all', '--root', fleet, ...(cmd === 'generate' ? ['--dry-run'] : [])],
        false,
      );
      assert.equal(piped.code, 0);
      assert.doesNotMatch(piped.stderr, new RegExp(word));
    });
});
