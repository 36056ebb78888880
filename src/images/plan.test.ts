import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureDiagnostics, type Resolution } from './plan.ts';
import { type ImageRepository, parseImageRepository } from './reference.ts';
import type { FailureKind } from './resolve.ts';

describe('failureDiagnostics', () => {
  const repo = parseImageRepository('us-docker.pkg.dev/acme/api') as ImageRepository;
  const r: Resolution = {
    key: 'us-docker.pkg.dev/acme/api:insiders',
    repo,
    tag: 'insiders',
    uses: [
      { service: 'api', specFile: 'services/api/service.yaml', env: 'prod', index: 1 },
      { service: 'api', specFile: 'services/api/service.yaml', env: 'canary', index: 2 },
    ],
  };
  it('one error per environment following the tag, on its deploy.subscription.tag, with URL and status', () => {
    const url = 'https://us-docker.pkg.dev/v2/acme/api/manifests/insiders';
    const d = failureDiagnostics(r, {
      kind: 'not-found',
      url,
      status: 404,
      message: 'No such tag',
      hint: 'Push it.',
    });
    assert.deepEqual(
      d.map((x) => [x.code, x.file, x.path.join('.'), x.found]),
      [
        [
          'IMAGE_NOT_FOUND',
          'services/api/service.yaml',
          'environments.1.deploy.subscription.tag',
          'HTTP 404',
        ],
        [
          'IMAGE_NOT_FOUND',
          'services/api/service.yaml',
          'environments.2.deploy.subscription.tag',
          'HTTP 404',
        ],
      ],
    );
    assert.equal(d[0]!.message, 'Cannot resolve us-docker.pkg.dev/acme/api:insiders: No such tag');
    assert.equal(d[0]!.detail, `Environment \`prod\`. Registry request: ${url} (HTTP 404).`);
    assert.equal(d[0]!.hint, 'Push it.');
  });

  it('each failure kind has its own code', () => {
    const kinds: [FailureKind, string][] = [
      ['unauthorized', 'IMAGE_UNAUTHORIZED'],
      ['not-found', 'IMAGE_NOT_FOUND'],
      ['timeout', 'IMAGE_TIMEOUT'],
      ['network', 'IMAGE_NETWORK'],
      ['digest-mismatch', 'IMAGE_DIGEST_MISMATCH'],
      ['bad-response', 'IMAGE_BAD_RESPONSE'],
      ['rate-limited', 'IMAGE_RATE_LIMITED'],
    ];
    for (const [kind, code] of kinds)
      assert.equal(failureDiagnostics(r, { kind, url: 'u', message: 'm', hint: 'h' })[0]!.code, code);
  });
});
