/**
 * Platform placeholders that matter for one service (docs/platform-config.md, "Placeholders"):
 * a check of the resolved spec against the platform config, run by the spec pipeline after the
 * spec's own rules. The placeholder detection itself is in `src/platform/placeholders.ts`.
 */
import { type Diagnostic, warning } from '../diagnostics/diagnostic.ts';
import type { NotificationChannel, PlatformConfig } from '../platform/model.ts';
import { isExampleDomain, isPlaceholderChannel } from '../platform/placeholders.ts';
import type { ServiceSpec } from '../spec/model.ts';

/**
 * Placeholders that matter for this service (paths into service.yaml): the organisation domain
 * when an environment restricts callers to it, and placeholder channels that would receive the
 * alerts of internal/external environments.
 */
export function servicePlaceholders(
  spec: ServiceSpec,
  platform: PlatformConfig,
  channelsOf: (envIndex: number) => readonly NotificationChannel[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // The built-in settings are reported once, for the whole config (platformPlaceholders).
  if (platform.source === 'built-in defaults') return out;
  spec.environments.forEach((env, i) => {
    if (env.authentication.mode === 'domain' && isExampleDomain(platform.organization.domain))
      out.push(
        warning(
          'PLATFORM_PLACEHOLDER',
          `Callers are limited to the placeholder domain ${platform.organization.domain}`,
          ['environments', i, 'authentication'],
          {
            detail:
              'This environment lets members of the organisation domain call the service; the platform config names no real domain.',
            hint: 'Set `organization.domain` in platform.yaml to your Google Workspace domain.',
          },
        ),
      );
    if (env.category === 'test') return;
    const bad = channelsOf(i).filter(isPlaceholderChannel);
    if (bad.length > 0)
      out.push(
        warning(
          'PLATFORM_PLACEHOLDER',
          `Alerts of this ${env.category} environment go to placeholder channels`,
          ['environments', i, 'category'],
          {
            found: bad.map((c) => c.id).join(', '),
            detail: 'Alerts of internal and external environments must reach real people.',
            hint: 'Declare real channels in platform.yaml: `teams.<owner>.alerting.channels` for the owners, or `notifications.channels`.',
          },
        ),
      );
  });
  return out;
}
