/**
 * The README's "Your own fleet" quick start, run as written: its two `sh` blocks are read out of
 * README.md (so the README and the test cannot drift apart), run by bash in an empty temp folder
 * with `msp` being the built CLI, and between them the user's edit (test/support/fill-in.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BUILT_CLI } from '../support/cli.ts';
import { fillInPlatform, fillInSpecs } from '../support/fill-in.ts';

const README = join(import.meta.dirname, '..', '..', 'README.md');

/** The `sh` blocks of the README section `## <title>`. */
function readmeShellBlocks(markdown: string, title: string): string[] {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${title}" section`);
  const rest = markdown.slice(start + 1);
  const next = rest.indexOf('\n## ', 1);
  const section = next < 0 ? rest : rest.slice(0, next);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

const temps: string[] = [];
after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** Runs a README block with bash, `msp` being the built CLI; returns the folder it ended in. */
function runBlock(block: string, cwd: string): { stdout: string; stderr: string; endedIn: string } {
  const script = `set -euo pipefail\nmsp() { node ${JSON.stringify(BUILT_CLI)} "$@"; }\n${block}\necho "@@cwd=$(pwd)"\n`;
  const r = spawnSync('bash', ['-c', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1' },
  });
  assert.equal(
    r.status,
    0,
    `the README block failed (exit ${r.status}):\n${block}\n${r.stdout}\n${r.stderr}`,
  );
  const m = /@@cwd=(.*)\n$/.exec(r.stdout);
  assert.ok(m, r.stdout);
  return { stdout: r.stdout, stderr: r.stderr, endedIn: m[1]! };
}

test('the README "Your own fleet" quick start works as written, from an empty folder to the catalog', () => {
  const blocks = readmeShellBlocks(readFileSync(README, 'utf8'), 'Your own fleet');
  assert.equal(blocks.length, 2, 'two sh blocks: before and after filling in');
  const [before, afterFill] = blocks as [string, string];
  assert.match(before, /^msp init\b/m);
  assert.match(afterFill, /^msp generate --all\b/m);

  const home = mkdtempSync(join(tmpdir(), 'msp-readme-'));
  temps.push(home);
  const first = runBlock(before, home);
  const fleet = first.endedIn;
  // Before filling in: valid, with warnings naming what is left to do.
  assert.match(first.stdout, /specs? valid \(\d+ warnings\)/);
  assert.match(first.stderr, /warning PLATFORM_PLACEHOLDER/);
  assert.match(first.stderr, /warning SPEC_TODO/);

  // The owners the README's commands used get their teams, as the README asks.
  fillInPlatform(fleet, ['commerce', 'data']);
  fillInSpecs(fleet);

  const second = runBlock(`cd ${JSON.stringify(fleet)}\n${afterFill}`, home);
  assert.doesNotMatch(second.stdout + second.stderr, /warning|error/, second.stdout + second.stderr);
  assert.match(second.stdout, /specs valid\n/);
  for (const f of [
    'services/orders/terraform/prod/stacks/cloudrun/main.tf.json',
    'services/nightly-sync/terraform/dev/stacks/cloudrun/main.tf.json',
    'services/orders/docs/operations.md',
    'platform/terraform',
    'docs/services.md',
    'site/index.html',
  ])
    assert.ok(existsSync(join(fleet, f)), `${f} was not written`);
});
