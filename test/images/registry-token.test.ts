/**
 * `msp resolve-images` against a real registry that requires token auth: Debian's
 * `docker-registry` with an `auth: token` section whose realm is a token server on loopback
 * (test/support/token-server.ts), the Bearer flow of Artifact Registry and Docker Hub. The
 * credentials come from a Docker client config (`DOCKER_CONFIG`), as CI login actions write it.
 * Skipped LOUDLY without the package or openssl; the same flows run against a fake transport in
 * src/images/resolve.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, copyExamples } from '../support/cli.ts';
import { findDockerRegistry, pushImage, startRegistry, type TestRegistry } from '../support/registry.ts';
import { makeSigningCert, startTokenServer, type TokenServer } from '../support/token-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const binary = findDockerRegistry();
const work = mkdtempSync(join(tmpdir(), 'msp-registry-token-'));
const haveCert = binary ? makeSigningCert(work) : false;
const SKIP_REASON = !binary
  ? 'SKIPPED: token-auth registry test of msp resolve-images (docker-registry is not installed; run scripts/install-docker-registry.sh as root). Token flows are still tested with a fake transport in src/images/resolve.test.ts'
  : 'SKIPPED: token-auth registry test of msp resolve-images (openssl is missing, so no signing certificate). Token flows are still tested with a fake transport in src/images/resolve.test.ts';
if (!binary || !haveCert) {
  process.stderr.write(`\n*** ${SKIP_REASON} ***\n\n`);
  rmSync(work, { recursive: true, force: true });
}

describe('resolve-images against a token-auth registry', {
  skip: binary && haveCert ? false : SKIP_REASON,
}, () => {
  let tokens: TokenServer;
  let registry: TestRegistry;
  let fleet: ReturnType<typeof copyExamples>;
  let lockFile: string;
  let digest: string;
  const repository = 'acme/api';
  const dockerConfig = join(work, 'docker');

  before(async () => {
    tokens = await startTokenServer(work, { username: 'ci', password: 's3cret' });
    registry = await startRegistry(binary!, {
      auth: [
        '  token:',
        `    realm: ${tokens.realm}`,
        `    service: ${tokens.service}`,
        `    issuer: ${tokens.issuer}`,
        `    rootcertbundle: ${join(work, 'token.pem')}`,
      ].join('\n'),
    });
    fleet = copyExamples();
    const spec = join(fleet.dir, 'services', 'acme-api', 'service.yaml');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        'us-central1-docker.pkg.dev/acme-dev/acme/api',
        `${registry.host}/${repository}`,
      ),
    );
    lockFile = join(fleet.dir, 'services', 'acme-api', 'images.lock.yaml');
    rmSync(lockFile);
    const push = { authorization: `Bearer ${tokens.tokenFor(`repository:${repository}:pull,push`)}` };
    digest = await pushImage(registry.url, repository, 'insiders', 'token-auth', push);
  });
  after(async () => {
    await registry?.stop();
    await tokens?.close();
    fleet?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  const withConfig = (auths: Record<string, unknown> | undefined) => {
    rmSync(dockerConfig, { recursive: true, force: true });
    mkdirSync(dockerConfig);
    if (auths) writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths }));
    return { DOCKER_CONFIG: dockerConfig };
  };
  const run = (env: Record<string, string>) =>
    cli(['resolve-images', 'acme-api', '--root', fleet.dir], ROOT, env);

  test('no credentials: the token endpoint refuses an anonymous token; nothing written', async () => {
    const r = await run(withConfig(undefined));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error IMAGE_UNAUTHORIZED: .*refused an anonymous token for acme\/api \(401\)/);
    assert.ok(r.stderr.includes(`Registry request: ${tokens.realm}?service=`), r.stderr);
    assert.ok(r.stderr.includes(`Add credentials for ${registry.host}`), r.stderr);
    assert.throws(() => readFileSync(lockFile), /ENOENT/);
  });

  test('wrong password: refused, nothing written', async () => {
    const r = await run(withConfig({ [registry.host]: { username: 'ci', password: 'wrong' } }));
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /error IMAGE_UNAUTHORIZED: .*refused the credentials for 127\.0\.0\.1:\d+ \(401\)/,
    );
    assert.throws(() => readFileSync(lockFile), /ENOENT/);
  });

  test('credentials from the Docker config: a token for the pull scope, the digest pinned', async () => {
    const auth = Buffer.from('ci:s3cret').toString('base64');
    const before = tokens.requests.length;
    const r = await run(withConfig({ [`http://${registry.host}`]: { auth } }));
    assert.equal(r.code, 0, `${r.stderr}\n${registry.log()}`);
    assert.equal(
      r.stdout,
      `services/acme-api prod: ${registry.host}/${repository}:insiders pinned to ${digest}\n`,
    );
    assert.deepEqual(tokens.requests.slice(before), [
      { scope: `repository:${repository}:pull`, authorized: true },
    ]);
    assert.ok(readFileSync(lockFile, 'utf8').includes(`digest: "${digest}"`));
  });
});
