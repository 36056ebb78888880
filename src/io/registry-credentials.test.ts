import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDockerAuths, readCredentialSources } from './registry-credentials.ts';

describe('registry credentials from the environment and a Docker config', () => {
  it('reads auth (base64 user:password) and username/password entries', () => {
    const auth = Buffer.from('oauth2accesstoken:ya29.x:y').toString('base64');
    assert.deepEqual(
      parseDockerAuths(
        JSON.stringify({
          auths: {
            'us-docker.pkg.dev': { auth },
            'https://index.docker.io/v1/': { username: 'u', password: 'p' },
            other: {},
          },
          credHelpers: { 'gcr.io': 'gcloud' },
        }),
      ),
      {
        auths: {
          'us-docker.pkg.dev': { username: 'oauth2accesstoken', password: 'ya29.x:y' },
          'https://index.docker.io/v1/': { username: 'u', password: 'p' },
        },
      },
    );
    assert.deepEqual(parseDockerAuths('{'), { problem: 'not valid JSON' });
  });

  it('MSP_REGISTRY_TOKEN and DOCKER_CONFIG; a broken config is named and ignored', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msp-creds-'));
    try {
      const none = readCredentialSources({ DOCKER_CONFIG: dir, MSP_REGISTRY_TOKEN: ' ya29.t\n' }, dir);
      assert.deepEqual(none, { sources: { googleAccessToken: 'ya29.t' }, problems: [] });
      writeFileSync(join(dir, 'config.json'), '{"auths": {"r.io": {"auth": "bm9jb2xvbg=="}}}');
      const bad = readCredentialSources({ DOCKER_CONFIG: dir }, dir);
      assert.deepEqual(bad.sources, {});
      assert.match(
        bad.problems[0] ?? '',
        /^config\.json: the `auth` of "r\.io" is not base64 of user:password; its credentials are not used$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
