/**
 * Resolving `<image>:<tag>` to the digest of its manifest through the OCI distribution API
 * (docs/images.md): `HEAD /v2/<name>/manifests/<tag>` for the `Docker-Content-Digest` header,
 * then `GET` when the header is missing (or `verify` asks for it), hashing the body and checking
 * it against the header. A 401 with a Bearer challenge fetches a token from the realm
 * (anonymously, or with the registry's Basic credentials) and retries once; a Basic challenge is
 * answered with the credentials directly.
 *
 * The transport is injected (`HttpTransport`, which the global `fetch` satisfies), so this module
 * does no IO of its own; every request is bounded by `timeoutMs`. Never throws for registry or
 * network problems: they come back as a {@link RegistryFailure} saying what to do.
 */
import { createHash } from 'node:crypto';
import {
  type AuthChallenge,
  basicAuthorization,
  mayCarryCredentials,
  parseChallenge,
  type RegistryCredentials,
} from './auth.ts';
import { DIGEST_PATTERN, type ImageRepository, isGoogleRegistry } from './reference.ts';

/** The part of a `fetch` Response the resolver reads. */
export interface HttpResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A `fetch`-like function; `globalThis.fetch` is one. */
export type HttpTransport = (
  url: string,
  init: { method: 'GET' | 'HEAD'; headers: Record<string, string>; signal: AbortSignal; redirect: 'follow' },
) => Promise<HttpResponseLike>;

/** Manifest media types msp asks for: OCI index and manifest, Docker v2 manifest list and manifest. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

/** Manifests are small; the distribution spec asks registries to accept at least 4 MiB. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Default bound of each registry request. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ResolveOptions {
  transport: HttpTransport;
  credentials?: RegistryCredentials;
  /** Bound of each request (token, HEAD, GET), body included. */
  timeoutMs?: number;
  /** Always GET the manifest and check its digest by hashing it (default: only without a HEAD digest). */
  verify?: boolean;
  /** Tokens shared between the resolutions of one run, by realm, service and scope. */
  tokens?: Map<string, string>;
}

/** A tag's manifest digest. */
export interface ResolvedDigest {
  digest: string;
  /** The manifest's media type, when the registry said it. */
  mediaType?: string;
  /** Whether the digest was checked against the manifest's bytes. */
  verified: boolean;
}

export type FailureKind =
  | 'unauthorized'
  | 'not-found'
  | 'timeout'
  | 'network'
  | 'digest-mismatch'
  | 'bad-response'
  | 'rate-limited';

/** Why a tag could not be resolved, in words a user acts on. */
export interface RegistryFailure {
  kind: FailureKind;
  /** The URL of the failing request (token endpoint or manifest). */
  url: string;
  /** HTTP status, when there was an answer. */
  status?: number;
  /** What happened, one sentence. */
  message: string;
  /** What to do. */
  hint: string;
}

export type ResolveResult = { value: ResolvedDigest } | { failure: RegistryFailure };

class Failure extends Error {
  constructor(readonly failure: RegistryFailure) {
    super(failure.message);
  }
}

/** Resolves `repo:tag` to its manifest digest; see the module comment. */
export async function resolveDigest(
  repo: ImageRepository,
  tag: string,
  opts: ResolveOptions,
): Promise<ResolveResult> {
  try {
    return { value: await resolveOrThrow(repo, tag, opts) };
  } catch (e) {
    if (e instanceof Failure) return { failure: e.failure };
    throw e;
  }
}

async function resolveOrThrow(
  repo: ImageRepository,
  tag: string,
  opts: ResolveOptions,
): Promise<ResolvedDigest> {
  const url = `${repo.baseUrl}/v2/${repo.repository}/manifests/${tag}`;
  const session: Session = { repo, opts, url, authorization: undefined };
  const head = await authorizedRequest(session, 'HEAD');
  const headDigest = head.status === 200 ? head.headers.get('docker-content-digest')?.trim() : undefined;
  if (head.status === 200 && headDigest && !opts.verify) {
    if (!DIGEST_PATTERN.test(headDigest))
      throw fail(
        session,
        'bad-response',
        head.status,
        `The registry answered with a malformed digest "${short(headDigest)}"`,
        BAD_REGISTRY,
      );
    const mediaType = contentType(head);
    return { digest: headDigest, ...(mediaType ? { mediaType } : {}), verified: false };
  }
  if (head.status !== 200 && head.status !== 405 && head.status !== 501)
    throw statusFailure(session, head.status, tag);
  // No digest from HEAD (or HEAD not supported, or --verify): fetch the manifest and hash it.
  const get = await authorizedRequest(session, 'GET');
  if (get.status !== 200) throw statusFailure(session, get.status, tag);
  const body = await bounded(session, async () => new Uint8Array(await get.arrayBuffer()));
  if (body.byteLength > MAX_MANIFEST_BYTES)
    throw fail(
      session,
      'bad-response',
      200,
      `The manifest is ${body.byteLength} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`,
      BAD_REGISTRY,
    );
  const mediaType = contentType(get) ?? mediaTypeInBody(body);
  if (mediaType && !(MANIFEST_MEDIA_TYPES as readonly string[]).includes(mediaType))
    throw fail(
      session,
      'bad-response',
      200,
      `The registry answered with a manifest of type "${short(mediaType)}", not an OCI or Docker v2 manifest`,
      mediaType.includes('manifest.v1')
        ? 'Docker schema 1 manifests have no stable digest; push the image again with a current Docker or BuildKit.'
        : BAD_REGISTRY,
    );
  const claimed = get.headers.get('docker-content-digest')?.trim() || headDigest || undefined;
  if (claimed !== undefined && !DIGEST_PATTERN.test(claimed))
    throw fail(
      session,
      'bad-response',
      200,
      `The registry answered with a malformed digest "${short(claimed)}"`,
      BAD_REGISTRY,
    );
  const algorithm = claimed?.startsWith('sha512:') ? 'sha512' : 'sha256';
  const actual = `${algorithm}:${createHash(algorithm).update(body).digest('hex')}`;
  if (claimed !== undefined && claimed !== actual)
    throw fail(
      session,
      'digest-mismatch',
      200,
      `The manifest's bytes hash to ${actual}, but the registry says ${claimed}`,
      'The answer was changed on the way or the registry is broken; nothing was pinned. Retry; if it persists, check proxies between CI and the registry.',
    );
  return { digest: actual, ...(mediaType ? { mediaType } : {}), verified: true };
}

const BAD_REGISTRY =
  'Check that the image name points at an OCI distribution registry; retry later if the registry has trouble.';

interface Session {
  repo: ImageRepository;
  opts: ResolveOptions;
  url: string;
  /** The `Authorization` value that worked, reused for the GET after the HEAD. */
  authorization: string | undefined;
}

/** One manifest request, answering a 401 challenge once. */
async function authorizedRequest(s: Session, method: 'HEAD' | 'GET'): Promise<HttpResponseLike> {
  const first = await send(s, s.url, method, manifestHeaders(s.authorization));
  if (first.status !== 401) return first;
  // Every refusal here is a 401 the user fixes with credentials.
  const unauthorized = (message: string) => fail(s, 'unauthorized', 401, message, credentialHint(s));
  const challenge = parseChallenge(first.headers.get('www-authenticate'));
  if (!challenge)
    throw unauthorized('The registry refused the request (401) without an authentication challenge');
  const previous = s.authorization;
  s.authorization = await authorizationFor(s, challenge);
  if (s.authorization === undefined)
    throw unauthorized('The registry asks for credentials (401) and none are configured for it');
  if (s.authorization === previous)
    throw unauthorized('The registry refused the token msp obtained (401 after authenticating)');
  const second = await send(s, s.url, method, manifestHeaders(s.authorization));
  if (second.status === 401)
    throw unauthorized(
      'The registry refused the credentials or token msp obtained (401 after authenticating)',
    );
  return second;
}

function manifestHeaders(authorization: string | undefined): Record<string, string> {
  return { accept: MANIFEST_MEDIA_TYPES.join(', '), ...(authorization ? { authorization } : {}) };
}

async function authorizationFor(s: Session, c: AuthChallenge): Promise<string | undefined> {
  const creds = s.opts.credentials?.(s.repo.registry);
  if (c.scheme === 'basic') {
    if (!creds) return undefined;
    if (!mayCarryCredentials(s.url))
      throw fail(
        s,
        'unauthorized',
        401,
        'The registry asks for Basic credentials over plain HTTP; msp sends credentials over HTTPS only',
        credentialHint(s),
      );
    return basicAuthorization(creds);
  }
  const scope = c.scope ?? `repository:${s.repo.repository}:pull`;
  const key = `${c.realm}\n${c.service ?? ''}\n${scope}\n${creds ? creds.username : ''}`;
  const cached = s.opts.tokens?.get(key);
  if (cached) return `Bearer ${cached}`;
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(c.realm);
  } catch {
    throw fail(
      s,
      'bad-response',
      401,
      `The registry's token realm "${short(c.realm)}" is not a URL`,
      BAD_REGISTRY,
    );
  }
  if (c.service !== undefined) tokenUrl.searchParams.set('service', c.service);
  tokenUrl.searchParams.set('scope', scope);
  const url = tokenUrl.toString();
  if (!mayCarryCredentials(url))
    throw fail(
      s,
      'unauthorized',
      401,
      `The registry's token realm ${tokenUrl.origin} is not HTTPS; msp fetches tokens over HTTPS only`,
      BAD_REGISTRY,
      url,
    );
  const headers: Record<string, string> = { accept: 'application/json' };
  if (creds) headers.authorization = basicAuthorization(creds);
  const r = await send(s, url, 'GET', headers);
  if (r.status === 401 || r.status === 403)
    throw fail(
      s,
      'unauthorized',
      r.status,
      creds
        ? `The token endpoint refused the credentials for ${s.repo.registry} (${r.status})`
        : `The token endpoint refused an anonymous token for ${s.repo.repository} (${r.status}): the image is private`,
      credentialHint(s),
      url,
    );
  if (r.status === 429)
    throw fail(s, 'rate-limited', 429, 'The token endpoint is rate-limiting msp (429)', RATE_HINT, url);
  if (r.status !== 200)
    throw fail(s, 'bad-response', r.status, `The token endpoint answered ${r.status}`, BAD_REGISTRY, url);
  const body = await bounded(s, async () => new Uint8Array(await r.arrayBuffer()), url);
  let token: unknown;
  try {
    const json = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown>;
    token = json.token ?? json.access_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '')
    throw fail(s, 'bad-response', 200, 'The token endpoint answered without a token', BAD_REGISTRY, url);
  s.opts.tokens?.set(key, token);
  return `Bearer ${token}`;
}

const RATE_HINT =
  'Wait and retry, or configure credentials for the registry (authenticated pulls have higher limits).';

/** Sends one request, bounded by the timeout; network problems become failures. */
async function send(
  s: Session,
  url: string,
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
): Promise<HttpResponseLike> {
  return bounded(s, (signal) => s.opts.transport(url, { method, headers, signal, redirect: 'follow' }), url);
}

/**
 * Runs `work` with an abort signal; after the timeout the signal fires and the result is a
 * timeout failure, whether or not the transport honours the signal.
 */
async function bounded<T>(s: Session, work: (signal: AbortSignal) => Promise<T>, url = s.url): Promise<T> {
  const ms = s.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new Failure({
          kind: 'timeout',
          url,
          message: `No answer from ${originOf(url)} within ${seconds(ms)}`,
          hint: 'Check that CI can reach the registry (proxy, firewall); raise the bound with --timeout <seconds> for a slow registry.',
        }),
      );
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } catch (e) {
    if (e instanceof Failure) throw e;
    throw new Failure({
      kind: 'network',
      url,
      message: `Cannot reach ${originOf(url)}: ${networkCause(e)}`,
      hint: 'Check the registry host in `build.image`, DNS and the network between CI and the registry.',
    });
  } finally {
    clearTimeout(timer);
  }
}

function statusFailure(s: Session, status: number, tag: string): Failure {
  if (status === 404)
    return fail(
      s,
      'not-found',
      404,
      `The registry has no manifest for tag "${tag}" of ${s.repo.image} (404)`,
      'Push the tag first, or fix `deploy.subscription.tag` or `build.image`.',
    );
  if (status === 401 || status === 403)
    return fail(
      s,
      'unauthorized',
      status,
      `The registry refused access to ${s.repo.image} (${status})`,
      credentialHint(s),
    );
  if (status === 429)
    return fail(s, 'rate-limited', 429, 'The registry is rate-limiting msp (429)', RATE_HINT);
  return fail(s, 'bad-response', status, `The registry answered ${status} for the manifest`, BAD_REGISTRY);
}

function credentialHint(s: Session): string {
  return isGoogleRegistry(s.repo.registry)
    ? `Set MSP_REGISTRY_TOKEN to an access token of an identity with roles/artifactregistry.reader on the repository (e.g. \`MSP_REGISTRY_TOKEN=$(gcloud auth print-access-token)\`), or add ${s.repo.registry} to the Docker config's \`auths\` (docs/images.md).`
    : `Add credentials for ${s.repo.registry} to the Docker config's \`auths\` (DOCKER_CONFIG or ~/.docker/config.json; docs/images.md).`;
}

function fail(
  s: Session,
  kind: FailureKind,
  status: number | undefined,
  message: string,
  hint: string,
  url = s.url,
): Failure {
  return new Failure({ kind, url, ...(status !== undefined ? { status } : {}), message, hint });
}

function contentType(r: HttpResponseLike): string | undefined {
  const v = r.headers.get('content-type');
  return v ? v.split(';')[0]!.trim().toLowerCase() || undefined : undefined;
}

function mediaTypeInBody(body: Uint8Array): string | undefined {
  try {
    const m = (JSON.parse(Buffer.from(body).toString('utf8')) as { mediaType?: unknown }).mediaType;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

function networkCause(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return e instanceof Error ? e.message : String(e);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function short(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
