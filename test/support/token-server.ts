/**
 * A Docker token server on 127.0.0.1 for the registry tests: the registry's `auth: token`
 * section points its realm here, and this server hands out RS256 JWTs (with the signing
 * certificate in `x5c`, which the registry checks against its `rootcertbundle`) to clients that
 * present the right Basic credentials — the flow Artifact Registry and Docker Hub use. The key and
 * self-signed certificate come from `openssl`; without it the caller skips.
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  /** PEM of the certificate the registry trusts. */
  certPem: string;
  /** Requests seen: whether each carried the right credentials. */
  requests: { scope: string; authorized: boolean }[];
  /** A token for `scope` without going through HTTP (for pushing test images). */
  tokenFor(scope: string): string;
  close(): Promise<void>;
}

/** Makes an RSA key and a self-signed certificate in `dir` with openssl; false when openssl is missing. */
export function makeSigningCert(dir: string): boolean {
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=msp-test-token-issuer',
      '-keyout',
      join(dir, 'token.key'),
      '-out',
      join(dir, 'token.pem'),
    ],
    { stdio: 'ignore', timeout: 60_000 },
  );
  return r.status === 0;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Starts the token server with the key and certificate `makeSigningCert` wrote into `dir`. */
export async function startTokenServer(
  dir: string,
  credentials: { username: string; password: string },
): Promise<TokenServer> {
  const key = createPrivateKey(readFileSync(join(dir, 'token.key')));
  const certPem = readFileSync(join(dir, 'token.pem'), 'utf8');
  const der = certPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  const service = 'msp-test-registry';
  const issuer = 'msp-test-issuer';
  const requests: TokenServer['requests'] = [];
  const tokenFor = (scope: string) => {
    const [type, name, actions] = scope.split(':');
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5c: [der] };
    const claims = {
      iss: issuer,
      sub: credentials.username,
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access: type && name && actions ? [{ type, name, actions: actions.split(',') }] : [],
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
  };
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const scope = url.searchParams.get('scope') ?? '';
    const authorized = req.headers.authorization === expected && url.searchParams.get('service') === service;
    requests.push({ scope, authorized });
    if (url.pathname !== '/token' || !authorized) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: tokenFor(scope), expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPem,
    requests,
    tokenFor,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
