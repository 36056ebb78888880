import type { SecretName } from './model.ts';

/** A Secret Manager secret ID. */
const SECRET_ID_PATTERN = '[A-Za-z0-9_-]{1,255}';
const SECRET_ID = new RegExp(`^${SECRET_ID_PATTERN}$`);

/** A GCP project ID: 6–30 lowercase letters, digits and hyphens, starting with a letter. */
export const PROJECT_ID_PATTERN = '[a-z][a-z0-9-]{4,28}[a-z0-9]';
/**
 * How a secret may name its project, as GCP documents: a project ID, a domain-scoped project ID
 * (`example.com:my-project`) or a project number (`projects/123456789012/secrets/NAME`).
 */
const PROJECT_REF_PATTERN = `(?:${PROJECT_ID_PATTERN}|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+:${PROJECT_ID_PATTERN}|[1-9][0-9]{0,19})`;
const PROJECT_REF = new RegExp(`^${PROJECT_REF_PATTERN}$`);

/** A JSON Schema pattern for what `parseSecretName` accepts: `NAME` or `projects/<p>/secrets/NAME`. */
export const SECRET_REF_PATTERN = `^(?:${SECRET_ID_PATTERN}|projects/${PROJECT_REF_PATTERN}/secrets/${SECRET_ID_PATTERN})$`;

function isProjectRef(p: string): boolean {
  return PROJECT_REF.test(p);
}

/**
 * Parses a secret reference: `NAME` (the environment's project) or `projects/<p>/secrets/<s>`.
 * The error texts follow MSP's generation-time checks, which we run at validation.
 */
export function parseSecretName(
  raw: string,
): SecretName | { error: string; upstream?: string; hint?: string } {
  if (raw.startsWith('project/'))
    return {
      error: `Invalid secret name "${raw}": it starts with 'project/'`,
      upstream: `invalid secret name "${raw}": 'project/'-prefixed name provided, did you mean 'projects/'?`,
      hint: `Did you mean "projects/${raw.slice('project/'.length)}"?`,
    };
  if (raw.includes('/versions/') || raw.includes('/version/'))
    return {
      error: `Invalid secret name "${raw}": secrets must not name a version`,
      upstream: `invalid secret name "${raw}": secrets should not be versioned with '/version/'`,
      hint: 'The latest version is always used; remove the version part.',
    };
  if (raw.startsWith('projects/')) {
    const parts = raw.split('/');
    if (parts.length !== 4)
      return {
        error: `Invalid secret name "${raw}": expected projects/<project>/secrets/<secret>`,
        upstream: `invalid secret name "${raw}": expected 'projects/'-prefixed name to have 4 '/'-delimited parts`,
      };
    if (parts[2] !== 'secrets')
      return {
        error: `Invalid secret name "${raw}": the third part must be 'secrets'`,
        upstream: `invalid secret name "${raw}": found '/secret/' segment, did you mean '/secrets/'?`,
        hint: `Did you mean "projects/${parts[1]}/secrets/${parts[3]}"?`,
      };
    if (!isProjectRef(parts[1]!))
      return {
        error: `Invalid secret name "${raw}": "${parts[1]}" is not a valid project ID or number`,
        hint: 'Use a project ID (my-project), a domain-scoped project ID (example.com:my-project) or a project number (123456789012).',
      };
    if (!SECRET_ID.test(parts[3]!))
      return { error: `Invalid secret name "${raw}": secret IDs use letters, digits, '_' and '-'` };
    return { raw, project: parts[1]!, secret: parts[3]! };
  }
  if (!SECRET_ID.test(raw))
    return {
      error: `Invalid secret name "${raw}"`,
      hint: "Use a secret ID (letters, digits, '_' and '-') or projects/<project>/secrets/<secret>.",
    };
  return { raw, secret: raw };
}
