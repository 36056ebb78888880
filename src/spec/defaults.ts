/**
 * The one table of `service.yaml` defaults: what a key means when it is left out. Read by the
 * resolver that applies them (`resolve.ts`), the schema that documents them (`schema.ts`, hence
 * the JSON Schema, the editor's hovers and docs/spec-reference.md), the rules that check
 * effective values, the Cloud Run stack, the alert model and the operations pages. Change a
 * default here and all of them follow; `test/spec/defaults.test.ts` checks that the JSON Schema
 * documents exactly these defaults and that a spec leaving the keys out resolves to them.
 *
 * Defaults that come from the platform config (an environment's region and BigQuery location,
 * the objectives of its category) are not here: they are the platform's (docs/platform-config.md).
 */
export const SPEC_DEFAULTS = {
  /** `service.kind`. */
  kind: 'service',
  /**
   * The image tag deployed when none is given: `deploy.manual.tag`, `deploy.subscription.tag`
   * (an empty tag too) and `rollout.initialImageTag`.
   */
  imageTag: 'insiders',
  /** `domain.type`. */
  domainType: 'none',
  /** `domain.cloudflare.proxied`. */
  cloudflareProxied: true,
  /** `domain.networking.loadBalancerLogging`. */
  loadBalancerLogging: false,
  healthProbes: {
    /** `healthProbes.healthzProbes`. */
    healthzProbes: true,
    /**
     * `healthProbes.timeout`, seconds; also the startup probe's period when
     * `healthProbes.startupInterval` is left out, and the uptime check's timeout.
     */
    timeoutSeconds: 3,
    /** `healthProbes.livenessInterval` when left out: this many timeouts. */
    livenessIntervalTimeouts: 10,
  },
  /** `instances.scaling.*` (services only), also when the `scaling` block is left out. */
  scaling: { minCount: 0, maxCount: 5, maxRequestConcurrency: 1000 },
  /** `deadlineSeconds` (jobs only). */
  deadlineSeconds: 300,
  postgreSQL: {
    /** `resources.postgreSQL.cpu`. */
    cpu: 1,
    /** `resources.postgreSQL.memoryGB`. */
    memoryGB: 4,
    /** `resources.postgreSQL.highAvailability`. */
    highAvailability: false,
    /**
     * Cloud SQL's own `max_connections` when `resources.postgreSQL.maxConnections` is left out:
     * the flag is then not set, and the connection alert and the operations page assume it.
     */
    maxConnections: 100,
  },
  redis: {
    /** `resources.redis.memoryGB`. */
    memoryGB: 1,
    /** `resources.redis.highAvailability`. */
    highAvailability: false,
  },
  /**
   * `alerting.opsgenie`: environments of these categories page (CRITICAL channels) unless the
   * spec says otherwise.
   */
  pagingCategories: ['internal', 'external'],
  /** `allowDestroys`. */
  allowDestroys: false,
  /** `durationMinutes` of `monitoring.alerts.responseCodeRatios[]` and of custom alert conditions. */
  alertDurationMinutes: 1,
  /** `monitoring.nobl9` (accepted for compatibility; nothing is provisioned). */
  nobl9: false,
  /** `rollout.suspended`. */
  rolloutSuspended: false,
} as const;

/** Whether an environment of `category` pages when the spec leaves `alerting.opsgenie` out. */
export function pagesByDefault(category: string): boolean {
  return (SPEC_DEFAULTS.pagingCategories as readonly string[]).includes(category);
}
