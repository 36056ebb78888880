/**
 * Registry authentication as the OCI distribution API and Docker's token protocol define it
 * (docs/images.md, "Credentials"): the `WWW-Authenticate` challenge of a 401, and the credentials
 * msp may send to a registry. Pure: the environment and files are read at the edge
 * (`io/registry-credentials.ts`) and handed in as {@link RegistryCredentials}.
 */
import { isGoogleRegistry, isLoopbackHost } from './reference.ts';

/** A challenge from `WWW-Authenticate`. */
export type AuthChallenge =
  | { scheme: 'bearer'; realm: string; service?: string; scope?: string }
  | { scheme: 'basic'; realm?: string };

/** A user name and password (or access token) for Basic authentication. */
export interface BasicCredentials {
  username: string;
  password: string;
}

/** Credentials by registry host (`host[:port]`, `docker.io` for Docker Hub); undefined: anonymous. */
export type RegistryCredentials = (registry: string) => BasicCredentials | undefined;

/** The user name Google's registries expect with an OAuth2 access token as the password. */
const GOOGLE_TOKEN_USER = 'oauth2accesstoken';

/**
 * Parses a `WWW-Authenticate` header value into the first Bearer or Basic challenge; undefined
 * when there is none (or it is malformed). Parameter names are case-insensitive and values may
 * be quoted strings with `\` escapes.
 */
export function parseChallenge(header: string | null | undefined): AuthChallenge | undefined {
  if (!header) return undefined;
  const m = /^\s*([A-Za-z]+)(?:\s+(.*))?$/s.exec(header);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  const params = parseParams(m[2] ?? '');
  if (scheme === 'bearer') {
    const realm = params.realm;
    if (!realm) return undefined;
    return {
      scheme: 'bearer',
      realm,
      ...(params.service !== undefined ? { service: params.service } : {}),
      ...(params.scope !== undefined ? { scope: params.scope } : {}),
    };
  }
  if (scheme === 'basic') return { scheme: 'basic', ...(params.realm ? { realm: params.realm } : {}) };
  return undefined;
}

function parseParams(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  m = re.exec(s);
  while (m !== null && m[0] !== '') {
    const key = m[1]!.toLowerCase();
    if (!(key in out)) out[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    m = re.exec(s);
  }
  return out;
}

/** The `Authorization` value for Basic credentials. */
export function basicAuthorization(c: BasicCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}

/**
 * Whether credentials may be sent to `url`: only over HTTPS, or plain HTTP on the loopback
 * interface (a local test registry). A token realm elsewhere over HTTP never sees them.
 */
export function mayCarryCredentials(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.host));
}

/** Where credentials come from, as handed in by the edge. */
export interface CredentialSources {
  /**
   * An OAuth2 access token for Google's registries (`MSP_REGISTRY_TOKEN`, e.g. the output of
   * `gcloud auth print-access-token` or of a CI's workload-identity login).
   */
  googleAccessToken?: string;
  /** Basic credentials by registry host, e.g. from a Docker `config.json` `auths` map. */
  byRegistry?: Readonly<Record<string, BasicCredentials>>;
}

/**
 * The credentials lookup for a run: an explicit entry for the host wins; Google registries
 * otherwise use the access token as `oauth2accesstoken`; everything else is anonymous.
 */
export function credentialsFrom(sources: CredentialSources): RegistryCredentials {
  const byRegistry = new Map(
    Object.entries(sources.byRegistry ?? {}).map(([host, c]) => [normaliseRegistryKey(host), c]),
  );
  return (registry) => {
    const explicit = byRegistry.get(normaliseRegistryKey(registry));
    if (explicit) return explicit;
    if (sources.googleAccessToken && isGoogleRegistry(registry))
      return { username: GOOGLE_TOKEN_USER, password: sources.googleAccessToken };
    return undefined;
  };
}

/**
 * The registry key of a Docker `config.json` `auths` entry: `https://index.docker.io/v1/` and
 * the other Docker Hub spellings become `docker.io`; a URL becomes its `host[:port]`.
 */
export function normaliseRegistryKey(key: string): string {
  let host = key.trim();
  const m = /^[a-z]+:\/\/([^/]+)/i.exec(host);
  if (m) host = m[1]!;
  host = host.replace(/\/.*$/, '').toLowerCase();
  if (host === 'index.docker.io' || host === 'registry-1.docker.io' || host === 'registry.hub.docker.com')
    return 'docker.io';
  return host;
}
