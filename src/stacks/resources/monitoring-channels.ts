/**
 * The environment's notification channels: one `google_monitoring_notification_channel` per
 * channel the routing gives the environment (owners' channels, platform-wide fallback; see
 * `alerts/routing.ts`). Labels are literal; sensitive labels are read from Secret Manager at
 * apply time, never written out.
 */
import type { AlertRouting } from '../../alerts/routing.ts';
import type { NotificationChannel, SecretRef } from '../../platform/model.ts';
import type { ResourceHandle, Stack, TfExpr } from '../../terraform/index.ts';
import type { StackContext } from '../context.ts';

/** Sensitive label keys of the provider, by the platform config's key. */
const SENSITIVE_LABELS = {
  authToken: 'auth_token',
  serviceKey: 'service_key',
  password: 'password',
} as const;

/** A declared channel and its handle. */
interface DeclaredChannel {
  channel: NotificationChannel;
  resource: ResourceHandle<'google_monitoring_notification_channel'>;
}

function secretValue(stack: Stack, channelId: string, label: string, ref: SecretRef): TfExpr {
  const data = stack.data('google_secret_manager_secret_version', `${channelId}_${label}`, {
    project: ref.project,
    secret: ref.secret,
  });
  return data.ref('secret_data');
}

/** Declares the environment's channels; returns them sorted by channel ID. */
export function addNotificationChannels(
  stack: Stack,
  ctx: StackContext,
  routing: AlertRouting,
): DeclaredChannel[] {
  const { spec, env } = ctx;
  return routing.channels.map((channel) => {
    const sensitive: Partial<Record<(typeof SENSITIVE_LABELS)[keyof typeof SENSITIVE_LABELS], TfExpr>> = {};
    for (const key of Object.keys(SENSITIVE_LABELS) as (keyof typeof SENSITIVE_LABELS)[]) {
      const ref = channel.sensitiveLabels[key];
      if (ref) sensitive[SENSITIVE_LABELS[key]] = secretValue(stack, channel.id, SENSITIVE_LABELS[key], ref);
    }
    const resource = stack.resource('google_monitoring_notification_channel', channel.id, {
      display_name: channel.displayName,
      type: channel.type,
      description:
        `Alerts of ${spec.name} (${env.id}) with severity ${[...channel.severities].sort().join(' or ')}. ` +
        `Managed by msp from ${channel.team !== undefined ? `channel "${channel.id}" of team ${channel.team}` : `platform channel "${channel.id}"`}.`,
      enabled: true,
      labels: channel.labels,
      ...(Object.keys(sensitive).length > 0 ? { sensitive_labels: [sensitive] } : {}),
      user_labels: {
        msp: 'true',
        msp_channel_id: channel.id,
        ...(channel.team !== undefined ? { msp_owner: teamLabel(channel.team) } : {}),
      },
    });
    return { channel, resource };
  });
}

/** A team name as a label value: lower-case letters, digits, `_` and `-`, at most 63 characters. */
function teamLabel(team: string): string {
  return team
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .slice(0, 63);
}
