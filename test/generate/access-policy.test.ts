/**
 * The access and alerting rules a security reviewer signs off, checked on everything the
 * generator writes for the example fleet (with the example platform config and with the
 * built-in one):
 * - no grant in any stack, and no requestable role, is a basic role (owner/editor/viewer);
 * - no person can reach `iam.serviceAccountKeys.create` on a service project: no person holds a
 *   role or curated permission that carries it (or rewrites IAM to get it), grants on service
 *   accounts name one account and only impersonation/actAs, and every project enforces
 *   `iam.disableServiceAccountKeyCreation`;
 * - every internal/external environment routes CRITICAL alerts to a paging channel, and a
 *   platform config without one is rejected.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPagingRoutes } from '../../src/alerts/routing.ts';
import {
  ACT_AS_ROLE,
  BASIC_ROLES,
  curatedKind,
  FORBIDDEN_PERMISSIONS,
  FORBIDDEN_ROLES,
  IMPERSONATION_ROLE,
} from '../../src/platform/access.ts';
import { CATEGORIES, type PlatformConfig } from '../../src/platform/model.ts';
import { builtinPlatform, parsePlatformConfig } from '../../src/platform/parse.ts';
import type { StackContext } from '../../src/stacks/context.ts';
import { STACK_BUILDERS } from '../../src/stacks/index.ts';
import { renderStack } from '../../src/terraform/index.ts';
import { exampleContexts, examplePlatform } from '../support/examples.ts';

type Obj = Record<string, Record<string, Record<string, unknown>>>;

const PERSON = /^(group|user|domain|principal|principalSet):/;
const KEY_CREATE = 'iam.serviceAccountKeys.create';

interface Grant {
  stack: string;
  type: string;
  name: string;
  role: string;
  member: string;
}

/** Every IAM grant of every stack of an environment, and the rendered resources. */
function generated(ctx: StackContext): { grants: Grant[]; resources: Record<string, Obj> } {
  const grants: Grant[] = [];
  const resources: Record<string, Obj> = {};
  for (const { name, build } of STACK_BUILDERS) {
    const built = build(ctx);
    if (!built) continue;
    const res = (renderStack(built.stack).resource ?? {}) as Obj;
    resources[name] = res;
    for (const [type, byName] of Object.entries(res)) {
      if (!/_iam_(member|binding)$/.test(type)) continue;
      for (const [n, body] of Object.entries(byName)) {
        const members = (body.members as string[] | undefined) ?? [body.member as string];
        for (const member of members)
          grants.push({ stack: name, type, name: n, role: String(body.role), member: String(member) });
      }
    }
  }
  return { grants, resources };
}

/** The permissions of a custom role a grant refers to (`${google_project_iam_custom_role.X.name}`). */
function customRolePermissions(
  resources: Record<string, Obj>,
  stack: string,
  role: string,
): string[] | undefined {
  const m = /^\$\{google_project_iam_custom_role\.([\w-]+)\.name\}$/.exec(role);
  if (!m) return undefined;
  const r = resources[stack]?.google_project_iam_custom_role?.[m[1]!];
  assert.ok(r, `grant refers to undeclared custom role ${role}`);
  return r.permissions as string[];
}

const platforms: [string, PlatformConfig][] = [
  ['examples/platform.yaml', examplePlatform()],
  ['built-in defaults', builtinPlatform()],
];

for (const [label, platform] of platforms) {
  describe(`access policy (${label})`, () => {
    const contexts = exampleContexts(platform);

    test('no generated grant and no requestable role is a basic role', () => {
      for (const ctx of contexts) {
        const where = `${ctx.spec.id}/${ctx.env.id}`;
        const { grants } = generated(ctx);
        assert.ok(grants.length > 0, where);
        for (const g of grants)
          assert.ok(
            !BASIC_ROLES.includes(g.role),
            `${where}: ${g.stack} ${g.type}.${g.name} grants ${g.role}`,
          );
      }
      for (const c of CATEGORIES) {
        for (const role of [...platform.access.roles[c], ...platform.access.elevated.roles[c]])
          assert.ok(!BASIC_ROLES.includes(role), `${c}: ${role}`);
      }
    });

    test('no person can reach iam.serviceAccountKeys.create on a service project', () => {
      // What people may hold, standing or elevated: no forbidden role, no forbidden permission.
      for (const c of CATEGORIES) {
        for (const role of [...platform.access.roles[c], ...platform.access.elevated.roles[c]]) {
          assert.ok(!(role in FORBIDDEN_ROLES) && !BASIC_ROLES.includes(role), `${c}: ${role}`);
          const kind = curatedKind(role);
          if (kind) {
            const perms = platform.access.curatedRoles[c][kind].permissions;
            assert.ok(!perms.includes(KEY_CREATE), `${c} ${kind}`);
            for (const p of perms) assert.ok(!(p in FORBIDDEN_PERMISSIONS), `${c} ${kind}: ${p}`);
          }
        }
      }
      for (const ctx of contexts) {
        const where = `${ctx.spec.id}/${ctx.env.id}`;
        const { grants, resources } = generated(ctx);
        for (const g of grants.filter((x) => PERSON.test(x.member))) {
          const what = `${where}: ${g.stack} ${g.type}.${g.name} (${g.role} to ${g.member})`;
          assert.ok(
            (!BASIC_ROLES.includes(g.role) && !(g.role in FORBIDDEN_ROLES)) ||
              g.type === 'google_service_account_iam_member',
            what,
          );
          const perms = customRolePermissions(resources, g.stack, g.role);
          if (perms) {
            assert.ok(!perms.includes(KEY_CREATE), what);
            for (const p of perms) assert.ok(!(p in FORBIDDEN_PERMISSIONS), `${what}: ${p}`);
          }
          if (g.type === 'google_service_account_iam_member') {
            // Only impersonation / actAs, on one named account of the environment.
            assert.ok([IMPERSONATION_ROLE, ACT_AS_ROLE].includes(g.role), what);
            const body = resources[g.stack]!.google_service_account_iam_member![g.name]!;
            assert.match(
              String(body.service_account_id),
              /^\$\{google_service_account\.[\w-]+\.name\}$/,
              what,
            );
          } else {
            assert.notEqual(g.type, 'google_project_iam_binding', what);
          }
        }
        // Accounts people may act as carry no role that creates keys either.
        const actAs = grants
          .filter((g) => PERSON.test(g.member) && g.type === 'google_service_account_iam_member')
          .map((g) =>
            String(resources[g.stack]!.google_service_account_iam_member![g.name]!.service_account_id),
          );
        for (const ref of actAs) {
          const account = /^\$\{google_service_account\.([\w-]+)\.name\}$/.exec(ref)![1]!;
          for (const g of grants.filter((x) => x.member === `\${google_service_account.${account}.member}`))
            assert.ok(
              !BASIC_ROLES.includes(g.role) && !(g.role in FORBIDDEN_ROLES),
              `${where}: ${account} holds ${g.role}`,
            );
        }
        // And the organisation policy stops key creation whatever roles are added later.
        const policy = resources.iam?.google_org_policy_policy?.disable_service_account_key_creation;
        assert.ok(policy, `${where}: no key-creation ban`);
        assert.equal(
          policy.name,
          `projects/${ctx.env.projectID}/policies/iam.disableServiceAccountKeyCreation`,
        );
        assert.equal(policy.parent, `projects/${ctx.env.projectID}`);
        assert.deepEqual(policy.spec, [{ rules: [{ enforce: 'TRUE' }] }]);
      }
    });

    test('internal and external readers read no data, no secret values, no Cloud Run configuration', () => {
      for (const c of ['internal', 'external'] as const) {
        const perms = platform.access.curatedRoles[c].reader.permissions;
        for (const p of [
          'bigquery.tables.getData',
          'secretmanager.versions.access',
          'run.services.get',
          'run.services.list',
          'run.revisions.get',
          'run.jobs.get',
          'logging.privateLogEntries.list',
        ])
          assert.ok(!perms.includes(p), `${c} reader: ${p}`);
      }
      // External readers cannot list channels (a channel type may keep a secret in a plain label).
      assert.ok(
        !platform.access.curatedRoles.external.reader.permissions.some((p) =>
          p.startsWith('monitoring.notificationChannels.'),
        ),
      );
    });

    test('internal and external environments route CRITICAL alerts to a paging channel', () => {
      let checked = 0;
      for (const ctx of contexts) {
        if (ctx.env.category === 'test') continue;
        checked++;
        const where = `${ctx.spec.id}/${ctx.env.id}`;
        const { resources } = generated(ctx);
        const channels = resources.monitoring?.google_monitoring_notification_channel ?? {};
        const paging = new Set(
          [
            ...platform.notificationChannels,
            ...Object.values(platform.teams).flatMap((t) => t.alerting.channels),
          ]
            .filter((c) => c.paging)
            .map((c) => c.id),
        );
        const critical = Object.entries(resources.monitoring?.google_monitoring_alert_policy ?? {}).filter(
          ([, p]) => p.severity === 'CRITICAL',
        );
        const outputs = Object.keys(channels).filter((id) => paging.has(id));
        assert.ok(outputs.length > 0, `${where}: no paging channel declared`);
        for (const [id, p] of critical) {
          const routed = (p.notification_channels as string[]).map(
            (r) => /notification_channel\.([\w-]+)\.name/.exec(r)![1]!,
          );
          assert.ok(
            routed.some((c) => paging.has(c)),
            `${where}: ${id} pages nobody`,
          );
        }
        assert.deepEqual(checkPagingRoutes(ctx.spec, platform), [], where);
      }
      assert.ok(checked > 0);
    });
  });
}

describe('access policy: the platform config cannot undo it', () => {
  const base = (access: string, notifications = '') => `
organization: { name: Acme, domain: acme.com }
gcp:
  billingAccount: 01A2B3-C4D5E6-F7A8B9
  folders: { test: folders/1, internal: folders/2, external: folders/3 }
terraform:
  backend: { type: cloud, organization: acme }
  runnerServiceAccount: terraform-runner@acme-ci.iam.gserviceaccount.com
access:
  engineersGroup: group:eng@acme.com
${access}
${notifications}
links: { repository: https://github.com/acme/fleet }
`;
  const codes = (text: string) =>
    parsePlatformConfig(text, 'platform.yaml')
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.code);

  test('basic and key-creating roles are rejected, standing or requestable', () => {
    for (const role of [
      'roles/editor',
      'roles/owner',
      'roles/viewer',
      'roles/iam.serviceAccountKeyAdmin',
      'roles/iam.serviceAccountUser',
    ])
      for (const access of [
        `  roles: { internal: ["${role}"] }`,
        `  elevated: { requestUrl: "https://a.acme.com/{project}/{role}", roles: { external: ["${role}"] } }`,
      ])
        assert.deepEqual(codes(base(access)), ['PLATFORM_FORBIDDEN_ROLE'], `${role}: ${access}`);
  });

  test('curated roles cannot carry key creation, IAM changes or project-wide actAs', () => {
    for (const perm of [KEY_CREATE, 'iam.serviceAccounts.actAs', 'resourcemanager.projects.setIamPolicy'])
      assert.deepEqual(
        codes(base(`  curatedRoles: { test: { editor: { permissions: [run.services.get, ${perm}] } } }`)),
        ['PLATFORM_FORBIDDEN_PERMISSION'],
        perm,
      );
    assert.deepEqual(
      codes(base('  curatedRoles: { test: { editor: { permissions: [run.services.get] } } }')),
      [],
    );
  });

  test('a plain-label channel secret readable by external readers is a warning', () => {
    const channels = `notifications:
  channels:
    - { id: opsgenie, type: webhook_tokenauth, labels: { url: "https://api.opsgenie.com/x" }, severities: [CRITICAL], paging: true }`;
    const warnings = (access: string) =>
      parsePlatformConfig(base(access, channels), 'platform.yaml')
        .diagnostics.filter((d) => d.code === 'PLATFORM_CHANNEL_SECRET_VISIBLE')
        .map((d) => d.severity);
    assert.deepEqual(warnings(''), []);
    assert.deepEqual(warnings('  roles: { external: [roles/monitoring.viewer] }'), ['warning']);
  });

  test('an internal environment whose owners and platform have no pager is an error', () => {
    const text = base(
      '',
      `notifications:
  channels:
    - { id: mail, type: email, labels: { email_address: ops@acme.com }, severities: [WARNING, CRITICAL] }`,
    );
    const r = parsePlatformConfig(text, 'platform.yaml');
    assert.ok(r.value);
    const ctx = exampleContexts().find((c) => c.env.category !== 'test')!;
    const diags = checkPagingRoutes(ctx.spec, r.value);
    assert.ok(diags.length > 0);
    assert.ok(diags.every((d) => d.code === 'SPEC_NO_PAGING_ROUTE' && d.severity === 'error'));
  });
});
