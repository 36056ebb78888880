// biome-ignore-all lint/suspicious/noTemplateCurlyInString: assertions on rendered Terraform references
/**
 * The rollout Terraform: only the final stage of a rollout service gets it, it passes the
 * provider-schema check, and it wires the pipeline, targets, buckets, accounts and grants as the
 * rollout model says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleContexts, exampleSpec, stackContext } from '../../../test/support/examples.ts';
import { skaffoldArchive } from '../../rollout/assets.ts';
import { CUSTOM_TARGET_TYPE } from '../../rollout/model.ts';
import type { ServiceSpec } from '../../spec/model.ts';
import { checkStack, type JsonObject, renderStack, type Stack } from '../../terraform/index.ts';
import { buildCloudrunStack } from '../cloudrun.ts';
import { addGoogleProvider, newStack, type StackContext } from '../context.ts';
import { buildIamStack } from '../iam.ts';
import { addRolloutIam, addRolloutPipeline, rolloutExtraFiles } from './rollout.ts';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function scratch(ctx: StackContext, name: 'iam' | 'cloudrun', prepare?: (s: Stack) => void) {
  const stack = newStack(ctx, name);
  addGoogleProvider(stack, { project: ctx.env.projectID, region: ctx.env.locations.gcpRegion });
  prepare?.(stack);
  (name === 'iam' ? addRolloutIam : addRolloutPipeline)(ctx, stack);
  return stack;
}

function resources(stack: Stack): Resources {
  return ((renderStack(stack) as JsonObject).resource ?? {}) as Resources;
}

function ctxOf(spec: ServiceSpec, env: string): StackContext {
  return stackContext(spec, spec.environments.find((e) => e.id === env)!);
}

const rr = () => exampleSpec('release-registry');
const prod = () => ctxOf(rr(), 'prod');

describe('rollout Terraform: where it goes', () => {
  it('adds nothing outside the final stage, and nothing for services without a rollout', () => {
    for (const ctx of exampleContexts()) {
      if (ctx.spec.id === 'release-registry' && ctx.env.id === 'prod') continue;
      const where = `${ctx.spec.id}/${ctx.env.id}`;
      assert.equal(scratch(ctx, 'iam').resources.size, 0, where);
      assert.equal(scratch(ctx, 'cloudrun').resources.size, 0, where);
      assert.deepEqual(rolloutExtraFiles(ctx), [], where);
    }
  });

  it('passes the provider-schema check in the final stage', () => {
    for (const name of ['iam', 'cloudrun'] as const) {
      const stack = scratch(prod(), name);
      assert.ok(stack.resources.size > 0, name);
      assert.deepEqual(checkStack(stack), [], name);
    }
  });

  it('writes the Skaffold archive next to the final stage cloudrun stack', () => {
    const files = rolloutExtraFiles(prod());
    assert.deepEqual(
      files.map((f) => f.name),
      ['skaffoldsource.tar.gz'],
    );
    assert.deepEqual(files[0]!.content, skaffoldArchive());
  });
});

describe('rollout Terraform: cloudrun stack of the final stage', () => {
  const res = resources(scratch(prod(), 'cloudrun'));

  it('declares the custom target type with the Skaffold actions', () => {
    const t = res.google_clouddeploy_custom_target_type!.rollout_target_type!;
    assert.equal(t.name, CUSTOM_TARGET_TYPE.name);
    assert.equal(t.project, 'release-registry-prod-5421');
    assert.equal(t.location, 'us-central1');
    assert.deepEqual(t.custom_actions, [
      { deploy_action: 'cloud-run-image-deploy', render_action: 'cloud-run-image-deploy-render' },
    ]);
  });

  it('declares the pipeline with serial stages in rollout order', () => {
    const p = res.google_clouddeploy_delivery_pipeline!.rollout_pipeline!;
    assert.equal(p.name, 'release-registry-us-central1-rollout');
    assert.equal(p.project, 'release-registry-prod-5421');
    assert.equal(p.location, 'us-central1');
    assert.equal(p.suspended, false);
    assert.deepEqual(p.annotations, { 'source.repository': 'github.com/acme/releases' });
    assert.deepEqual(p.serial_pipeline, [
      { stages: [{ target_id: 'dev-us-central1' }, { target_id: 'prod-us-central1' }] },
    ]);
    assert.deepEqual(p.depends_on, ['google_clouddeploy_custom_target_type.rollout_target_type']);
  });

  it('declares a custom target per stage, deploying to its own project as the executor', () => {
    const targets = res.google_clouddeploy_target!;
    assert.deepEqual(Object.keys(targets), ['rollout_target_dev', 'rollout_target_prod']);
    for (const [env, project] of [
      ['dev', 'release-registry-dev-6bac'],
      ['prod', 'release-registry-prod-5421'],
    ] as const) {
      const t = targets[`rollout_target_${env}`]!;
      assert.equal(t.name, `${env}-us-central1`);
      assert.equal(t.project, 'release-registry-prod-5421', 'targets live with the pipeline');
      assert.equal(t.location, 'us-central1');
      assert.deepEqual(t.custom_target, [
        { custom_target_type: '${google_clouddeploy_custom_target_type.rollout_target_type.id}' },
      ]);
      assert.deepEqual(t.deploy_parameters, {
        'customTarget/image': 'us.gcr.io/acme-dev/releaseregistry',
        'customTarget/projectID': project,
        'customTarget/region': 'us-central1',
        'customTarget/service': `release-registry-${env}-us-central1`,
      });
      assert.deepEqual(t.execution_configs, [
        {
          service_account: 'clouddeploy-executor@release-registry-prod-5421.iam.gserviceaccount.com',
          usages: ['RENDER', 'DEPLOY'],
        },
      ]);
    }
  });

  it('declares the buckets, the source object from the generated archive, and releaser access', () => {
    const b = res.google_storage_bucket!;
    assert.equal(b.rollout_skaffold_bucket!.name, 'release-registry-prod-5421-cloudrun-skaffold');
    assert.equal(
      b.rollout_pipeline_bucket!.name,
      '${google_clouddeploy_delivery_pipeline.rollout_pipeline.uid}_clouddeploy',
    );
    for (const bucket of Object.values(b)) {
      assert.equal(bucket.location, 'US-CENTRAL1');
      assert.equal(bucket.uniform_bucket_level_access, true);
      assert.equal(bucket.public_access_prevention, 'enforced');
      assert.equal(bucket.force_destroy, false, 'prod does not allow destroys');
    }
    assert.deepEqual(res.google_storage_bucket_object!.rollout_skaffold_source, {
      bucket: '${google_storage_bucket.rollout_skaffold_bucket.name}',
      content_type: 'application/gzip',
      name: 'source.tar.gz',
      source: '${path.module}/skaffoldsource.tar.gz',
    });
    const grants = Object.values(res.google_storage_bucket_iam_member!).map(
      (g) => `${g.bucket} ${g.role} ${g.member}`,
    );
    assert.deepEqual(grants.sort(), [
      '${google_storage_bucket.rollout_pipeline_bucket.name} roles/storage.admin serviceAccount:ci-publisher@acme-ci.iam.gserviceaccount.com',
      '${google_storage_bucket.rollout_pipeline_bucket.name} roles/storage.admin serviceAccount:clouddeploy-releaser@release-registry-prod-5421.iam.gserviceaccount.com',
      '${google_storage_bucket.rollout_skaffold_bucket.name} roles/storage.admin serviceAccount:ci-publisher@acme-ci.iam.gserviceaccount.com',
      '${google_storage_bucket.rollout_skaffold_bucket.name} roles/storage.admin serviceAccount:clouddeploy-releaser@release-registry-prod-5421.iam.gserviceaccount.com',
    ]);
  });

  it('declares the operations topic and a never-expiring subscription', () => {
    assert.equal(res.google_pubsub_topic!.rollout_operations_topic!.name, 'clouddeploy-operations');
    const s = res.google_pubsub_subscription!.rollout_operations_subscription!;
    assert.equal(s.name, 'clouddeploy-operations');
    assert.equal(s.topic, '${google_pubsub_topic.rollout_operations_topic.id}');
    assert.deepEqual(s.expiration_policy, [{ ttl: '' }]);
  });

  it('makes the pipeline depend on the Cloud Run service when the stack has one', () => {
    const stack = scratch(prod(), 'cloudrun', (s) =>
      s.resource('google_cloud_run_v2_service', 'service', {
        name: 'release-registry-prod-us-central1',
        location: 'us-central1',
        template: [{ containers: [{ image: 'us.gcr.io/acme-dev/releaseregistry:insiders' }] }],
      }),
    );
    assert.deepEqual(resources(stack).google_clouddeploy_delivery_pipeline!.rollout_pipeline!.depends_on, [
      'google_cloud_run_v2_service.service',
      'google_clouddeploy_custom_target_type.rollout_target_type',
    ]);
  });

  it('honours suspended, and stages in other regions', () => {
    const spec = exampleSpec('release-registry', {
      edit: (t) =>
        t
          .replace('  initialImageTag: insiders\n', '  initialImageTag: insiders\n  suspended: true\n')
          .replace(
            '    category: test\n',
            '    category: test\n    locations:\n      gcpRegion: us-west1\n      gcpLocation: US\n',
          ),
    });
    const stack = scratch(ctxOf(spec, 'prod'), 'cloudrun');
    assert.deepEqual(checkStack(stack), []);
    const r = resources(stack);
    const p = r.google_clouddeploy_delivery_pipeline!.rollout_pipeline!;
    assert.equal(p.suspended, true);
    assert.deepEqual(p.serial_pipeline, [
      { stages: [{ target_id: 'dev-us-west1' }, { target_id: 'prod-us-central1' }] },
    ]);
    const dev = r.google_clouddeploy_target!.rollout_target_dev!;
    assert.equal(dev.name, 'dev-us-west1');
    assert.equal(dev.location, 'us-central1');
    assert.deepEqual(dev.deploy_parameters, {
      'customTarget/image': 'us.gcr.io/acme-dev/releaseregistry',
      'customTarget/projectID': 'release-registry-dev-6bac',
      'customTarget/region': 'us-west1',
      'customTarget/service': 'release-registry-dev-us-west1',
    });
  });
});

describe('rollout Terraform: iam stack of the final stage', () => {
  const res = resources(scratch(prod(), 'iam'));
  const grant = (g: Record<string, unknown>) =>
    `${String(g.project ?? g.service_account_id)} ${String(g.role)} ${String(g.member)}`;

  it('creates the executor and releaser accounts in the pipeline project', () => {
    const sa = res.google_service_account!;
    assert.deepEqual(
      Object.values(sa).map((a) => `${a.account_id}@${a.project}`),
      ['clouddeploy-executor@release-registry-prod-5421', 'clouddeploy-releaser@release-registry-prod-5421'],
    );
  });

  it('grants the executor the job runner role, and in every stage project run.developer and use of the workload account', () => {
    const ex = '${google_service_account.rollout_executor.member}';
    assert.deepEqual(
      Object.entries(res.google_project_iam_member!)
        .filter(([n]) => n.startsWith('rollout_executor'))
        .map(([, g]) => grant(g)),
      [
        `release-registry-prod-5421 roles/clouddeploy.jobRunner ${ex}`,
        `release-registry-dev-6bac roles/run.developer ${ex}`,
        `release-registry-prod-5421 roles/run.developer ${ex}`,
      ],
    );
    assert.deepEqual(
      Object.entries(res.google_service_account_iam_member!)
        .filter(([n]) => n.startsWith('rollout_executor'))
        .map(([, g]) => grant(g)),
      [
        `projects/release-registry-dev-6bac/serviceAccounts/release-registry-sa@release-registry-dev-6bac.iam.gserviceaccount.com roles/iam.serviceAccountUser ${ex}`,
        `projects/release-registry-prod-5421/serviceAccounts/release-registry-sa@release-registry-prod-5421.iam.gserviceaccount.com roles/iam.serviceAccountUser ${ex}`,
      ],
    );
  });

  it('lets both releasers create releases, list buckets and act as the executor', () => {
    const role = res.google_project_iam_custom_role!.rollout_listbuckets!;
    assert.deepEqual([role.role_id, role.permissions], ['clouddeploy_listbuckets', ['storage.buckets.list']]);
    const members = [
      '${google_service_account.rollout_releaser.member}',
      'serviceAccount:ci-publisher@acme-ci.iam.gserviceaccount.com',
    ];
    const project = Object.entries(res.google_project_iam_member!)
      .filter(([n]) => !n.startsWith('rollout_executor'))
      .map(([, g]) => grant(g));
    const actAs = Object.entries(res.google_service_account_iam_member!)
      .filter(([n]) => !n.startsWith('rollout_executor'))
      .map(([, g]) => grant(g));
    for (const m of members) {
      assert.ok(project.includes(`release-registry-prod-5421 roles/clouddeploy.releaser ${m}`), m);
      assert.ok(
        project.includes(
          `release-registry-prod-5421 \${google_project_iam_custom_role.rollout_listbuckets.name} ${m}`,
        ),
        m,
      );
      assert.ok(
        actAs.includes(`\${google_service_account.rollout_executor.name} roles/iam.serviceAccountUser ${m}`),
        m,
      );
    }
    assert.equal(project.length, 4);
    assert.equal(actAs.length, 2);
  });

  it('references the workload account of its own environment when the stack declares it', () => {
    const stack = buildIamStack(prod()).stack;
    assert.deepEqual(checkStack(stack), []);
    const r = resources(stack).google_service_account_iam_member!;
    const own = r.rollout_executor_acts_as_prod!.service_account_id as string;
    assert.match(own, /^\$\{google_service_account\.[a-z_]+\.name\}$/);
    assert.match(
      r.rollout_executor_acts_as_dev!.service_account_id as string,
      /^projects\/release-registry-dev-6bac\//,
    );
  });

  it('is part of the generated iam stack of the final stage only', () => {
    const spec = rr();
    for (const env of spec.environments) {
      const names = [...buildIamStack(stackContext(spec, env)).stack.resources.keys()];
      assert.equal(
        names.some((n) => n.includes('.rollout_')),
        env.id === 'prod',
        env.id,
      );
    }
  });
});

describe('rollout Terraform: generated cloudrun stacks', () => {
  const spec = rr();
  const built = spec.environments.map((env) => ({
    env: env.id,
    build: buildCloudrunStack(stackContext(spec, env)),
  }));
  const pending = built.some((b) => b.build === undefined) && 'the cloudrun stack is not generated yet';

  it('carry the pipeline in the final stage only', { skip: pending }, () => {
    for (const { env, build } of built) {
      const names = [...build!.stack.resources.keys()];
      assert.equal(
        names.includes('google_clouddeploy_delivery_pipeline.rollout_pipeline'),
        env === 'prod',
        env,
      );
      assert.deepEqual(checkStack(build!.stack), [], env);
    }
  });

  it('write the Skaffold archive next to the final stage cloudrun stack only', { skip: pending }, () => {
    for (const { env, build } of built) {
      const archive = (build!.extraFiles ?? []).find((f) => f.name === 'skaffoldsource.tar.gz');
      if (env !== 'prod') {
        assert.equal(archive, undefined, env);
        continue;
      }
      assert.ok(archive, 'the cloudrun stack returns rolloutExtraFiles(ctx) among its extraFiles');
      assert.deepEqual(archive.content, skaffoldArchive());
    }
  });

  it('leave the image and client fields to Cloud Deploy in every rollout environment', {
    skip: pending,
  }, () => {
    for (const { env, build } of built) {
      const svc = [...build!.stack.resources.values()].find((r) => r.type === 'google_cloud_run_v2_service');
      assert.ok(svc, env);
      const ignored = svc.meta.lifecycle?.ignore_changes;
      assert.ok(Array.isArray(ignored), env);
      assert.ok(
        ignored.some((p) => p.endsWith('.image')),
        `${env}: ${ignored}`,
      );
      assert.ok(ignored.includes('client') && ignored.includes('client_version'), `${env}: ${ignored}`);
    }
  });
});
