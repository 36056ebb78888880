/**
 * Invalid rollout specs are rejected at validation (`parseSpec`), each with an error located on
 * the offending node. The specs are small edits of the example rollout service.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXAMPLES_ROOT, examplePlatform } from '../../test/support/examples.ts';
import { type Diagnostic, formatPath } from '../diagnostics/diagnostic.ts';
import { parseSpec } from '../pipeline/parse-spec.ts';

const FILE = 'services/release-registry/service.yaml';
const BASE = readFileSync(join(EXAMPLES_ROOT, 'services', 'release-registry', 'service.yaml'), 'utf8');

/** `from` must occur exactly once in the example, so every edit is the one intended. */
function edit(from: string, to: string, text = BASE): string {
  assert.equal(text.split(from).length, 2, `expected exactly one ${JSON.stringify(from)} in the example`);
  return text.replace(from, to);
}

function errors(text: string): Diagnostic[] {
  const r = parseSpec({ file: FILE, text, platform: examplePlatform() });
  const errs = r.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(r.value, undefined, 'an invalid spec yields no value');
  return errs;
}

/** The 1-based line of the `n`-th line of `text` containing `needle`. */
function lineOf(text: string, needle: string, n = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i]!.includes(needle) && ++seen === n) return i + 1;
  throw new Error(`no ${JSON.stringify(needle)} (#${n}) in the spec`);
}

/** Asserts exactly one error, with `code`, at `path`, on `line`, whose message matches `message`. */
function assertOneError(
  text: string,
  want: { path: string; line: number; message: RegExp; upstream?: string },
) {
  const errs = errors(text);
  const show = errs.map((d) => `${d.range?.start.line}:${formatPath(d.path)} ${d.message}`).join('\n');
  assert.equal(errs.length, 1, `one error expected, got:\n${show}`);
  const d = errs[0]!;
  assert.match(d.code, /^SPEC_ROLLOUT_/);
  assert.equal(formatPath(d.path), want.path);
  assert.match(d.message, want.message);
  assert.ok(d.range, 'the error is located');
  assert.equal(d.range.file, FILE);
  assert.equal(d.range.start.line, want.line, show);
  if (want.upstream) assert.equal(d.upstream, want.upstream);
}

describe('rollout validation', () => {
  it('accepts the example rollout service', () => {
    const r = parseSpec({ file: FILE, text: BASE, platform: examplePlatform() });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepEqual(r.value?.rollout?.stages, ['dev', 'prod']);
  });

  it('rejects a stage naming an unknown environment, on that stage, with a suggestion', () => {
    const text = edit('    - environment: prod\n', '    - environment: prd\n    - environment: prod\n');
    assertOneError(text, {
      path: 'rollout.stages[1].environment',
      line: lineOf(text, '- environment: prd'),
      message: /unknown environment "prd"/,
      upstream: 'rollout stage references unknown environment "prd"',
    });
    assert.match(errors(text)[0]!.hint ?? '', /"prod"/);
  });

  it('rejects an environment listed twice, on the repetition', () => {
    const text = edit('    - environment: prod\n', '    - environment: prod\n    - environment: dev\n');
    assertOneError(text, {
      path: 'rollout.stages[2].environment',
      line: lineOf(text, '- environment: dev', 2),
      message: /environment "dev" more than once/,
      upstream: 'rollout stage references environment "dev" more than once',
    });
  });

  it('rejects a stage whose environment does not deploy by rollout, on the stage', () => {
    const text = edit(
      '    projectID: release-registry-prod-5421\n    category: internal\n    deploy:\n      type: rollout\n',
      '    projectID: release-registry-prod-5421\n    category: internal\n    deploy:\n      type: manual\n',
    );
    assertOneError(text, {
      path: 'rollout.stages[1].environment',
      line: lineOf(text, '- environment: prod'),
      message: /"prod" is a rollout stage, so its deploy type must be `rollout`/,
      upstream: `environment "prod" is referenced in a rollout stage - deploy type must be 'rollout'`,
    });
  });

  it('rejects an environment that deploys by rollout but is in no stage, on its deploy type', () => {
    const text = edit('    - environment: dev\n', '');
    assertOneError(text, {
      path: 'environments[0].deploy.type',
      line: lineOf(text, 'type: rollout', 1),
      message: /"dev" has deploy type `rollout` but is not in `rollout.stages`/,
    });
  });

  it('rejects a rollout without stages, on `stages`', () => {
    const text = edit(
      '  stages:\n    - environment: dev\n    - environment: prod\n',
      '  stages: []\n',
    ).replaceAll('      type: rollout\n', '      type: manual\n');
    assertOneError(text, {
      path: 'rollout.stages',
      line: lineOf(text, 'stages: []'),
      message: /Rollout has no stages/,
      upstream: 'rollout spec is defined but contains no stages',
    });
  });

  it('rejects a job with a rollout, on `rollout` and on each environment deploying by rollout', () => {
    const text = edit(
      '  description: Tracks published releases.\n',
      '  description: Tracks published releases.\n  kind: job\n',
    )
      .replace(/ {4}domain:\n {6}type: cloudflare\n {6}cloudflare:\n(?: {8}.*\n)+/g, '')
      .replace('    healthProbes:\n      healthzProbes: false\n', '')
      .replace('    authentication:\n      sourcegraph: true\n', '')
      .replace('      scaling:\n        maxCount: 5\n', '');
    const errs = errors(text);
    const show = errs
      .map((d) => `${d.range?.start.line}:${formatPath(d.path)} ${d.code} ${d.message}`)
      .join('\n');
    const onRollout = errs.filter((d) => formatPath(d.path) === 'rollout');
    assert.equal(onRollout.length, 1, show);
    assert.equal(onRollout[0]!.code, 'SPEC_ROLLOUT_FOR_JOB');
    assert.match(onRollout[0]!.message, /only for kind service/);
    assert.equal(onRollout[0]!.range?.start.line, lineOf(text, 'rollout:'));
    const onDeploy = errs.filter(
      (d) => d.code === 'SPEC_JOB_ROLLOUT_DEPLOY' && /deploy\.type$/.test(formatPath(d.path)),
    );
    assert.deepEqual(
      onDeploy.map((d) => [formatPath(d.path), d.range?.start.line]),
      [
        ['environments[0].deploy.type', lineOf(text, 'type: rollout', 1)],
        ['environments[1].deploy.type', lineOf(text, 'type: rollout', 2)],
      ],
      show,
    );
    assert.ok(
      errs.every((d) => d.range !== undefined),
      `every error is located:\n${show}`,
    );
  });
});
