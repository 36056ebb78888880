/**
 * Where `msp resolve-images` finds registry credentials (IO edge; docs/images.md,
 * "Credentials"): nothing here calls a network or a credential helper.
 *
 * - `MSP_REGISTRY_TOKEN`: an OAuth2 access token, sent to Google's registries (Artifact Registry,
 *   Container Registry) as the password of `oauth2accesstoken`;
 * - the `auths` map of a Docker client config (`$DOCKER_CONFIG/config.json`, else
 *   `~/.docker/config.json`), as `docker login` and CI login actions write it: per registry host,
 *   `auth` (base64 of `user:password`) or `username` and `password`. Credential helpers
 *   (`credsStore`, `credHelpers`) are not run.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BasicCredentials, CredentialSources } from '../images/auth.ts';
import { readRegularFile } from './load.ts';
import { displayPath } from './paths.ts';

/** The environment variable holding an access token for Google's registries. */
const REGISTRY_TOKEN_ENV = 'MSP_REGISTRY_TOKEN';

/**
 * The credential sources from the environment and the Docker config. `problems` names a config
 * that exists but cannot be used (it is then ignored, never half-read).
 */
export function readCredentialSources(
  env: Record<string, string | undefined>,
  cwd: string,
): { sources: CredentialSources; problems: string[] } {
  const problems: string[] = [];
  const token = env[REGISTRY_TOKEN_ENV]?.trim();
  const dir = env.DOCKER_CONFIG ? env.DOCKER_CONFIG : join(env.HOME || homedir(), '.docker');
  const file = join(dir, 'config.json');
  const r = readRegularFile(file, 1024 * 1024);
  let byRegistry: Record<string, BasicCredentials> | undefined;
  if ('bytes' in r) {
    const parsed = parseDockerAuths(Buffer.from(r.bytes).toString('utf8'));
    if ('problem' in parsed)
      problems.push(`${displayPath(file, cwd)}: ${parsed.problem}; its credentials are not used`);
    else byRegistry = parsed.auths;
  } else if (r.code !== 'ENOENT')
    problems.push(`${displayPath(file, cwd)}: ${r.message}; its credentials are not used`);
  return {
    sources: { ...(token ? { googleAccessToken: token } : {}), ...(byRegistry ? { byRegistry } : {}) },
    problems,
  };
}

/** The Basic credentials of a Docker config's `auths`, by registry key as written. */
export function parseDockerAuths(
  text: string,
): { auths: Record<string, BasicCredentials> } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { problem: 'not a JSON object' };
  const auths = (json as { auths?: unknown }).auths;
  if (auths === undefined) return { auths: {} };
  if (typeof auths !== 'object' || auths === null || Array.isArray(auths))
    return { problem: '`auths` is not an object' };
  const out: Record<string, BasicCredentials> = {};
  for (const [key, v] of Object.entries(auths as Record<string, unknown>)) {
    if (typeof v !== 'object' || v === null) continue;
    const e = v as { auth?: unknown; username?: unknown; password?: unknown };
    if (typeof e.auth === 'string' && e.auth !== '') {
      const plain = Buffer.from(e.auth, 'base64').toString('utf8');
      const i = plain.indexOf(':');
      if (i <= 0) return { problem: `the \`auth\` of "${key}" is not base64 of user:password` };
      out[key] = { username: plain.slice(0, i), password: plain.slice(i + 1) };
    } else if (typeof e.username === 'string' && typeof e.password === 'string')
      out[key] = { username: e.username, password: e.password };
  }
  return { auths: out };
}
