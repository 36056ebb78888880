/**
 * `msp resolve-images` and `msp generate` with the image lock file, in-process on a copy of the
 * example fleet, with a fake registry transport (no network): all-or-nothing writes, located
 * errors, and what generate does with missing, stale, unused and broken lock entries. The real
 * registry round trip is test/images/registry.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runResolveImages } from '../../src/cli/commands/resolve-images.ts';
import type { HttpResponseLike, HttpTransport } from '../../src/images/resolve.ts';
import { capturedIO, cli, copyExamples, EXAMPLES, snapshotTree } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const digestOf = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

function answer(status: number, headers: Record<string, string> = {}): HttpResponseLike {
  return {
    status,
    headers: { get: (n) => headers[n.toLowerCase()] ?? null },
    arrayBuffer: async () => new ArrayBuffer(0),
  };
}

/** A registry that knows `tags` (`<host>/<repo>:<tag>` → digest) and answers 404 otherwise. */
function fakeRegistry(tags: Record<string, string | number>): { transport: HttpTransport; urls: string[] } {
  const urls: string[] = [];
  const transport: HttpTransport = async (url) => {
    urls.push(url);
    const m = /^https:\/\/([^/]+)\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url);
    const v = m ? tags[`${m[1]}/${m[2]}:${m[3]}`] : undefined;
    if (typeof v === 'number') return answer(v);
    return v ? answer(200, { 'docker-content-digest': v }) : answer(404);
  };
  return { transport, urls };
}

async function resolveImages(
  argv: { services?: string[]; all?: boolean; check?: boolean },
  root: string,
  transport: HttpTransport,
) {
  const { io, out } = capturedIO(root);
  const code = await runResolveImages({ ...argv, root }, io, transport);
  return { code, ...out };
}

const API = 'us-central1-docker.pkg.dev/acme-dev/acme/api:insiders';
const GRPC = 'us-docker.pkg.dev/acme-dev/search/grpc:stable';

describe('resolve-images with a fake registry', () => {
  let fleet: ReturnType<typeof copyExamples>;
  const apiLock = () => join(fleet.dir, 'services', 'acme-api', 'images.lock.yaml');
  const grpcLock = () => join(fleet.dir, 'services', 'search-grpc', 'images.lock.yaml');
  before(() => {
    fleet = copyExamples();
  });
  after(() => fleet.cleanup());
  beforeEach(() => {
    rmSync(apiLock(), { force: true });
    rmSync(grpcLock(), { force: true });
  });

  test('one tag fails (401): nothing is written for any service, each error located on its spec', async () => {
    const { transport } = fakeRegistry({ [API]: digestOf('api'), [GRPC]: 401 });
    const r = await resolveImages({ all: true }, fleet.dir, transport);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /services\/search-grpc\/service\.yaml:47:14: error IMAGE_UNAUTHORIZED: Cannot resolve us-docker\.pkg\.dev\/acme-dev\/search\/grpc:stable/,
    );
    assert.match(
      r.stderr,
      /Registry request: https:\/\/us-docker\.pkg\.dev\/v2\/acme-dev\/search\/grpc\/manifests\/stable \(HTTP 401\)/,
    );
    assert.match(r.stderr, /MSP_REGISTRY_TOKEN/);
    assert.match(r.stderr, /nothing written: 1 of 2 tags could not be resolved/);
    assert.ok(!existsSync(apiLock()) && !existsSync(grpcLock()), 'no lock file was written');
  });

  test('all resolve: one lock per subscribing service, only those; --check then passes', async () => {
    const { transport, urls } = fakeRegistry({ [API]: digestOf('api'), [GRPC]: digestOf('grpc') });
    const r = await resolveImages({ all: true }, fleet.dir, transport);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      `services/acme-api prod: ${API} pinned to ${digestOf('api')}\nservices/search-grpc prod: ${GRPC} pinned to ${digestOf('grpc')}\n`,
    );
    assert.equal(urls.length, 2, 'one HEAD per tag');
    assert.ok(readFileSync(apiLock(), 'utf8').includes(digestOf('api')));
    assert.ok(!existsSync(join(fleet.dir, 'services', 'nightly-sync', 'images.lock.yaml')));
    const check = await resolveImages({ all: true, check: true }, fleet.dir, transport);
    assert.equal(check.code, 0, check.stderr);
  });

  test('a named service without subscription environments: said, not an error', async () => {
    const { transport, urls } = fakeRegistry({});
    const r = await resolveImages({ services: ['nightly-sync'] }, fleet.dir, transport);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /services\/nightly-sync has no environment with `deploy\.type: subscription`/);
    assert.equal(urls.length, 0);
  });

  test('an image with a tag in build.image is a located error before any request', async () => {
    const spec = join(fleet.dir, 'services', 'acme-api', 'service.yaml');
    const text = readFileSync(spec, 'utf8');
    try {
      writeFileSync(
        spec,
        text.replace(
          'image: us-central1-docker.pkg.dev/acme-dev/acme/api',
          'image: us-central1-docker.pkg.dev/acme-dev/acme/api:v1',
        ),
      );
      const { transport, urls } = fakeRegistry({});
      const r = await resolveImages({ services: ['acme-api'] }, fleet.dir, transport);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /service\.yaml:\d+:\d+: error IMAGE_REFERENCE_INVALID: .*holds a tag/);
      assert.equal(urls.length, 0);
    } finally {
      writeFileSync(spec, text);
    }
  });
});

describe('generate reads the lock file', () => {
  let fleet: ReturnType<typeof copyExamples>;
  const tfvars = () =>
    join(fleet.dir, 'services', 'acme-api', 'terraform', 'prod', 'stacks', 'cloudrun', 'terraform.tfvars');
  const lock = () => join(fleet.dir, 'services', 'acme-api', 'images.lock.yaml');
  let committed: string;
  before(() => {
    fleet = copyExamples();
    committed = readFileSync(lock(), 'utf8');
  });
  after(() => fleet.cleanup());
  beforeEach(() => writeFileSync(lock(), committed));
  const generate = (...args: string[]) => cli(['generate', 'acme-api', ...args, '--root', fleet.dir], ROOT);

  test('the example fleet pins its subscription environments', () => {
    const pinned = /digest: "(sha256:[0-9a-f]{64})"/.exec(
      readFileSync(join(EXAMPLES, 'services', 'acme-api', 'images.lock.yaml'), 'utf8'),
    );
    assert.ok(pinned);
    assert.equal(
      readFileSync(
        join(EXAMPLES, 'services', 'acme-api', 'terraform', 'prod', 'stacks', 'cloudrun', 'terraform.tfvars'),
        'utf8',
      ),
      `resolved_image_tag = "insiders@${pinned[1]}"\n`,
    );
  });

  test('no lock file: a warning on deploy.subscription.tag, and the bare tag is deployed', async () => {
    rmSync(lock());
    const r = await generate();
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /services\/acme-api\/service\.yaml:65:14: warning IMAGE_NOT_PINNED: Environment `prod` has no digest for tag `insiders`/,
    );
    assert.match(r.stderr, /msp resolve-images acme-api/);
    assert.equal(readFileSync(tfvars(), 'utf8'), 'resolved_image_tag = "insiders"\n');
  });

  test('an entry for another tag is not used; an entry for a non-subscription environment is a warning on the lock file', async () => {
    writeFileSync(
      lock(),
      committed.replace('tag: "insiders"', 'tag: "stable"') +
        `  dev:\n    image: "x.io/y"\n    tag: "v1"\n    digest: "${digestOf('dev')}"\n`,
    );
    const r = await generate();
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /warning IMAGE_NOT_PINNED: Environment `prod` is pinned to us-central1-docker\.pkg\.dev\/acme-dev\/acme\/api:stable/,
    );
    assert.match(
      r.stderr,
      /services\/acme-api\/images\.lock\.yaml:\d+:\d+: warning IMAGE_LOCK_UNUSED: Pin for environment `dev`/,
    );
    // The other file of each warning is a note with its own position, not part of the message.
    assert.match(
      r.stderr,
      /note: \S*services\/acme-api\/images\.lock\.yaml:\d+:\d+: the pin of this environment/,
    );
    assert.match(
      r.stderr,
      /note: \S*services\/acme-api\/service\.yaml:\d+:\d+: the environment is declared here/,
    );
    assert.doesNotMatch(
      r.stderr,
      /(IMAGE_NOT_PINNED|IMAGE_LOCK_UNUSED): [^\n]*(images\.lock\.yaml|service\.yaml)/,
    );
    assert.equal(readFileSync(tfvars(), 'utf8'), 'resolved_image_tag = "insiders"\n');
  });

  test('a broken lock file: located error, nothing written', async () => {
    assert.equal((await generate('--force')).code, 0);
    const before = snapshotTree(join(fleet.dir, 'services', 'acme-api', 'terraform'));
    writeFileSync(lock(), committed.replace(/digest: "sha256:[0-9a-f]+"/, 'digest: "sha256:nothex"'));
    const r = await generate('--force');
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /services\/acme-api\/images\.lock\.yaml:9:13: error IMAGE_LOCK_DIGEST_INVALID: Invalid digest "sha256:nothex"/,
    );
    assert.match(
      r.stderr,
      /services\/acme-api\/service\.yaml: not written: its images\.lock\.yaml is invalid/,
    );
    assert.deepEqual(snapshotTree(join(fleet.dir, 'services', 'acme-api', 'terraform')), before);
  });

  test('a changed lock file makes an otherwise unchanged service stale (it is an input)', async () => {
    assert.equal((await generate()).code, 0);
    assert.equal((await generate('--check')).code, 0);
    writeFileSync(lock(), committed.replace(/sha256:[0-9a-f]{64}/, digestOf('moved')));
    const check = await generate('--check');
    assert.equal(check.code, 1);
    assert.ok(check.stdout.includes(`+resolved_image_tag = "insiders@${digestOf('moved')}"`), check.stdout);
  });
});
