/**
 * The limits and patterns of `service.yaml` values, in one place: the rules (`rules.ts`) check
 * values against them and the zod schema (`schema.ts`) states them as JSON Schema keywords, so
 * the editor's schema and `msp validate` agree. Patterns are written for both JavaScript and
 * JSON Schema (`source` of a RegExp without flags).
 */
import { CRON_PATTERN } from './cron.ts';
import { MEMORY_PATTERN } from './memory.ts';
import { PROJECT_ID_PATTERN, SECRET_REF_PATTERN } from './secret-name.ts';

export { CRON_PATTERN, MEMORY_PATTERN, SECRET_REF_PATTERN };

/** Service id: at most this many characters (project IDs and names are built from it). */
export const SERVICE_ID_MAX = 20;
/** Characters a service id may hold (MSP's rule). */
export const SERVICE_ID_CHARS = /^[a-z0-9-]+$/;
/** A valid service id: also starts with a letter, ends with a letter or digit, 3+ characters. */
export const SERVICE_ID = new RegExp(`^[a-z][a-z0-9-]{1,${SERVICE_ID_MAX - 2}}[a-z0-9]$`);
/** Environment id. */
export const ENV_ID = /^[a-z][a-z0-9-]*$/;
/** A GCP project ID (6–30 characters). */
export const PROJECT_ID = new RegExp(`^${PROJECT_ID_PATTERN}$`);
/** IAM roles: predefined (`roles/x`) or custom (`projects/p/roles/x`, `organizations/o/roles/x`). */
export const IAM_ROLE = /^(?:roles\/[a-zA-Z.]+|(?:projects|organizations)\/[a-z0-9_-]+\/roles\/[a-zA-Z_.]+)$/;
export const IAM_PERMISSION = /^[a-z0-9]+(\.[a-zA-Z0-9]+){2,}$/;
export const API_SERVICE = /^[a-z0-9-]+\.googleapis\.com$/;
/** Characters GCP allows in a project display name (built from the service name). */
export const DISPLAY_NAME = /^[A-Za-z0-9 '"!-]*$/;
/** Docker image tags. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A Cloudflare zone: a DNS name of two or more labels (RFC 1035 labels, digits allowed first). */
const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
export const DNS_ZONE = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(?:\\.${DNS_LABEL})+$`);
/** A subdomain within a zone: DNS labels, optionally a leading wildcard. */
export const SUBDOMAIN = new RegExp(`^(?:\\*\\.)?${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
/** Environment variable names. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Secret volume names (they become Cloud Run volume names). */
export const VOLUME_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** PostgreSQL database names. */
export const DATABASE_NAME = /^[a-zA-Z_][a-zA-Z0-9_-]{0,62}$/;
/** Logical replication publication names. */
export const PUBLICATION_NAME = /^[a-z_][a-z0-9_]*$/;
/** BigQuery table and dataset IDs. */
export const BIGQUERY_ID = /^[A-Za-z0-9_]{1,1024}$/;
/** Response-code alert IDs. */
export const ALERT_ID = /^[A-Za-z0-9_-]+$/;
/** Custom alert names. */
export const CUSTOM_ALERT_NAME = /^[-A-Za-z0-9 ]+$/;
/** A class of HTTP status codes (`5xx`). */
export const CODE_CLASS = /^[1-5]xx$/;
/** One HTTP status code, as text (`excludeCodes`). */
export const HTTP_CODE = /^[1-5]\d\d$/;
/** A value that is not only spaces. */
export const NOT_BLANK = /\S/;
/** An absolute path. */
export const ABSOLUTE_PATH = /^\//;

/** Inclusive numeric ranges the rules enforce. */
export const RANGES = {
  cpu: { min: 1, max: 8 },
  minCount: { min: 0 },
  maxCount: { min: 1 },
  maxRequestConcurrency: { min: 1, max: 1000 },
  probeSeconds: { min: 1, max: 240 },
  livenessInterval: { min: 1, max: 3600 },
  postgresCpu: { min: 1, max: 96 },
  postgresMemoryGB: { min: 4 },
  maxConnections: { min: 14, max: 262143 },
  redisMemoryGB: { min: 1, max: 300 },
  /** Job task timeout; 1800 s at most for scheduled jobs (checked by the validator). */
  deadlineSeconds: { min: 1, max: 86400 },
  alertDurationMinutes: { max: 1440 },
  ratio: { min: 0, max: 1 },
  httpCode: { min: 100, max: 599 },
} as const;

/** JSON Schema keywords for a range. */
export function rangeKeywords(r: { min?: number; max?: number }): { minimum?: number; maximum?: number } {
  return {
    ...(r.min !== undefined ? { minimum: r.min } : {}),
    ...(r.max !== undefined ? { maximum: r.max } : {}),
  };
}
