/**
 * The access and paging parts of the operations page: what engineers hold in an environment,
 * how to request each elevated role (with its request link), how to get database access
 * (impersonating the operator-access account, next to `msp pg connect`), and who is notified
 * and paged for each alert. Built from the same platform config and routing as the iam and
 * monitoring stacks, so the page and the grants cannot drift apart.
 */
import { channelSource, routeAlerts } from '../alerts/routing.ts';
import { operatorAccessSaEmail, workloadSaEmail } from '../naming/names.ts';
import { ACT_AS_ROLE, curatedKind, IMPERSONATION_ROLE, iamRoleName } from '../platform/access.ts';
import type { NotificationChannel, PlatformConfig, Severity } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { engineersDeploy } from '../stacks/iam.ts';
import * as urls from '../urls/index.ts';
import { type Block, code, h, type Inline, type ListItem, li, p, strong, ul, url } from './doc.ts';
import { roleSummary } from './roles.ts';

/** `projects/<p>/serviceAccounts/<email>`: the resource a grant on one account is made on. */
function serviceAccountResource(env: EnvironmentSpec, email: string): string {
  return `projects/${env.projectID}/serviceAccounts/${email}`;
}

function roleLabel(role: string, env: EnvironmentSpec, platform: PlatformConfig): Inline[] {
  const kind = curatedKind(role);
  if (kind) {
    const r = platform.access.curatedRoles[env.category][kind];
    return [
      code(role),
      ` (custom role `,
      code(iamRoleName(role, env.projectID)),
      `, ${r.permissions.length} permissions): ${r.description}`,
    ];
  }
  const s = roleSummary(role);
  return s ? [code(role), `: ${s}`] : [code(role)];
}

/** The "<env> access" section: standing roles, account grants, requestable roles with links. */
export function accessSection(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  heading: string,
): Block[] {
  const cat = env.category;
  const standing = platform.access.roles[cat];
  const elevated = platform.access.elevated.roles[cat];
  const duration = platform.access.elevated.durations[cat];
  const group = platform.access.engineersGroup;
  const blocks: Block[] = [h(4, heading)];
  const items: ListItem[] = standing.map((r) => li(roleLabel(r, env, platform)));
  if (platform.access.impersonation[cat] === 'standing')
    items.push(
      li([
        code(IMPERSONATION_ROLE),
        ' on ',
        code(operatorAccessSaEmail(env)),
        ' only: impersonate the operator-access account (read-only database sessions)',
      ]),
    );
  if (engineersDeploy(platform, cat))
    items.push(
      li([
        code(ACT_AS_ROLE),
        ' on ',
        code(workloadSaEmail(spec, env)),
        ' only: deploy revisions as the service',
      ]),
    );
  blocks.push(
    items.length > 0
      ? p(
          'In ',
          strong(cat),
          ' environments, members of ',
          code(group),
          ' hold these roles on ',
          code(env.projectID),
          ' at all times:',
        )
      : p(
          'In ',
          strong(cat),
          ' environments, engineers hold no standing roles on ',
          code(env.projectID),
          '.',
        ),
  );
  if (items.length > 0) blocks.push(ul(items));

  const requests: ListItem[] = elevated.map((role) => {
    const link = urls.elevatedAccessUrl(platform, spec, env, role);
    const label = roleLabel(role, env, platform);
    return link ? li([url(link, 'Request'), ' ', ...label]) : li(label);
  });
  if (platform.access.impersonation[cat] === 'requestable') {
    const email = operatorAccessSaEmail(env);
    const link = impersonationRequestUrl(platform, spec, env);
    const label: Inline[] = [
      code(IMPERSONATION_ROLE),
      ' on ',
      code(email),
      ' only: database access with ',
      code('msp pg connect'),
    ];
    requests.push(link ? li([url(link, 'Request'), ' ', ...label]) : li(label));
  }
  if (requests.length === 0) {
    blocks.push(p('No elevated access can be requested for ', strong(cat), ' environments.'));
  } else {
    blocks.push(
      p(
        'For more, request a time-boxed grant (at most ',
        strong(duration),
        ' in ',
        strong(cat),
        ' environments) for the role you need:',
      ),
      ul(requests),
    );
    if (!platform.access.elevated.requestUrl)
      blocks.push(
        p(
          'The platform config names no request link (',
          code('access.elevated.requestUrl'),
          '): ask the platform team for these grants.',
        ),
      );
  }
  blocks.push(
    p(
      'No role, standing or requested, can create service-account keys: the organisation policy ',
      code('iam.disableServiceAccountKeyCreation'),
      ' is enforced on the project.',
      cat === 'test'
        ? ''
        : ' Reading secret values and connecting to Cloud SQL are recorded in Data Access audit logs.',
    ),
  );
  blocks.push(p('Who holds what: ', url(urls.iamUrl(env), 'IAM of the project'), '.'));
  return blocks;
}

/** What a person needs for `msp pg connect` in this environment, with the request link when requestable. */
export function databaseAccessBlocks(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  accessAnchor: Inline,
): Block[] {
  const email = operatorAccessSaEmail(env);
  const mode = platform.access.impersonation[env.category];
  const how: Inline[] =
    mode === 'standing'
      ? ['Engineers may impersonate it at all times in ', strong(env.category), ' environments.']
      : mode === 'requestable'
        ? (() => {
            const link = impersonationRequestUrl(platform, spec, env);
            return link
              ? [
                  url(link, 'Request impersonation of the operator-access account'),
                  ` (at most ${platform.access.elevated.durations[env.category]}).`,
                ]
              : ['Ask the platform team for impersonation of it (no request link is configured).'];
          })()
        : [
            'Impersonating it is not offered in ',
            strong(env.category),
            ' environments; ask the platform team.',
          ];
  return [
    p(
      'Connect through the Cloud SQL proxy. Read-only sessions sign in as the operator-access account ',
      code(email),
      ' and need ',
      code(IMPERSONATION_ROLE),
      ' on that account only. ',
      ...how,
    ),
    p(
      code('--write-access'),
      ' signs in as the service itself (',
      code(workloadSaEmail(spec, env)),
      ') and needs impersonation of that account, which no default role grants: ask the owners (see ',
      accessAnchor,
      ').',
    ),
  ];
}

function channelLabel(c: NotificationChannel): Inline[] {
  const src = channelSource(c);
  return [
    strong(c.displayName),
    ` (${src.kind === 'team' ? `team ${src.team}` : 'platform-wide'}${c.paging ? ', pages' : ''})`,
  ];
}

/** Who an alert of `severity` reaches in `env`: each channel, whether it pages, whose it is. */
export function notifiedInline(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  severity: Severity,
): Inline[] {
  const channels = routeAlerts(platform, spec, env).bySeverity[severity];
  if (channels.length === 0) return ['nobody (console only)'];
  const out: Inline[] = [];
  channels.forEach((c, i) => {
    if (i > 0) out.push('; ');
    out.push(...channelLabel(c));
  });
  if (severity === 'CRITICAL' && !channels.some((c) => c.paging)) out.push('; pages nobody');
  return out;
}

/** The request link for impersonating the operator-access account (that account only). */
function impersonationRequestUrl(
  platform: PlatformConfig,
  spec: ServiceSpec,
  env: EnvironmentSpec,
): string | undefined {
  return urls.elevatedAccessUrl(
    platform,
    spec,
    env,
    IMPERSONATION_ROLE,
    serviceAccountResource(env, operatorAccessSaEmail(env)),
  );
}
