import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialsFrom, mayCarryCredentials, normaliseRegistryKey, parseChallenge } from './auth.ts';

describe('parseChallenge', () => {
  it('Bearer with quoted parameters, any case, escapes', () => {
    assert.deepEqual(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      ),
      {
        scheme: 'bearer',
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/nginx:pull',
      },
    );
    assert.deepEqual(parseChallenge('bearer Realm="https://r/t", Service=reg, error="insufficient_scope"'), {
      scheme: 'bearer',
      realm: 'https://r/t',
      service: 'reg',
    });
    assert.deepEqual(parseChallenge('Bearer realm="https://r/t?a=\\"b\\""'), {
      scheme: 'bearer',
      realm: 'https://r/t?a="b"',
    });
  });

  it('Basic; nothing for unknown schemes, a Bearer without realm, or no header', () => {
    assert.deepEqual(parseChallenge('Basic realm="Registry Realm"'), {
      scheme: 'basic',
      realm: 'Registry Realm',
    });
    assert.equal(parseChallenge('Negotiate abc'), undefined);
    assert.equal(parseChallenge('Bearer service="x"'), undefined);
    assert.equal(parseChallenge(null), undefined);
  });
});

describe('credentials', () => {
  it('an explicit entry wins; Google registries get the access token; others are anonymous', () => {
    const creds = credentialsFrom({
      googleAccessToken: 'ya29.t',
      byRegistry: {
        'https://index.docker.io/v1/': { username: 'hub', password: 'pat' },
        'europe-docker.pkg.dev': { username: '_json_key', password: '{}' },
      },
    });
    assert.deepEqual(creds('docker.io'), { username: 'hub', password: 'pat' });
    assert.deepEqual(creds('us-docker.pkg.dev'), { username: 'oauth2accesstoken', password: 'ya29.t' });
    assert.deepEqual(creds('europe-docker.pkg.dev'), { username: '_json_key', password: '{}' });
    assert.equal(creds('registry.acme.dev'), undefined, 'the Google token never goes elsewhere');
  });

  it('normalises Docker config keys', () => {
    assert.equal(normaliseRegistryKey('https://index.docker.io/v1/'), 'docker.io');
    assert.equal(normaliseRegistryKey('https://Registry.Acme.dev:8443/v2/'), 'registry.acme.dev:8443');
    assert.equal(normaliseRegistryKey('gcr.io'), 'gcr.io');
  });

  it('credentials travel over HTTPS, or plain HTTP on loopback only', () => {
    assert.ok(mayCarryCredentials('https://auth.docker.io/token'));
    assert.ok(mayCarryCredentials('http://127.0.0.1:5000/token'));
    assert.ok(!mayCarryCredentials('http://auth.acme.dev/token'));
    assert.ok(!mayCarryCredentials('not a url'));
  });
});
