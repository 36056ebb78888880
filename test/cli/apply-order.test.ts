/** `msp apply-order`: the apply-order graph printed in-process on the example fleet. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cli, EXAMPLES } from '../support/cli.ts';

describe('msp apply-order', () => {
  test('text: every step of every environment in order, with its run triggers', async () => {
    const r = await cli(['apply-order', 'release-registry', '--root', EXAMPLES], EXAMPLES);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'Apply order of release-registry (each step after the ones it names):');
    assert.deepEqual(
      lines.slice(1, 11).map((l) => l.trim().split(/\s+/)[1]),
      ['dev', 'prod'].flatMap((e) =>
        ['tfcworkspaces', 'project', 'iam', 'cloudrun', 'monitoring'].map((s) => `${e}/${s}`),
      ),
    );
    assert.match(r.stdout, /prod\/iam .* after prod\/project \[run trigger\], dev\/iam \[run trigger\]/);
  });

  test('json and mermaid', async () => {
    const j = await cli(['apply-order', 'acme-api', '--format', 'json', '--root', EXAMPLES], EXAMPLES);
    assert.equal(j.code, 0, j.stderr);
    const order = JSON.parse(j.stdout);
    assert.equal(order.service, 'acme-api');
    assert.ok(
      order.edges.some(
        (e: { from: string; to: string }) => e.from === 'prod/iam' && e.to === 'prod/cloudrun',
      ),
    );
    const m = await cli(['apply-order', 'acme-api', '--format', 'mermaid', '--root', EXAMPLES], EXAMPLES);
    assert.match(m.stdout, /^flowchart LR\n/);
  });

  test('usage errors: unknown format, unknown service', async () => {
    const f = await cli(['apply-order', 'acme-api', '--format', 'dot', '--root', EXAMPLES], EXAMPLES);
    assert.equal(f.code, 2);
    assert.match(f.stderr, /unknown --format "dot"/);
    const s = await cli(['apply-order', 'nope', '--root', EXAMPLES], EXAMPLES);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /service "nope" does not exist/);
  });
});
