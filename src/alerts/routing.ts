/**
 * Alert routing by environment category instead of hard-coded vendors: which of the platform's
 * notification channels an environment gets, and which of them an alert of a given severity
 * reaches. Paging channels follow `alerting.opsgenie` (MSP's meaning: paging on or off).
 */
import type { NotificationChannel, PlatformConfig, Severity } from '../platform/model.ts';
import type { EnvironmentSpec } from '../spec/model.ts';

/** True when paging channels are on for the environment (`alerting.opsgenie`). */
export function pagingEnabled(env: EnvironmentSpec): boolean {
  return env.alerting.opsgenie;
}

/**
 * The channels an environment gets, sorted by ID: those serving its category, minus paging
 * channels when paging is off for it.
 */
export function channelsForEnvironment(
  platform: PlatformConfig,
  env: EnvironmentSpec,
): NotificationChannel[] {
  return platform.notificationChannels
    .filter((c) => c.categories.includes(env.category))
    .filter((c) => !c.paging || pagingEnabled(env))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** True when `channel` receives alerts of `severity`. */
export function receives(channel: NotificationChannel, severity: Severity): boolean {
  return channel.severities.includes(severity);
}

/** The channels (of an environment's) that receive alerts of `severity`, in the same order. */
export function channelsForSeverity(
  channels: readonly NotificationChannel[],
  severity: Severity,
): NotificationChannel[] {
  return channels.filter((c) => receives(c, severity));
}
