import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { credentialsFrom } from './auth.ts';
import { type ImageRepository, parseImageRepository } from './reference.ts';
import { type HttpResponseLike, type HttpTransport, MANIFEST_MEDIA_TYPES, resolveDigest } from './resolve.ts';

/** A recorded request of the fake transport. */
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
}

type Handler = (req: Seen, signal: AbortSignal) => HttpResponseLike | Promise<HttpResponseLike>;

function response(status: number, headers: Record<string, string> = {}, body = ''): HttpResponseLike {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    headers: { get: (n) => lower[n.toLowerCase()] ?? null },
    arrayBuffer: async () => new Uint8Array(Buffer.from(body)).buffer,
  };
}

function fake(handler: Handler): { transport: HttpTransport; seen: Seen[] } {
  const seen: Seen[] = [];
  const transport: HttpTransport = async (url, init) => {
    const req = { method: init.method, url, headers: init.headers };
    seen.push(req);
    return handler(req, init.signal);
  };
  return { transport, seen };
}

function repo(image: string): ImageRepository {
  const r = parseImageRepository(image);
  if ('problem' in r) throw new Error(r.problem);
  return r;
}

const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: `sha256:${'1'.repeat(64)}`,
    size: 2,
  },
  layers: [],
});
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const OCI = 'application/vnd.oci.image.manifest.v1+json';
const HUB_CHALLENGE =
  'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"';

describe('resolveDigest: anonymous and token flows', () => {
  it('Docker Hub: 401 Bearer challenge, anonymous pull token, HEAD digest', async () => {
    const { transport, seen } = fake((req) => {
      if (req.url.startsWith('https://auth.docker.io/token'))
        return response(200, {}, JSON.stringify({ token: 'anon-tok' }));
      if (req.headers.authorization !== 'Bearer anon-tok')
        return response(401, { 'WWW-Authenticate': HUB_CHALLENGE });
      return response(200, { 'Docker-Content-Digest': DIGEST, 'Content-Type': OCI });
    });
    const r = await resolveDigest(repo('nginx'), '1.27', { transport });
    assert.deepEqual(r, { value: { digest: DIGEST, mediaType: OCI, verified: false } });
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.url}`),
      [
        'HEAD https://registry-1.docker.io/v2/library/nginx/manifests/1.27',
        'GET https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnginx%3Apull',
        'HEAD https://registry-1.docker.io/v2/library/nginx/manifests/1.27',
      ],
    );
    assert.equal(seen[1]!.headers.authorization, undefined, 'anonymous token request');
    assert.equal(seen[0]!.headers.accept, MANIFEST_MEDIA_TYPES.join(', '));
  });

  it('Artifact Registry: the access token goes to the realm as oauth2accesstoken', async () => {
    const challenge =
      'Bearer realm="https://us-docker.pkg.dev/v2/token",service="us-docker.pkg.dev",scope="repository:acme/search/grpc:pull"';
    const { transport, seen } = fake((req) => {
      if (req.url.startsWith('https://us-docker.pkg.dev/v2/token')) {
        const expected = `Basic ${Buffer.from('oauth2accesstoken:ya29.secret').toString('base64')}`;
        return req.headers.authorization === expected
          ? response(200, {}, JSON.stringify({ access_token: 'reg-tok', expires_in: 300 }))
          : response(401);
      }
      if (req.headers.authorization !== 'Bearer reg-tok')
        return response(401, { 'www-authenticate': challenge });
      return response(200, { 'docker-content-digest': DIGEST });
    });
    const credentials = credentialsFrom({ googleAccessToken: 'ya29.secret' });
    const r = await resolveDigest(repo('us-docker.pkg.dev/acme/search/grpc'), 'stable', {
      transport,
      credentials,
    });
    assert.ok('value' in r, JSON.stringify(r));
    assert.equal(r.value.digest, DIGEST);
    assert.equal(seen.length, 3);
  });

  it('Basic challenge: answered with the registry credentials', async () => {
    const creds = `Basic ${Buffer.from('ci:pw').toString('base64')}`;
    const { transport, seen } = fake((req) =>
      req.headers.authorization === creds
        ? response(200, { 'docker-content-digest': DIGEST })
        : response(401, { 'WWW-Authenticate': 'Basic realm="registry"' }),
    );
    const credentials = credentialsFrom({
      byRegistry: { 'https://registry.acme.dev': { username: 'ci', password: 'pw' } },
    });
    const r = await resolveDigest(repo('registry.acme.dev/team/api'), 'v1', { transport, credentials });
    assert.ok('value' in r);
    assert.equal(seen.length, 2);
  });

  it('Basic challenge without credentials: unauthorized, says what to configure', async () => {
    const { transport } = fake(() => response(401, { 'WWW-Authenticate': 'Basic realm="registry"' }));
    const r = await resolveDigest(repo('registry.acme.dev/team/api'), 'v1', { transport });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'unauthorized');
    assert.equal(r.failure.status, 401);
    assert.match(r.failure.message, /none are configured/);
    assert.match(r.failure.hint, /registry\.acme\.dev/);
    assert.equal(r.failure.url, 'https://registry.acme.dev/v2/team/api/manifests/v1');
  });

  it('401 after the token: unauthorized, not a retry loop', async () => {
    const { transport, seen } = fake((req) =>
      req.url.includes('/token')
        ? response(200, {}, '{"token":"t"}')
        : response(401, { 'WWW-Authenticate': HUB_CHALLENGE }),
    );
    const r = await resolveDigest(repo('docker.io/library/nginx'), 'latest', { transport });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'unauthorized');
    assert.match(r.failure.message, /401 after authenticating/);
    assert.equal(seen.length, 3);
  });

  it('token endpoint refusing the credentials names the registry', async () => {
    const { transport } = fake((req) =>
      req.url.includes('/v2/token')
        ? response(403)
        : response(401, {
            'WWW-Authenticate':
              'Bearer realm="https://europe-docker.pkg.dev/v2/token",service="europe-docker.pkg.dev"',
          }),
    );
    const r = await resolveDigest(repo('europe-docker.pkg.dev/p/r/i'), 'x', {
      transport,
      credentials: credentialsFrom({ googleAccessToken: 'expired' }),
    });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'unauthorized');
    assert.equal(r.failure.status, 403);
    assert.match(r.failure.message, /refused the credentials for europe-docker\.pkg\.dev/);
    assert.match(r.failure.hint, /MSP_REGISTRY_TOKEN/);
    assert.match(r.failure.url, /^https:\/\/europe-docker\.pkg\.dev\/v2\/token\?/);
  });

  it('never sends credentials to a token realm over plain HTTP', async () => {
    const { transport, seen } = fake(() =>
      response(401, { 'WWW-Authenticate': 'Bearer realm="http://auth.acme.dev/token",service="r"' }),
    );
    const r = await resolveDigest(repo('registry.acme.dev/a'), 'v1', {
      transport,
      credentials: () => ({ username: 'u', password: 'p' }),
    });
    assert.ok('failure' in r);
    assert.match(r.failure.message, /not HTTPS/);
    assert.equal(seen.length, 1, 'the token endpoint was not called');
  });

  it('reuses a token between resolutions of one run', async () => {
    const { transport, seen } = fake((req) => {
      if (req.url.includes('/token')) return response(200, {}, '{"token":"t1"}');
      return req.headers.authorization === 'Bearer t1'
        ? response(200, { 'docker-content-digest': DIGEST })
        : response(401, { 'WWW-Authenticate': HUB_CHALLENGE });
    });
    const tokens = new Map<string, string>();
    await resolveDigest(repo('nginx'), 'a', { transport, tokens });
    const before = seen.length;
    await resolveDigest(repo('nginx'), 'b', { transport, tokens });
    // The second resolution still meets the 401, but takes the token from the cache.
    assert.deepEqual(
      seen.slice(before).map((s) => s.method),
      ['HEAD', 'HEAD'],
    );
  });
});

describe('resolveDigest: bad answers', () => {
  it('404: not found, with image and tag in the message', async () => {
    const { transport } = fake(() => response(404));
    const r = await resolveDigest(repo('127.0.0.1:5000/acme/api'), 'missing', { transport });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'not-found');
    assert.equal(r.failure.status, 404);
    assert.match(r.failure.message, /tag "missing" of 127\.0\.0\.1:5000\/acme\/api/);
    assert.equal(r.failure.url, 'http://127.0.0.1:5000/v2/acme/api/manifests/missing');
  });

  it('timeout: bounded even when the transport ignores the abort signal', async () => {
    let aborted = false;
    const { transport } = fake(
      (_req, signal) =>
        new Promise<HttpResponseLike>(() => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
        }),
    );
    const r = await resolveDigest(repo('registry.acme.dev/a'), 'v1', { transport, timeoutMs: 50 });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'timeout');
    assert.match(r.failure.message, /No answer from https:\/\/registry\.acme\.dev within 50 ms/);
    assert.match(r.failure.hint, /--timeout/);
    assert.ok(aborted, 'the request was aborted');
  });

  it('network error: the cause, never a stack', async () => {
    const { transport } = fake(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    });
    const r = await resolveDigest(repo('127.0.0.1:1/a'), 'v1', { transport });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'network');
    assert.equal(r.failure.message, 'Cannot reach http://127.0.0.1:1: ECONNREFUSED');
  });

  it('HEAD without a digest: GET, hash the body, agree with the header', async () => {
    const { transport, seen } = fake((req) =>
      req.method === 'HEAD'
        ? response(200, { 'content-type': OCI })
        : response(200, { 'content-type': OCI, 'docker-content-digest': DIGEST }, MANIFEST),
    );
    const r = await resolveDigest(repo('registry.acme.dev/a'), 'v1', { transport });
    assert.deepEqual(r, { value: { digest: DIGEST, mediaType: OCI, verified: true } });
    assert.deepEqual(
      seen.map((s) => s.method),
      ['HEAD', 'GET'],
    );
  });

  it('digest mismatch: the body does not hash to the digest the registry claims', async () => {
    const claimed = `sha256:${'a'.repeat(64)}`;
    const { transport } = fake((req) =>
      req.method === 'HEAD' ? response(200) : response(200, { 'docker-content-digest': claimed }, MANIFEST),
    );
    const r = await resolveDigest(repo('registry.acme.dev/a'), 'v1', { transport });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'digest-mismatch');
    assert.ok(r.failure.message.includes(DIGEST) && r.failure.message.includes(claimed));
  });

  it('--verify: GETs although HEAD had a digest, and catches a HEAD digest that lies', async () => {
    const lie = `sha256:${'b'.repeat(64)}`;
    const { transport } = fake((req) =>
      req.method === 'HEAD' ? response(200, { 'docker-content-digest': lie }) : response(200, {}, MANIFEST),
    );
    const plain = await resolveDigest(repo('registry.acme.dev/a'), 'v1', { transport });
    assert.deepEqual(plain, { value: { digest: lie, verified: false } });
    const verified = await resolveDigest(repo('registry.acme.dev/a'), 'v1', { transport, verify: true });
    assert.ok('failure' in verified);
    assert.equal(verified.failure.kind, 'digest-mismatch');
  });

  it('a malformed digest header is refused', async () => {
    const { transport } = fake(() => response(200, { 'docker-content-digest': 'md5:abc' }));
    const r = await resolveDigest(repo('registry.acme.dev/a'), 'v1', { transport });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'bad-response');
    assert.match(r.failure.message, /malformed digest "md5:abc"/);
  });

  it('a schema 1 manifest is refused with a way out', async () => {
    const { transport } = fake((req) =>
      req.method === 'HEAD'
        ? response(200)
        : response(
            200,
            { 'content-type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' },
            '{}',
          ),
    );
    const r = await resolveDigest(repo('registry.acme.dev/a'), 'v1', { transport });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'bad-response');
    assert.match(r.failure.hint, /schema 1/);
  });

  it('429: rate limited', async () => {
    const { transport } = fake(() => response(429));
    const r = await resolveDigest(repo('nginx'), 'latest', { transport });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'rate-limited');
  });

  it('5xx: bad response with the status', async () => {
    const { transport } = fake(() => response(503));
    const r = await resolveDigest(repo('registry.acme.dev/a'), 'v1', { transport });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'bad-response');
    assert.equal(r.failure.status, 503);
  });
});
