import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGoogleRegistry, parseImageRepository } from './reference.ts';

describe('parseImageRepository', () => {
  it('Artifact Registry, GCR, a port, loopback over http', () => {
    assert.deepEqual(parseImageRepository('us-central1-docker.pkg.dev/acme-dev/acme/api'), {
      image: 'us-central1-docker.pkg.dev/acme-dev/acme/api',
      registry: 'us-central1-docker.pkg.dev',
      baseUrl: 'https://us-central1-docker.pkg.dev',
      repository: 'acme-dev/acme/api',
    });
    assert.equal(
      (parseImageRepository('us.gcr.io/acme-dev/sync') as { baseUrl: string }).baseUrl,
      'https://us.gcr.io',
    );
    assert.equal(
      (parseImageRepository('registry.acme.dev:8443/a/b') as { baseUrl: string }).baseUrl,
      'https://registry.acme.dev:8443',
    );
    assert.equal(
      (parseImageRepository('127.0.0.1:5000/a') as { baseUrl: string }).baseUrl,
      'http://127.0.0.1:5000',
    );
    assert.equal((parseImageRepository('localhost/a') as { baseUrl: string }).baseUrl, 'http://localhost');
  });

  it('Docker Hub: registry-1.docker.io, library/ for official images', () => {
    for (const [image, repository] of [
      ['nginx', 'library/nginx'],
      ['docker.io/nginx', 'library/nginx'],
      ['sourcegraph/server', 'sourcegraph/server'],
      ['index.docker.io/sourcegraph/server', 'sourcegraph/server'],
    ] as const) {
      const r = parseImageRepository(image);
      assert.ok(!('problem' in r), image);
      assert.equal(r.registry, 'docker.io');
      assert.equal(r.baseUrl, 'https://registry-1.docker.io');
      assert.equal(r.repository, repository);
    }
  });

  it('says what is wrong: a tag, a digest, upper case, empty', () => {
    assert.match((parseImageRepository('gcr.io/a/b:v1') as { problem: string }).problem, /holds a tag/);
    assert.match(
      (parseImageRepository(`gcr.io/a/b@sha256:${'0'.repeat(64)}`) as { problem: string }).problem,
      /digest/,
    );
    assert.match((parseImageRepository('gcr.io/A/b') as { problem: string }).problem, /"A" is not a valid/);
    assert.match((parseImageRepository('') as { problem: string }).problem, /empty/);
  });

  it('knows Google registries', () => {
    assert.ok(isGoogleRegistry('europe-west1-docker.pkg.dev'));
    assert.ok(isGoogleRegistry('gcr.io') && isGoogleRegistry('eu.gcr.io'));
    assert.ok(
      !isGoogleRegistry('docker.io') &&
        !isGoogleRegistry('evilgcr.io') &&
        !isGoogleRegistry('pkg.dev.evil.com'),
    );
  });
});
