/**
 * The documentation every alert policy carries: what the alert means, then where to go — the
 * service's operations page for this environment, the incident runbook, the owning teams.
 */

import type { PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { opsPageUrl } from '../urls/index.ts';
import type { AlertDocumentation } from './model.ts';

/** The paragraph (one line) appended to every alert's description (MSP's "alert description suffix"). */
function alertFooter(spec: ServiceSpec, env: EnvironmentSpec, platform: PlatformConfig): string {
  const lines = [
    `See <${opsPageUrl(platform, spec.id)}> -> **${env.id}** for service and infrastructure access details for this environment.`,
  ];
  if (platform.links.runbook) lines.push(`Runbook: <${platform.links.runbook}>.`);
  lines.push(`Owners: ${spec.owners.join(', ')}.`);
  return lines.join(' ');
}

/** Documentation of one alert: subject, description plus footer, links. */
export function alertDocumentation(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  alertName: string,
  description: string,
): AlertDocumentation {
  const links = [{ name: 'Operations page', url: opsPageUrl(platform, spec.id) }];
  if (platform.links.runbook) links.push({ name: 'Runbook', url: platform.links.runbook });
  return {
    subject: `${spec.name} (${env.id}): ${alertName}`,
    content: `${description.trim()}\n\n${alertFooter(spec, env, platform)}`,
    links,
  };
}
