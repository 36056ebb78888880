import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  EXAMPLES_ROOT,
  exampleContexts,
  examplePlatform,
  exampleSpec,
  stackContext,
} from '../../test/support/examples.ts';
import { iamRoleName } from '../platform/access.ts';
import { CATEGORIES, type Category, DEFAULT_ACCESS_ROLES, type PlatformConfig } from '../platform/model.ts';
import { builtinPlatform, parsePlatformConfig } from '../platform/parse.ts';
import { checkStack, type JsonObject, renderStack, type Stack } from '../terraform/index.ts';
import type { StackContext } from './context.ts';
import { newStack } from './context.ts';
import { buildIamStack, WORKLOAD_BASE_ROLES } from './iam.ts';
import { imageRegistryProject } from './resources/iam-image.ts';
import { nameFragment, roleFragment, uniqueFragments } from './resources/iam-names.ts';
import { addRolloutIam } from './resources/rollout.ts';

// ---------------------------------------------------------------------------------------------
// Grants as readable strings: `<scope> <role> <member>`, with references to resources of the same
// stack resolved to the values they stand for (`${google_service_account.x.member}` →
// `serviceAccount:<id>@<project>.iam.gserviceaccount.com`; the project number → `<number>`).

type Obj = Record<string, Record<string, Record<string, unknown>>>;

function resolver(doc: JsonObject): (v: unknown) => string {
  const res = (doc.resource ?? {}) as Obj;
  const accounts = res.google_service_account ?? {};
  const customRoles = res.google_project_iam_custom_role ?? {};
  const email = (name: string) => {
    const a = accounts[name];
    assert.ok(a, `reference to undeclared google_service_account.${name}`);
    return `${a.account_id}@${a.project}.iam.gserviceaccount.com`;
  };
  return (v) =>
    String(v)
      .replace(
        /\$\{google_service_account\.([\w-]+)\.member\}/g,
        (_, n: string) => `serviceAccount:${email(n)}`,
      )
      .replace(/\$\{google_service_account\.([\w-]+)\.name\}/g, (_, n: string) => {
        const a = accounts[n]!;
        return `projects/${a.project}/serviceAccounts/${email(n)}`;
      })
      .replace(/\$\{google_project_iam_custom_role\.([\w-]+)\.name\}/g, (_, n: string) => {
        const r = customRoles[n];
        assert.ok(r, `reference to undeclared google_project_iam_custom_role.${n}`);
        return `projects/${r.project}/roles/${r.role_id}`;
      })
      .replace(/\$\{data\.google_project\.project\.number\}/g, '<number>');
}

function grantsOf(stack: Stack): string[] {
  const doc = renderStack(stack);
  const res = (doc.resource ?? {}) as Obj;
  const r = resolver(doc);
  const out: string[] = [];
  for (const g of Object.values(res.google_project_iam_member ?? {}))
    out.push(`project:${r(g.project)} ${r(g.role)} ${r(g.member)}`);
  for (const g of Object.values(res.google_service_account_iam_member ?? {}))
    out.push(`sa:${r(g.service_account_id)} ${r(g.role)} ${r(g.member)}`);
  for (const g of Object.values(res.google_secret_manager_secret_iam_member ?? {}))
    out.push(`secret:${r(g.project)}/${r(g.secret_id)} ${r(g.role)} ${r(g.member)}`);
  return out.sort();
}

function accountsOf(stack: Stack): string[] {
  const res = (renderStack(stack).resource ?? {}) as Obj;
  return Object.values(res.google_service_account ?? {})
    .map((a) => `${a.account_id}@${a.project}.iam.gserviceaccount.com`)
    .sort();
}

function ctxFor(service: string, env: string, platform?: PlatformConfig): StackContext {
  const spec = exampleSpec(service, platform ? { platform } : {});
  return stackContext(spec, spec.environments.find((e) => e.id === env)!, platform);
}

function build(ctx: StackContext): Stack {
  return buildIamStack(ctx).stack;
}

// ---------------------------------------------------------------------------------------------
// Expected grants, written out from the specs and docs/platform-config.md "Access by category".
// The workload's base roles are WORKLOAD_BASE_ROLES, whose roles and order the test 'grants spec
// roles before the base roles, each once' writes out.

const RUNNER = 'serviceAccount:terraform-cloud@acme-ci.iam.gserviceaccount.com';
const ENGINEERS = 'group:engineers@acme.com';
const AGENT = 'serviceAccount:service-<number>@serverless-robot-prod.iam.gserviceaccount.com';

const sa = (id: string, project: string) => `${id}@${project}.iam.gserviceaccount.com`;
const onProject = (project: string, roles: readonly string[], member: string) =>
  roles.map((role) => `project:${project} ${role} ${member}`);
const onAccount = (project: string, email: string, roles: readonly string[], member: string) =>
  roles.map((role) => `sa:projects/${project}/serviceAccounts/${email} ${role} ${member}`);

interface Expect {
  service: string;
  project: string;
  category: Category;
  extraWorkloadRoles?: string[];
  customRole?: boolean;
  imageProject?: string;
  crossSecrets?: string[];
  datastream?: boolean;
  jobInvoker?: boolean;
}

function expected(e: Expect): string[] {
  const workload = `serviceAccount:${sa(`${e.service}-sa`, e.project)}`;
  return [
    ...onProject(e.project, [...(e.extraWorkloadRoles ?? []), ...WORKLOAD_BASE_ROLES], workload),
    ...(e.customRole
      ? onProject(e.project, [`projects/${e.project}/roles/msp_workload_custom_role`], workload)
      : []),
    ...onAccount(
      e.project,
      sa(`${e.service}-sa`, e.project),
      ['roles/iam.serviceAccountUser', 'roles/iam.serviceAccountTokenCreator'],
      RUNNER,
    ),
    ...onProject(
      e.project,
      ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'],
      `serviceAccount:${sa('operator-access', e.project)}`,
    ),
    ...(e.imageProject
      ? onProject(e.imageProject, ['roles/storage.objectViewer', 'roles/artifactregistry.reader'], AGENT)
      : []),
    ...(e.crossSecrets ?? []).map((s) => `secret:${s} roles/secretmanager.secretAccessor ${workload}`),
    ...(e.datastream
      ? onProject(
          e.project,
          ['roles/cloudsql.client'],
          `serviceAccount:${sa('datastream-to-cloudsql', e.project)}`,
        )
      : []),
    ...(e.jobInvoker
      ? onAccount(e.project, sa(`${e.service}-job-sa`, e.project), ['roles/iam.serviceAccountUser'], RUNNER)
      : []),
    ...onProject(
      e.project,
      DEFAULT_ACCESS_ROLES[e.category].map((r) => iamRoleName(r, e.project)),
      ENGINEERS,
    ),
    // test: impersonate the operator-access account, deploy as the workload account (those only)
    ...(e.category === 'test'
      ? [
          ...onAccount(
            e.project,
            sa('operator-access', e.project),
            ['roles/iam.serviceAccountTokenCreator'],
            ENGINEERS,
          ),
          ...onAccount(
            e.project,
            sa(`${e.service}-sa`, e.project),
            ['roles/iam.serviceAccountUser'],
            ENGINEERS,
          ),
        ]
      : []),
  ].sort();
}

/** Grants the rollout module adds in the final stage (its own tests pin them down). */
function rolloutGrants(ctx: StackContext): string[] {
  const scratch = newStack(ctx, 'iam');
  addRolloutIam(ctx, scratch);
  return grantsOf(scratch);
}

const EXAMPLE_GRANTS: Record<string, Expect> = {
  'acme-api/dev': {
    service: 'acme-api',
    project: 'acme-api-dev-3f9a',
    category: 'test',
    extraWorkloadRoles: ['roles/pubsub.publisher'],
    customRole: true,
    imageProject: 'acme-dev',
  },
  'acme-api/prod': {
    service: 'acme-api',
    project: 'acme-api-prod-b71c',
    category: 'external',
    extraWorkloadRoles: ['roles/pubsub.publisher'],
    customRole: true,
    imageProject: 'acme-dev',
    crossSecrets: ['acme-shared-secrets/SHARED_TOKEN'],
    datastream: true,
  },
  'nightly-sync/dev': {
    service: 'nightly-sync',
    project: 'nightly-sync-dev-41d2',
    category: 'test',
    imageProject: 'acme-dev',
    jobInvoker: true,
  },
  'nightly-sync/prod': {
    service: 'nightly-sync',
    project: 'nightly-sync-prod-9c1e',
    category: 'internal',
    imageProject: 'acme-dev',
    crossSecrets: ['acme-shared-secrets/SYNC_CREDS'],
    jobInvoker: true,
  },
  'release-registry/dev': {
    service: 'release-registry',
    project: 'release-registry-dev-6bac',
    category: 'test',
    imageProject: 'acme-dev',
  },
  'release-registry/prod': {
    service: 'release-registry',
    project: 'release-registry-prod-5421',
    category: 'internal',
    imageProject: 'acme-dev',
    datastream: true,
  },
  'search-grpc/test': {
    service: 'search-grpc',
    project: 'search-grpc-test-0a1b',
    category: 'test',
    imageProject: 'acme-dev',
  },
  'search-grpc/prod': {
    service: 'search-grpc',
    project: 'search-grpc-prod-7e2d',
    category: 'internal',
    imageProject: 'acme-dev',
  },
};

/** `examples/platform.yaml` with `access.roles` overridden per category. */
const OVERRIDDEN_ROLES: Record<Category, string[]> = {
  test: ['msp:reader', 'roles/run.developer'],
  internal: ['roles/logging.viewer', 'projects/acme-platform/roles/mspReader', 'roles/logging.viewer'],
  external: [],
};

function overriddenPlatform(): PlatformConfig {
  const text = readFileSync(join(EXAMPLES_ROOT, 'platform.yaml'), 'utf8').replace(
    'access:\n',
    `access:\n  roles:\n${CATEGORIES.map((c) => `    ${c}: ${JSON.stringify(OVERRIDDEN_ROLES[c])}\n`).join('')}`,
  );
  const r = parsePlatformConfig(text, 'platform.yaml');
  assert.ok(r.value, r.diagnostics.map((d) => d.message).join('; '));
  return r.value;
}

// ---------------------------------------------------------------------------------------------

describe('iam stack: example environments', () => {
  const contexts = exampleContexts();

  it('covers every example environment', () => {
    assert.deepEqual(
      contexts.map((c) => `${c.spec.id}/${c.env.id}`).sort(),
      Object.keys(EXAMPLE_GRANTS).sort(),
    );
  });

  for (const ctx of contexts) {
    const key = `${ctx.spec.id}/${ctx.env.id}`;
    it(`${key}: grants exactly the expected (scope, role, member) set`, () => {
      const want = [
        ...expected(EXAMPLE_GRANTS[key]!),
        ...(ctx.env.isFinalRolloutStage ? rolloutGrants(ctx) : []),
      ];
      assert.deepEqual(grantsOf(build(ctx)), want.sort());
    });

    it(`${key}: passes the provider-schema check`, () => {
      assert.deepEqual(checkStack(build(ctx)), []);
    });

    it(`${key}: is deterministic`, () => {
      assert.deepEqual(renderStack(build(ctx)), renderStack(build(ctx)));
    });
  }

  it('creates the workload account with display name and deletion guard from allowDestroys', () => {
    for (const [env, guarded] of [
      ['dev', false],
      ['prod', true],
    ] as const) {
      const res = renderStack(build(ctxFor('acme-api', env))).resource as Obj;
      const w = res.google_service_account!.workload!;
      assert.equal(w.account_id, 'acme-api-sa');
      assert.equal(w.display_name, 'Acme API Service Account');
      assert.deepEqual(w.lifecycle, { prevent_destroy: guarded });
    }
  });

  it('builds the custom role from service.iam.permissions', () => {
    const res = renderStack(build(ctxFor('acme-api', 'dev'))).resource as Obj;
    const role = res.google_project_iam_custom_role!.workload!;
    assert.equal(role.role_id, 'msp_workload_custom_role');
    assert.equal(role.project, 'acme-api-dev-3f9a');
    assert.deepEqual(role.permissions, ['storage.buckets.get']);
    const none = renderStack(build(ctxFor('search-grpc', 'prod'))).resource as Obj;
    assert.equal(none.google_project_iam_custom_role?.workload, undefined);
    assert.deepEqual(Object.keys(none.google_project_iam_custom_role!).sort(), [
      'curated_editor',
      'curated_reader',
    ]);
  });

  it('grants spec roles before the base roles, each once', () => {
    const spec = exampleSpec('search-grpc', {
      edit: (t) =>
        t.replace(
          '  protocol: h2c\n',
          '  protocol: h2c\n  iam:\n    roles: [roles/cloudsql.client, roles/bigquery.user]\n',
        ),
    });
    const stack = build(stackContext(spec, spec.environments[1]!));
    const names = [...stack.resources.values()]
      .filter((r) => r.type === 'google_project_iam_member' && r.name.startsWith('workload_'))
      .map((r) => r.body.role);
    assert.deepEqual(names, [
      'roles/cloudsql.client',
      'roles/bigquery.user',
      'roles/secretmanager.secretAccessor',
      'roles/compute.networkUser',
      'roles/cloudtrace.agent',
      'roles/monitoring.metricWriter',
      'roles/cloudprofiler.agent',
      'roles/cloudsql.instanceUser',
    ]);
  });

  it('writes the provider with the environment project and the two outputs', () => {
    const doc = renderStack(build(ctxFor('nightly-sync', 'prod')));
    assert.deepEqual(doc.provider, { google: [{ project: 'nightly-sync-prod-9c1e' }] });
    assert.deepEqual(Object.keys(doc.output as object).sort(), [
      'operator_access_service_account_email',
      'workload_service_account_email',
    ]);
    assert.ok(!JSON.stringify(doc).includes('google-beta'));
  });

  it('creates the accounts the other stacks refer to by name', () => {
    assert.deepEqual(accountsOf(build(ctxFor('nightly-sync', 'prod'))), [
      sa('nightly-sync-job-sa', 'nightly-sync-prod-9c1e'),
      sa('nightly-sync-sa', 'nightly-sync-prod-9c1e'),
      sa('operator-access', 'nightly-sync-prod-9c1e'),
    ]);
    assert.deepEqual(
      accountsOf(build(ctxFor('release-registry', 'prod'))).filter((a) => !a.includes('clouddeploy')),
      [
        sa('datastream-to-cloudsql', 'release-registry-prod-5421'),
        sa('operator-access', 'release-registry-prod-5421'),
        sa('release-registry-sa', 'release-registry-prod-5421'),
      ],
    );
  });
});

describe('iam stack: access by category', () => {
  const platforms: [string, PlatformConfig][] = [
    ['built-in defaults', builtinPlatform()],
    ['examples/platform.yaml (default roles)', examplePlatform()],
    ['overridden access.roles', overriddenPlatform()],
  ];

  for (const [label, platform] of platforms) {
    const base = ctxFor('acme-api', 'dev', platform);
    const byCategory = new Map<Category, string[]>();
    for (const category of CATEGORIES) {
      const ctx: StackContext = { ...base, env: { ...base.env, category } };
      byCategory.set(category, grantsOf(build(ctx)));
    }
    const group = platform.access.engineersGroup;
    const engineers = (grants: string[]) =>
      grants.filter((g) => g.startsWith('project:') && g.endsWith(` ${group}`)).map((g) => g.split(' ')[1]!);
    const others = (grants: string[]) => grants.filter((g) => !g.endsWith(` ${group}`));

    for (const category of CATEGORIES) {
      it(`${label}: ${category} gives engineers exactly platform.access.roles.${category}`, () => {
        const got = engineers(byCategory.get(category)!);
        assert.deepEqual(
          got.sort(),
          [
            ...new Set(platform.access.roles[category].map((r) => iamRoleName(r, 'acme-api-dev-3f9a'))),
          ].sort(),
        );
        for (const g of byCategory.get(category)!.filter((x) => x.endsWith(` ${group}`)))
          assert.ok(
            g.startsWith('project:acme-api-dev-3f9a ') || g.startsWith('sa:projects/acme-api-dev-3f9a/'),
            g,
          );
      });
    }

    it(`${label}: only the engineers' grants change with the category`, () => {
      const [first, ...rest] = CATEGORIES.map((c) => others(byCategory.get(c)!));
      for (const r of rest) assert.deepEqual(r, first);
    });
  }

  it('uses the defaults documented by the platform (external: metrics, traces, rollouts only)', () => {
    assert.deepEqual(examplePlatform().access.roles, DEFAULT_ACCESS_ROLES);
    assert.deepEqual(DEFAULT_ACCESS_ROLES.external, ['msp:reader']);
    const external = new Set(
      examplePlatform().access.curatedRoles.external.reader.permissions.map((p) => p.split('.')[0]),
    );
    assert.deepEqual([...external].sort(), ['clouddeploy', 'cloudtrace', 'monitoring', 'resourcemanager']);
  });

  it('honours an override, including custom roles, repeats and an empty list', () => {
    const p = overriddenPlatform();
    const grantsFor = (category: Category) => {
      const base = ctxFor('acme-api', 'dev', p);
      return grantsOf(build({ ...base, env: { ...base.env, category } })).filter((g) =>
        g.endsWith(` ${ENGINEERS}`),
      );
    };
    assert.deepEqual(grantsFor('internal'), [
      `project:acme-api-dev-3f9a projects/acme-platform/roles/mspReader ${ENGINEERS}`,
      `project:acme-api-dev-3f9a roles/logging.viewer ${ENGINEERS}`,
    ]);
    assert.deepEqual(grantsFor('external'), []);
    const names = [...build(ctxFor('acme-api', 'dev', p)).resources.keys()].filter((k) =>
      k.includes('.engineers_'),
    );
    assert.deepEqual(names.sort(), [
      'google_project_iam_member.engineers_msp_reader',
      'google_project_iam_member.engineers_run_developer',
      'google_service_account_iam_member.engineers_operator_access_iam_serviceaccounttokencreator',
    ]);
  });
});

describe('iam stack: image pull', () => {
  const variant = (image: string) => {
    const spec = exampleSpec('acme-api', {
      edit: (t) => t.replace('image: us-central1-docker.pkg.dev/acme-dev/acme/api', `image: ${image}`),
    });
    return build(stackContext(spec, spec.environments[0]!));
  };
  const agentGrants = (stack: Stack) => grantsOf(stack).filter((g) => g.endsWith(AGENT));

  it('grants the Cloud Run service agent read access in the registry project', () => {
    for (const [image, project] of [
      ['us-central1-docker.pkg.dev/acme-dev/acme/api', 'acme-dev'],
      ['us.gcr.io/acme-images/api', 'acme-images'],
      ['gcr.io/acme-images/api', 'acme-images'],
    ] as const) {
      const stack = variant(image);
      assert.deepEqual(agentGrants(stack), [
        `project:${project} roles/artifactregistry.reader ${AGENT}`,
        `project:${project} roles/storage.objectViewer ${AGENT}`,
      ]);
      const doc = renderStack(stack);
      assert.deepEqual(doc.data, { google_project: { project: { project_id: 'acme-api-dev-3f9a' } } });
      assert.deepEqual(checkStack(stack), []);
    }
  });

  it('adds no image-pull grants and no project lookup for other registries', () => {
    for (const image of ['docker.io/acme/api', 'ghcr.io/acme/api', 'acme/api', 'us-docker.pkg.dev/api']) {
      const stack = variant(image);
      assert.deepEqual(agentGrants(stack), [], image);
      assert.equal(renderStack(stack).data, undefined, image);
    }
  });

  it('recognises registry hosts', () => {
    assert.equal(imageRegistryProject('europe-west1-docker.pkg.dev/p-1/repo/img'), 'p-1');
    assert.equal(imageRegistryProject('eu.gcr.io/p-2/img'), 'p-2');
    assert.equal(imageRegistryProject('gcr.io/p-3/a/b'), 'p-3');
    assert.equal(imageRegistryProject('gcr.io/img'), undefined);
    assert.equal(imageRegistryProject('evilgcr.io/p/img'), undefined);
    assert.equal(imageRegistryProject('docker.pkg.dev.example.com/p/img'), undefined);
    assert.equal(imageRegistryProject('nginx'), undefined);
  });
});

describe('iam stack: cross-project secrets', () => {
  it('grants secretAccessor on SHARED_TOKEN (acme-api prod secretEnv)', () => {
    const stack = build(ctxFor('acme-api', 'prod'));
    const res = renderStack(stack).resource as Obj;
    assert.deepEqual(res.google_secret_manager_secret_iam_member, {
      'workload_acme-shared-secrets_shared_token': {
        project: 'acme-shared-secrets',
        secret_id: 'SHARED_TOKEN',
        role: 'roles/secretmanager.secretAccessor',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the rendered Terraform reference
        member: '${google_service_account.workload.member}',
      },
    });
  });

  it('grants secretAccessor on SYNC_CREDS (nightly-sync prod secretVolumes)', () => {
    const grants = grantsOf(build(ctxFor('nightly-sync', 'prod'))).filter((g) => g.startsWith('secret:'));
    assert.deepEqual(grants, [
      `secret:acme-shared-secrets/SYNC_CREDS roles/secretmanager.secretAccessor serviceAccount:${sa('nightly-sync-sa', 'nightly-sync-prod-9c1e')}`,
    ]);
  });

  it('grants a secret once when several keys use it, and none for own-project secrets', () => {
    const spec = exampleSpec('acme-api', {
      edit: (t) =>
        t.replace(
          '      SHARED_TOKEN: projects/acme-shared-secrets/secrets/SHARED_TOKEN\n',
          '      SHARED_TOKEN: projects/acme-shared-secrets/secrets/SHARED_TOKEN\n' +
            '      SHARED_AGAIN: projects/acme-shared-secrets/secrets/SHARED_TOKEN\n' +
            '      OWN: projects/acme-api-prod-b71c/secrets/OWN\n' +
            '      OTHER: projects/acme-other-secrets/secrets/shared_token\n',
        ),
    });
    const stack = build(stackContext(spec, spec.environments[1]!));
    const res = renderStack(stack).resource as Obj;
    assert.deepEqual(Object.keys(res.google_secret_manager_secret_iam_member!).sort(), [
      'workload_acme-other-secrets_shared_token',
      'workload_acme-shared-secrets_shared_token',
    ]);
    assert.deepEqual(checkStack(stack), []);
  });
});

describe('iam stack: optional accounts', () => {
  it('creates datastream-to-cloudsql only with logical-replication publications', () => {
    const has = (service: string, env: string) =>
      accountsOf(build(ctxFor(service, env))).some((a) => a.startsWith('datastream-to-cloudsql@'));
    assert.equal(has('acme-api', 'prod'), true);
    assert.equal(has('release-registry', 'prod'), true);
    assert.equal(has('acme-api', 'dev'), false);
    assert.equal(has('release-registry', 'dev'), false);
  });

  it('creates the job invoker only for scheduled jobs', () => {
    const has = (ctx: StackContext) =>
      accountsOf(build(ctx)).some((a) => a.startsWith('nightly-sync-job-sa@'));
    const ctx = ctxFor('nightly-sync', 'dev');
    assert.equal(has(ctx), true);
    const { schedule: _, ...unscheduled } = ctx.env;
    assert.equal(has({ ...ctx, env: unscheduled }), false);
    assert.equal(
      accountsOf(build(ctxFor('search-grpc', 'prod'))).some((a) => a.includes('-job-sa@')),
      false,
    );
  });
});

describe('iam naming', () => {
  it('derives fragments from roles and secrets', () => {
    assert.equal(roleFragment('roles/secretmanager.secretAccessor'), 'secretmanager_secretaccessor');
    assert.equal(roleFragment('projects/acme-x/roles/my.role'), 'projects_acme-x_roles_my_role');
    assert.equal(nameFragment('acme-shared-secrets/SHARED_TOKEN'), 'acme-shared-secrets_shared_token');
  });

  it('adds an order-independent hash suffix on clashes only', () => {
    const a = uniqueFragments(['roles/x.aB', 'roles/x.ab', 'roles/y.z'], roleFragment);
    const b = uniqueFragments(['roles/y.z', 'roles/x.ab', 'roles/x.aB'], roleFragment);
    assert.deepEqual([...a].sort(), [...b].sort());
    assert.equal(a.get('roles/y.z'), 'y_z');
    assert.match(a.get('roles/x.aB')!, /^x_ab_[0-9a-f]{8}$/);
    assert.notEqual(a.get('roles/x.aB'), a.get('roles/x.ab'));
  });
});
