// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fake gcloud is a bash script
/**
 * The Skaffold assets: `skaffold.yaml` against the documented Skaffold shape (apiVersion, kind,
 * custom actions with named containers and images), the custom actions matching the target type,
 * the archive reproducible and well-formed, and the render/deploy scripts run under bash against a
 * fake `gcloud`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import {
  CLOUD_SDK_IMAGE,
  DEPLOY_SCRIPT,
  deployParameterEnv,
  RENDER_SCRIPT,
  SKAFFOLD_API_VERSION,
  skaffoldArchive,
  skaffoldYaml,
} from './assets.ts';
import { CUSTOM_TARGET_TYPE, DEPLOY_PARAMETERS, SKAFFOLD } from './model.ts';
import { tar, tarGz } from './tar.ts';

/** Keys Skaffold v4beta7 documents for a custom action and for its containers. */
const ACTION_KEYS = new Set(['name', 'containers', 'timeout', 'failFast', 'dependencies']);
const CONTAINER_KEYS = new Set(['name', 'image', 'command', 'args', 'env']);

/** Checks a parsed Skaffold config against the documented shape; returns the problems found. */
function skaffoldShapeProblems(doc: unknown): string[] {
  const out: string[] = [];
  if (typeof doc !== 'object' || doc === null) return ['not a mapping'];
  const d = doc as Record<string, unknown>;
  if (d.apiVersion !== SKAFFOLD_API_VERSION) out.push(`apiVersion ${String(d.apiVersion)}`);
  if (d.kind !== 'Config') out.push(`kind ${String(d.kind)}`);
  for (const k of Object.keys(d))
    if (!['apiVersion', 'kind', 'metadata', 'customActions'].includes(k)) out.push(`unexpected key ${k}`);
  if (!Array.isArray(d.customActions) || d.customActions.length === 0) return [...out, 'no customActions'];
  const names = new Set<string>();
  d.customActions.forEach((a: Record<string, unknown>, i: number) => {
    const at = `customActions[${i}]`;
    for (const k of Object.keys(a)) if (!ACTION_KEYS.has(k)) out.push(`${at}: unexpected key ${k}`);
    if (typeof a.name !== 'string' || a.name === '') out.push(`${at}: name required`);
    else if (names.has(a.name)) out.push(`${at}: duplicate name ${a.name}`);
    else names.add(a.name);
    if (!Array.isArray(a.containers) || a.containers.length === 0) out.push(`${at}: containers required`);
    else
      a.containers.forEach((c: Record<string, unknown>, j: number) => {
        for (const k of Object.keys(c))
          if (!CONTAINER_KEYS.has(k)) out.push(`${at}.containers[${j}]: unexpected key ${k}`);
        if (typeof c.name !== 'string' || c.name === '') out.push(`${at}.containers[${j}]: name required`);
        if (typeof c.image !== 'string' || c.image === '') out.push(`${at}.containers[${j}]: image required`);
        for (const k of ['command', 'args'])
          if (
            c[k] !== undefined &&
            !(Array.isArray(c[k]) && c[k].every((x: unknown) => typeof x === 'string'))
          )
            out.push(`${at}.containers[${j}].${k}: list of strings expected`);
      });
  });
  return out;
}

/** Entries of a ustar archive: name, header fields and content. */
function readTar(bytes: Uint8Array) {
  const entries: {
    name: string;
    mode: string;
    uid: string;
    gid: string;
    mtime: string;
    type: string;
    magic: string;
    content: string;
  }[] = [];
  const str = (h: Uint8Array, o: number, n: number) =>
    Buffer.from(h.subarray(o, o + n))
      .toString('latin1')
      .replace(/\0.*$/s, '');
  let at = 0;
  while (at + 512 <= bytes.length) {
    const h = bytes.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const stored = Number.parseInt(str(h, 148, 8).trim(), 8);
    let sum = 0;
    h.forEach((b, i) => {
      sum += i >= 148 && i < 156 ? 32 : b;
    });
    assert.equal(stored, sum, 'header checksum');
    const size = Number.parseInt(str(h, 124, 12), 8);
    entries.push({
      name: str(h, 0, 100),
      mode: str(h, 100, 8),
      uid: str(h, 108, 8),
      gid: str(h, 116, 8),
      mtime: str(h, 136, 12),
      type: str(h, 156, 1),
      magic: str(h, 257, 6),
      content: Buffer.from(bytes.subarray(at + 512, at + 512 + size)).toString('utf8'),
    });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  assert.equal(bytes.length, at + 1024, 'two zero blocks end the archive');
  assert.ok(bytes.subarray(at).every((b) => b === 0));
  return entries;
}

describe('skaffold.yaml', () => {
  const doc = parse(skaffoldYaml());

  it('has the documented Skaffold shape', () => {
    assert.deepEqual(skaffoldShapeProblems(doc), []);
  });

  it('defines exactly the render and deploy actions the custom target type names', () => {
    const names = doc.customActions.map((a: { name: string }) => a.name);
    assert.deepEqual(names, [CUSTOM_TARGET_TYPE.renderAction, CUSTOM_TARGET_TYPE.deployAction]);
    for (const a of doc.customActions) {
      assert.equal(a.containers.length, 1);
      assert.equal(a.containers[0].image, CLOUD_SDK_IMAGE);
      assert.deepEqual(a.containers[0].command, ['/bin/bash']);
    }
    assert.deepEqual(doc.customActions[0].containers[0].args, ['-c', RENDER_SCRIPT]);
    assert.deepEqual(doc.customActions[1].containers[0].args, ['-c', DEPLOY_SCRIPT]);
  });

  it('reads every target deploy parameter and the release tag', () => {
    for (const p of Object.values(DEPLOY_PARAMETERS)) assert.ok(RENDER_SCRIPT.includes(p.split('/')[1]!), p);
    assert.ok(RENDER_SCRIPT.includes(deployParameterEnv(DEPLOY_PARAMETERS.tag)));
    assert.equal(deployParameterEnv('customTarget/projectID'), 'CLOUD_DEPLOY_customTarget_projectID');
  });

  it('holds no Skaffold template syntax', () => {
    assert.ok(!skaffoldYaml().includes('{{'));
  });

  it('rejects a broken config (the shape check is not vacuous)', () => {
    assert.notDeepEqual(skaffoldShapeProblems({ ...doc, apiVersion: 'skaffold/v2' }), []);
    assert.notDeepEqual(
      skaffoldShapeProblems({ ...doc, customActions: [{ name: 'x', containers: [{ name: 'c' }] }] }),
      [],
    );
    assert.notDeepEqual(skaffoldShapeProblems({ apiVersion: SKAFFOLD_API_VERSION, kind: 'Config' }), []);
  });
});

describe('skaffold source archive', () => {
  it('is byte-stable across runs', () => {
    assert.deepEqual(skaffoldArchive(), skaffoldArchive());
    assert.deepEqual(tarGz([{ name: 'a', content: 'x' }]), tarGz([{ name: 'a', content: 'x' }]));
  });

  it('is a gzip with mtime 0 and a fixed OS byte, holding skaffold.yaml only', () => {
    const gz = skaffoldArchive();
    assert.deepEqual([...gz.subarray(0, 4)], [0x1f, 0x8b, 8, 0], 'gzip, deflate, no flags');
    assert.deepEqual([...gz.subarray(4, 8)], [0, 0, 0, 0], 'mtime 0');
    assert.equal(gz[9], 255, 'OS unknown');
    const entries = readTar(gunzipSync(gz));
    assert.deepEqual(
      entries.map((e) => e.name),
      [SKAFFOLD.configFile],
    );
    const e = entries[0]!;
    assert.deepEqual(
      [e.mode, e.uid, e.gid, e.mtime, e.type, e.magic],
      ['0000644', '0000000', '0000000', '00000000000', '0', 'ustar'],
    );
    assert.equal(e.content, skaffoldYaml());
  });

  it('sorts entries and rejects unsafe or duplicate names', () => {
    const entries = readTar(
      tar([
        { name: 'b/c.txt', content: 'bc' },
        { name: 'a.txt', content: new Uint8Array([104, 105]) },
      ]),
    );
    assert.deepEqual(
      entries.map((e) => [e.name, e.content]),
      [
        ['a.txt', 'hi'],
        ['b/c.txt', 'bc'],
      ],
    );
    assert.throws(() => tar([{ name: '/abs', content: '' }]), /relative/);
    assert.throws(() => tar([{ name: 'a/../b', content: '' }]), /relative/);
    assert.throws(() => tar([{ name: 'x'.repeat(101), content: '' }]), /bad entry name/);
    assert.throws(
      () =>
        tar([
          { name: 'a', content: '' },
          { name: 'a', content: '' },
        ]),
      /duplicate/,
    );
  });

  it('pads content to 512-byte blocks', () => {
    for (const n of [0, 1, 511, 512, 513]) {
      const t = tar([{ name: 'f', content: 'x'.repeat(n) }]);
      assert.equal(t.length, 512 + Math.ceil(n / 512) * 512 + 1024);
      assert.equal(readTar(t)[0]!.content.length, n);
    }
  });
});

const hasBash = spawnSync('bash', ['-c', 'exit 0']).status === 0;

describe('custom action scripts under bash', { skip: !hasBash && 'bash is not available' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'msp-rollout-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(dir, 'bin');
  const gcs = join(dir, 'gcs');
  mkdirSync(bin);
  mkdirSync(gcs);
  // A fake gcloud: `storage cp` maps gs://b/o to $FAKE_GCS/b/o; `run deploy` records its arguments.
  writeFileSync(
    join(bin, 'gcloud'),
    [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      'map() { if [[ "$1" == gs://* ]]; then printf "%s" "${FAKE_GCS}/${1#gs://}"; else printf "%s" "$1"; fi; }',
      'if [[ "$1 $2" == "storage cp" ]]; then',
      '  dst="$(map "$4")"; mkdir -p "$(dirname "${dst}")"; cp "$(map "$3")" "${dst}"; exit 0',
      'fi',
      'if [[ "$1 $2" == "run deploy" ]]; then',
      '  shift 2; printf "%s\\n" "$@" > "${FAKE_GCS}/run-deploy-args"; exit "${FAKE_RUN_EXIT:-0}"',
      'fi',
      'echo "unexpected gcloud $*" >&2; exit 2',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'gcloud'), 0o755);

  const targetParams = {
    [deployParameterEnv(DEPLOY_PARAMETERS.service)]: 'svc-dev-us-west1',
    [deployParameterEnv(DEPLOY_PARAMETERS.projectID)]: 'svc-dev-1234',
    [deployParameterEnv(DEPLOY_PARAMETERS.region)]: 'us-west1',
    [deployParameterEnv(DEPLOY_PARAMETERS.image)]: 'us-docker.pkg.dev/acme/images/svc',
  };
  const run = (script: string, env: Record<string, string>) =>
    spawnSync('bash', ['-c', script], {
      env: { PATH: `${bin}:${process.env.PATH}`, FAKE_GCS: gcs, CLOUD_DEPLOY_TARGET: 'dev-us-west1', ...env },
      encoding: 'utf8',
    });
  const read = (p: string) => readFileSync(join(gcs, p), 'utf8');

  it('are valid bash', () => {
    for (const s of [RENDER_SCRIPT, DEPLOY_SCRIPT])
      assert.equal(spawnSync('bash', ['-n', '-c', s]).status, 0);
  });

  it('render writes the gcloud run deploy manifest and a SUCCEEDED result; deploy runs it', () => {
    const r = run(RENDER_SCRIPT, {
      ...targetParams,
      [deployParameterEnv(DEPLOY_PARAMETERS.tag)]: 'abc1234_56',
      CLOUD_DEPLOY_OUTPUT_GCS_PATH: 'gs://artifacts/render',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      read('artifacts/render/deploy.sh'),
      'gcloud run deploy svc-dev-us-west1 --project=svc-dev-1234 --region=us-west1 --image=us-docker.pkg.dev/acme/images/svc:abc1234_56 --quiet\n',
    );
    assert.deepEqual(JSON.parse(read('artifacts/render/results.json')), {
      resultStatus: 'SUCCEEDED',
      manifestFile: 'gs://artifacts/render/deploy.sh',
    });

    const d = run(DEPLOY_SCRIPT, {
      CLOUD_DEPLOY_MANIFEST_GCS_PATH: 'gs://artifacts/render/deploy.sh',
      CLOUD_DEPLOY_OUTPUT_GCS_PATH: 'gs://artifacts/deploy',
    });
    assert.equal(d.status, 0, d.stderr);
    assert.deepEqual(read('run-deploy-args').trim().split('\n'), [
      'svc-dev-us-west1',
      '--project=svc-dev-1234',
      '--region=us-west1',
      '--image=us-docker.pkg.dev/acme/images/svc:abc1234_56',
      '--quiet',
    ]);
    assert.deepEqual(JSON.parse(read('artifacts/deploy/results.json')), { resultStatus: 'SUCCEEDED' });
  });

  it('render pins a sha256 digest with @', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const r = run(RENDER_SCRIPT, {
      ...targetParams,
      [deployParameterEnv(DEPLOY_PARAMETERS.tag)]: digest,
      CLOUD_DEPLOY_OUTPUT_GCS_PATH: 'gs://artifacts/digest',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      read('artifacts/digest/deploy.sh'),
      new RegExp(`--image=us-docker.pkg.dev/acme/images/svc@${digest} `),
    );
  });

  it('render fails with a message on a missing or hostile tag, and writes no manifest', () => {
    for (const [i, tag] of [undefined, '', 'x;touch pwned', '$(id)', '-flag'].entries()) {
      const out = `gs://artifacts/bad${i}`;
      const r = run(RENDER_SCRIPT, {
        ...targetParams,
        ...(tag === undefined ? {} : { [deployParameterEnv(DEPLOY_PARAMETERS.tag)]: tag }),
        CLOUD_DEPLOY_OUTPUT_GCS_PATH: out,
      });
      assert.equal(r.status, 1, `tag ${tag}`);
      const res = JSON.parse(read(`artifacts/bad${i}/results.json`));
      assert.equal(res.resultStatus, 'FAILED');
      assert.match(res.failureMessage, /customTarget\/tag/);
      assert.throws(() => read(`artifacts/bad${i}/deploy.sh`));
    }
  });

  it('render fails naming a deploy parameter the target lacks', () => {
    const { [deployParameterEnv(DEPLOY_PARAMETERS.region)]: _, ...rest } = targetParams;
    const r = run(RENDER_SCRIPT, {
      ...rest,
      [deployParameterEnv(DEPLOY_PARAMETERS.tag)]: 'v1',
      CLOUD_DEPLOY_OUTPUT_GCS_PATH: 'gs://artifacts/noregion',
    });
    assert.equal(r.status, 1);
    const res = JSON.parse(read('artifacts/noregion/results.json'));
    assert.equal(res.resultStatus, 'FAILED');
    assert.match(res.failureMessage, /dev-us-west1 has no deploy parameter customTarget\/region/);
  });

  it('quotes values in the manifest, so a parameter cannot inject commands', () => {
    const r = run(RENDER_SCRIPT, {
      ...targetParams,
      [deployParameterEnv(DEPLOY_PARAMETERS.service)]: 'svc; touch pwned',
      [deployParameterEnv(DEPLOY_PARAMETERS.tag)]: 'v1',
      CLOUD_DEPLOY_OUTPUT_GCS_PATH: 'gs://artifacts/quoted',
    });
    assert.equal(r.status, 0, r.stderr);
    const d = run(DEPLOY_SCRIPT, {
      CLOUD_DEPLOY_MANIFEST_GCS_PATH: 'gs://artifacts/quoted/deploy.sh',
      CLOUD_DEPLOY_OUTPUT_GCS_PATH: 'gs://artifacts/quoted-deploy',
    });
    assert.equal(d.status, 0, d.stderr);
    assert.equal(read('run-deploy-args').split('\n')[0], 'svc; touch pwned');
  });

  it('deploy reports FAILED when gcloud run deploy fails', () => {
    run(RENDER_SCRIPT, {
      ...targetParams,
      [deployParameterEnv(DEPLOY_PARAMETERS.tag)]: 'v2',
      CLOUD_DEPLOY_OUTPUT_GCS_PATH: 'gs://artifacts/r2',
    });
    const d = run(DEPLOY_SCRIPT, {
      CLOUD_DEPLOY_MANIFEST_GCS_PATH: 'gs://artifacts/r2/deploy.sh',
      CLOUD_DEPLOY_OUTPUT_GCS_PATH: 'gs://artifacts/d2',
      FAKE_RUN_EXIT: '1',
    });
    assert.equal(d.status, 1);
    assert.equal(JSON.parse(read('artifacts/d2/results.json')).resultStatus, 'FAILED');
  });
});
