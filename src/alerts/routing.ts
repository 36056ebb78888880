/**
 * Alert routing: which notification channels an environment gets and which of them each alert
 * reaches. Every alert policy (the monitoring stack's own, SLO burn-rate alerts, hand-written
 * ones through the stack outputs) routes through {@link routeAlerts} and {@link channelsForAlert}.
 *
 * Rules (docs/platform-config.md, "Alert routing"):
 * - a channel serves an environment when its `categories` include the environment's category;
 *   paging channels only while paging is on (`alerting.opsgenie`, MSP's meaning);
 * - the service's owners (`service.owners`) come first: for each severity, the channels of the
 *   owner teams (`teams.<owner>.alerting.channels`) that receive it;
 * - the platform-wide channels (`notifications.channels`) are the fallback: they receive a
 *   severity no owner channel receives, and their paging channels page for a severity no owner
 *   paging channel covers;
 * - an internal or external environment whose CRITICAL alerts reach no paging channel is an
 *   error ({@link checkPagingRoutes}).
 */
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import type { Category, NotificationChannel, PlatformConfig, Severity } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';

export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'WARNING'];

/** True when paging channels are on for the environment (`alerting.opsgenie`). */
export function pagingEnabled(env: EnvironmentSpec): boolean {
  return env.alerting.opsgenie;
}

/** True when `channel` receives alerts of `severity`. */
function receives(channel: NotificationChannel, severity: Severity): boolean {
  return channel.severities.includes(severity);
}

/** Where a channel of an environment comes from. */
type ChannelSource = { kind: 'team'; team: string } | { kind: 'platform' };

/** The routing of one environment. */
export interface AlertRouting {
  /** Every channel the environment's monitoring stack declares, sorted by ID. */
  channels: NotificationChannel[];
  /** The channels alerts of each severity reach, sorted by ID. */
  bySeverity: Record<Severity, NotificationChannel[]>;
  /** True when the owners have channels of their own for the environment. */
  ownersRouted: boolean;
}

const byId = (a: NotificationChannel, b: NotificationChannel) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function serves(c: NotificationChannel, category: Category, paging: boolean): boolean {
  return c.categories.includes(category) && (!c.paging || paging);
}

/** The owner teams' channels serving the environment, once each, in owner order. */
function ownerChannels(
  platform: PlatformConfig,
  spec: ServiceSpec,
  env: EnvironmentSpec,
): NotificationChannel[] {
  const seen = new Set<string>();
  const out: NotificationChannel[] = [];
  for (const owner of spec.owners)
    for (const c of platform.teams[owner]?.alerting.channels ?? [])
      if (!seen.has(c.id) && serves(c, env.category, pagingEnabled(env))) {
        seen.add(c.id);
        out.push(c);
      }
  return out;
}

/** Routes an environment's alerts: owners' channels first, platform-wide channels as the fallback. */
export function routeAlerts(platform: PlatformConfig, spec: ServiceSpec, env: EnvironmentSpec): AlertRouting {
  const owned = ownerChannels(platform, spec, env);
  const shared = platform.notificationChannels.filter((c) => serves(c, env.category, pagingEnabled(env)));
  const bySeverity = {} as Record<Severity, NotificationChannel[]>;
  const all = new Map<string, NotificationChannel>();
  for (const severity of SEVERITIES) {
    const mine = owned.filter((c) => receives(c, severity));
    const theirs = shared.filter((c) => receives(c, severity));
    const picked =
      mine.length === 0
        ? theirs
        : mine.some((c) => c.paging)
          ? mine
          : [...mine, ...theirs.filter((c) => c.paging)];
    bySeverity[severity] = [...picked].sort(byId);
    for (const c of picked) all.set(c.id, c);
  }
  return { channels: [...all.values()].sort(byId), bySeverity, ownersRouted: owned.length > 0 };
}

/** The channels an alert of `severity` reaches (for every alert policy, generated or not). */
export function channelsForAlert(routing: AlertRouting, severity: Severity): NotificationChannel[] {
  return routing.bySeverity[severity];
}

/** Where a channel came from, for docs. */
export function channelSource(c: NotificationChannel): ChannelSource {
  return c.team !== undefined ? { kind: 'team', team: c.team } : { kind: 'platform' };
}

/** The channels of an environment (see {@link routeAlerts}), sorted by ID. */
export function channelsForEnvironment(
  platform: PlatformConfig,
  spec: ServiceSpec,
  env: EnvironmentSpec,
): NotificationChannel[] {
  return routeAlerts(platform, spec, env).channels;
}

/**
 * Errors for internal and external environments whose CRITICAL alerts reach no paging channel
 * (key paths into service.yaml).
 */
export function checkPagingRoutes(spec: ServiceSpec, platform: PlatformConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  spec.environments.forEach((env, i) => {
    if (env.category === 'test') return;
    const critical = routeAlerts(platform, spec, env).bySeverity.CRITICAL;
    if (critical.some((c) => c.paging)) return;
    const off = !pagingEnabled(env);
    out.push(
      error(
        'SPEC_NO_PAGING_ROUTE',
        `Critical alerts of the ${env.category} environment "${env.id}" page nobody`,
        off ? ['environments', i, 'alerting', 'opsgenie'] : ['environments', i, 'category'],
        off
          ? {
              detail: `Paging is turned off here (\`alerting.opsgenie: false\`), and ${env.category} environments must page someone for critical alerts.`,
              hint: 'Remove `alerting.opsgenie: false` (paging is on by default for internal and external environments), or make the environment `category: test`.',
            }
          : {
              detail: `No notification channel with \`paging: true\` receives CRITICAL alerts for ${env.category} environments of the owners (${spec.owners.join(', ')}) or the platform.`,
              hint: `Add a paging channel (\`paging: true\`, severities [CRITICAL]) under \`teams.${spec.owners[0] ?? '<owner>'}.alerting.channels\` or \`notifications.channels\` in platform.yaml.`,
            },
      ),
    );
  });
  return out;
}
