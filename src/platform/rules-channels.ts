/**
 * Platform rules over the notification channels (`notifications.channels` and each owner team's
 * `alerting.channels`): ids, what each type needs, no secret in plain text, and who can read a
 * plain-label secret.
 */
import { type Diagnostic, error, type KeyPath, warning } from '../diagnostics/diagnostic.ts';
import { curatedKind } from './access.ts';
import { CHANNEL_ID, CHANNEL_REQUIRED_LABEL, CHANNEL_REQUIRED_SECRET, SECRET_LABELS } from './constraints.ts';
import { accessRolesOf, channelDefaults, curatedRolesOf } from './defaults.ts';
import type { PlatformRule } from './rules-context.ts';
import type { RawNotificationChannel, RawPlatformConfig } from './schema.ts';

/** Every channel with its key path: the platform-wide ones, then the teams' in team order. */
function channelsOf(raw: RawPlatformConfig): { channel: RawNotificationChannel; path: KeyPath }[] {
  return [
    ...(raw.notifications?.channels ?? []).map((channel, i) => ({
      channel,
      path: ['notifications', 'channels', i] as KeyPath,
    })),
    ...Object.keys(raw.teams ?? {})
      .sort()
      .flatMap((owner) =>
        (raw.teams![owner]!.alerting?.channels ?? []).map((channel, i) => ({
          channel,
          path: ['teams', owner, 'alerting', 'channels', i] as KeyPath,
        })),
      ),
  ];
}

/** A rule run on each channel. */
const eachChannel = (
  name: string,
  check: (c: RawNotificationChannel, path: KeyPath) => Diagnostic[],
): PlatformRule => ({
  name,
  check: (raw) => channelsOf(raw).flatMap(({ channel, path }) => check(channel, path)),
});

const channelIdFormat = eachChannel('channel id format', (c, path) =>
  CHANNEL_ID.test(c.id)
    ? []
    : [
        error(
          'PLATFORM_CHANNEL_ID_FORMAT',
          'Channel id must be lowercase letters, digits and hyphens',
          [...path, 'id'],
          {
            found: c.id,
          },
        ),
      ],
);

/** Channel ids name Terraform resources: one namespace for platform-wide and team channels. */
const channelIdsUnique: PlatformRule = {
  name: 'channel ids unique',
  check: (raw) => {
    const seen = new Map<string, string>();
    const out: Diagnostic[] = [];
    for (const { channel: c, path } of channelsOf(raw)) {
      const first = seen.get(c.id);
      if (first !== undefined)
        out.push(
          error(
            'PLATFORM_DUPLICATE_CHANNEL_ID',
            `Channel id "${c.id}" is already used by ${first}`,
            [...path, 'id'],
            {
              detail:
                'Channel ids name Terraform resources; platform-wide and team channels share one namespace.',
            },
          ),
        );
      else
        seen.set(
          c.id,
          path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
            .join('')
            .slice(1),
        );
    }
    return out;
  },
};

const channelSeverities = eachChannel('channel severities', (c, path) =>
  c.severities.length > 0
    ? []
    : [
        error('PLATFORM_CHANNEL_NO_SEVERITY', 'A channel must receive at least one severity', [
          ...path,
          'severities',
        ]),
      ],
);

const channelRequiredLabel = eachChannel('channel required label', (c, path) => {
  const label = CHANNEL_REQUIRED_LABEL[c.type];
  return !label || c.labels?.[label]
    ? []
    : [
        error(
          'PLATFORM_CHANNEL_LABEL_MISSING',
          `Channel type \`${c.type}\` needs label \`${label}\``,
          [...path, 'labels'],
          {
            hint: `Add \`labels: { ${label}: ... }\`.`,
          },
        ),
      ];
});

const channelRequiredSecret = eachChannel('channel required secret', (c, path) => {
  const need = CHANNEL_REQUIRED_SECRET[c.type];
  return !need || c.sensitiveLabels?.[need.key]
    ? []
    : [
        error(
          'PLATFORM_CHANNEL_SECRET_MISSING',
          `${need.name} channels need \`sensitiveLabels.${need.key}\``,
          [...path, 'sensitiveLabels'],
        ),
      ];
});

const channelSecretLabels = eachChannel('no secret in channel labels', (c, path) =>
  SECRET_LABELS.filter((key) => c.labels?.[key] !== undefined).map((key) =>
    error(
      'PLATFORM_SECRET_IN_CONFIG',
      `Label \`${key}\` is a secret and must not be written in the config`,
      [...path, 'labels', key],
      { hint: 'Move it to Secret Manager and reference it under `sensitiveLabels`.' },
    ),
  ),
);

/** Roles that let a holder list notification channels and read their plain labels. */
const CHANNEL_READERS = [
  'roles/monitoring.viewer',
  'roles/monitoring.editor',
  'roles/monitoring.admin',
  'roles/monitoring.notificationChannelViewer',
  'roles/monitoring.notificationChannelEditor',
];

/**
 * Warns when a channel that keeps its secret in a plain label (`webhook_tokenauth`: the token is
 * in the URL) serves external environments whose engineers can list notification channels.
 */
const channelSecretExposure: PlatformRule = {
  name: 'channel secret exposure',
  check: (raw) => {
    const exposed = channelsOf(raw)
      .map(({ channel }) => channelDefaults(channel))
      .filter((c) => c.type === 'webhook_tokenauth' && c.categories.includes('external'));
    if (exposed.length === 0) return [];
    const curated = curatedRolesOf(raw);
    const lists = (role: string) => {
      const kind = curatedKind(role);
      return kind
        ? curated.external[kind].permissions.some((p) => p.startsWith('monitoring.notificationChannels.'))
        : CHANNEL_READERS.includes(role);
    };
    // Standing readers only: an elevated grant is time-boxed and asked for.
    const standing = accessRolesOf(raw).external.filter(lists);
    if (standing.length === 0) return [];
    return [
      warning(
        'PLATFORM_CHANNEL_SECRET_VISIBLE',
        `External engineers can read the plain-label secret of ${exposed.map((c) => `"${c.id}"`).join(', ')}`,
        ['access', 'roles', 'external'],
        {
          detail: `\`webhook_tokenauth\` channels keep their token in the \`url\` label, which ${standing.join(', ')} can list.`,
          hint: 'Use a channel type with a sensitive label (pagerduty, slack, webhook_basicauth) for external environments, or keep notification-channel permissions out of the external roles.',
        },
      ),
    ];
  },
};

/** The rules over notification channels, in order. */
export const CHANNEL_RULES: readonly PlatformRule[] = [
  channelIdFormat,
  channelIdsUnique,
  channelSeverities,
  channelRequiredLabel,
  channelRequiredSecret,
  channelSecretLabels,
  channelSecretExposure,
];
