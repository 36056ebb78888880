import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Extracts the token from an `Authorization: Bearer <token>` header value (scheme case-insensitive).
 *
 * @returns the token, or `undefined` when the header is absent or not a bearer credential.
 */
export function parseBearerToken(header: string | string[] | undefined): string | undefined {
  if (header === undefined || Array.isArray(header)) return undefined;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  return m === null ? undefined : m[1];
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * Compares a presented token with the secret in constant time. Both are hashed first, so neither
 * the content nor the length of the secret leaks through timing; `timingSafeEqual` then compares
 * two 32-byte digests.
 *
 * @returns `true` only when `presented` equals `secret`; `false` for `undefined`.
 */
export function tokenMatches(presented: string | undefined, secret: string): boolean {
  // Hash something even when no token was sent, so every failure path costs the same.
  const ok = timingSafeEqual(digest(presented ?? ''), digest(secret));
  return ok && presented !== undefined;
}

/**
 * Whether a request with this `Authorization` header may see diagnostics. Without a configured
 * secret (local development only; the contract requires one in production) everything is allowed.
 */
export function isAuthorized(
  authorization: string | string[] | undefined,
  secret: string | undefined,
): boolean {
  if (secret === undefined) return true;
  return tokenMatches(parseBearerToken(authorization), secret);
}
