/**
 * Checks escaping and Terraform JSON forms against the real `terraform` binary, when there is
 * one on PATH. Only provider-free configurations (outputs, variables, locals, terraform_data,
 * terraform_remote_state), so nothing is downloaded. Terraform is in neither Debian's nor npm's
 * registry, so CI usually has no binary: then these tests are skipped LOUDLY (a stderr line and a
 * SKIP reason naming the stand-in). The stand-in that always runs is escape.property.test.ts,
 * which reads our escaping back with an independent unescaper over the same tricky strings.
 */

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about strings holding ${ and %{ literally

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { TEST_HEADER, trickyString } from '../../test/support/terraform.ts';
import { fn, interpolate } from './expr.ts';
import { serializeStack } from './serialize.ts';
import { createStack } from './stack.ts';

function findTerraform(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'terraform');
    const r = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

const terraform = findTerraform();
const SKIP_REASON =
  'SKIPPED: real-terraform escaping check (no terraform binary on PATH; it is in neither the Debian nor the npm registry). Escaping is still checked by src/terraform/escape.property.test.ts';
if (!terraform) process.stderr.write(`\n*** ${SKIP_REASON} ***\n\n`);
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs terraform in `dir` offline, with an empty CLI config; throws with its output on failure. */
function run(dir: string, args: string[]): string {
  const rc = join(dir, 'empty.tfrc');
  writeFileSync(rc, '');
  const r = spawnSync(terraform!, args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      TF_IN_AUTOMATION: '1',
      TF_CLI_CONFIG_FILE: rc,
      CHECKPOINT_DISABLE: '1',
      TF_INPUT: '0',
    },
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function workdir(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'msp-tf-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'main.tf.json'), config);
  return dir;
}

/** Fixed strings that matter most, then random ones from the property test's generator. */
function samples(): string[] {
  const fixed = [
    '',
    '${x}',
    '%{ if true }y%{ endif }',
    '$${x}',
    '%%{x}',
    '$$${x}',
    '$',
    '$$',
    'a$',
    '%',
    '\\${x}',
    '"${"}"',
    'line\nbreak\ttab',
    'ünïcödé 😀',
    '~}${~',
  ];
  const random = fc.sample(trickyString(), { numRuns: 50 - fixed.length, seed: 20240601 });
  return [...fixed, ...random];
}

describe('terraform reads our escaping back unchanged', () => {
  it('literal strings, interpolate templates and HCL string arguments', (t) => {
    if (!terraform) {
      t.skip(SKIP_REASON);
      return;
    }
    const strings = samples();
    const s = createStack({
      name: 'escape',
      header: TEST_HEADER,
      backend: { type: 'local', path: 'terraform.tfstate' },
    });
    const v = s.variable('x', { type: 'string', default: '<X>' });
    strings.forEach((text, i) => {
      s.output(`literal_${i}`, { value: text });
      s.output(`template_${i}`, { value: interpolate`${text}${v.ref()}${text}` });
      s.output(`argument_${i}`, { value: fn('join', '', [text]) });
      s.output(`list_${i}`, { value: [text, { [text || 'k']: text }] });
    });
    const dir = workdir(serializeStack(s));
    run(dir, ['init', '-input=false', '-no-color']);
    run(dir, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock=false']);
    const outputs = JSON.parse(run(dir, ['output', '-json', '-no-color'])) as Record<
      string,
      { value: unknown }
    >;
    // Terraform normalises string literals to Unicode NFC; compare normalised.
    const nfc = (x: string) => x.normalize('NFC');
    strings.forEach((text, i) => {
      const what = JSON.stringify(text);
      assert.equal(outputs[`literal_${i}`]?.value, nfc(text), `literal ${what}`);
      assert.equal(outputs[`template_${i}`]?.value, nfc(`${text}<X>${text}`), `template ${what}`);
      assert.equal(outputs[`argument_${i}`]?.value, nfc(text), `argument ${what}`);
      assert.deepEqual(
        outputs[`list_${i}`]?.value,
        [nfc(text), { [nfc(text || 'k')]: nfc(text) }],
        `list ${what}`,
      );
    });
  });

  it('accepts our meta-argument forms, remote state and the "//" header', (t) => {
    if (!terraform) {
      t.skip(SKIP_REASON);
      return;
    }
    const s = createStack({ name: 'meta', header: TEST_HEADER, requiredVersion: '>= 1.4' });
    const a = s.resource('terraform_data', 'a', { input: { v: '${not a ref}' } });
    s.resource(
      'terraform_data',
      'b',
      { input: a.ref('output'), triggers_replace: [a.id] },
      { depends_on: [a], lifecycle: { create_before_destroy: true, ignore_changes: ['input'] } },
    );
    s.resource(
      'terraform_data',
      'c',
      { input: 1 },
      { lifecycle: { ignore_changes: 'all', prevent_destroy: false } },
    );
    const rs = s.remoteState('other', { backend: 'local', config: { path: 'other.tfstate' } });
    s.local('from_remote', rs.output('x'));
    s.output('b', { value: interpolate`b=${a.ref('output.v')}` });
    const dir = workdir(serializeStack(s));
    run(dir, ['init', '-backend=false', '-input=false', '-no-color']);
    const out = run(dir, ['validate', '-json', '-no-color']);
    assert.equal((JSON.parse(out) as { valid: boolean }).valid, true, out);
  });
});
