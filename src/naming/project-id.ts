/**
 * Project IDs for new environments: `<service>-<env>-<hex suffix>`.
 * The random bytes are passed in so the function stays pure; the CLI uses crypto.randomBytes.
 */
export const DEFAULT_SUFFIX_LENGTH = 4;

export function makeProjectID(
  serviceID: string,
  envID: string,
  randomBytes: Uint8Array,
  suffixLength = DEFAULT_SUFFIX_LENGTH,
): { value: string } | { error: string } {
  if (suffixLength < 2) return { error: 'suffix length must be at least 2 characters long' };
  if (randomBytes.length * 2 < suffixLength) return { error: 'not enough random bytes for the suffix' };
  const suffix = Buffer.from(randomBytes).toString('hex').slice(0, suffixLength);
  const id = `${serviceID}-${envID}-${suffix}`;
  if (id.length > 30)
    return {
      error: `project ID "${id}" must be no longer than 30 characters, try a shorter service ID or environment ID`,
    };
  return { value: id };
}
