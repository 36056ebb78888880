/**
 * Rollout (Cloud Deploy) resources of the final stage's environment (docs/rollouts.md), built
 * from the pure rollout model (`src/rollout/model.ts`). The iam stack gets the executor and
 * releaser accounts and their grants in every stage's project; the cloudrun stack gets the custom
 * target type, the pipeline, a target per stage, the buckets (with the releasers' access), the
 * Skaffold source object and the operations topic and subscription. Every function is a no-op
 * outside the final stage, so callers may call them for every environment.
 */
import { SERVICE_ACCOUNTS } from '../../naming/names.ts';
import { skaffoldArchive } from '../../rollout/assets.ts';
import { CUSTOM_TARGET_TYPE, hostsPipeline, type RolloutModel, rolloutModel } from '../../rollout/model.ts';
import { refExpr } from '../../terraform/expr.ts';
import {
  type Dependable,
  interpolate,
  type ResourceHandle,
  type Stack,
  type TfExpr,
} from '../../terraform/index.ts';
import type { ExtraFile, StackContext } from '../context.ts';

/** Labels on the Cloud Deploy resources, buckets and Pub/Sub resources. */
const LABELS = { msp: 'true' } as const;

/** Role of the executor in every stage's project. */
const EXECUTOR_STAGE_ROLE = 'roles/run.developer';
/** Role of the executor in the pipeline's project. */
const EXECUTOR_ROLE = 'roles/clouddeploy.jobRunner';
/** Role of each releaser on the pipeline's project. */
const RELEASER_ROLE = 'roles/clouddeploy.releaser';
/** Role of each releaser on the Skaffold and pipeline buckets. */
const BUCKET_ROLE = 'roles/storage.admin';
/** Acting as a service account: the executor as workload accounts, releasers as the executor. */
const ACT_AS_ROLE = 'roles/iam.serviceAccountUser';
/** The custom role letting releasers find the pipeline bucket (`gcloud` lists buckets). */
const LIST_BUCKETS_ROLE = {
  role_id: 'clouddeploy_listbuckets',
  title: 'Cloud Deploy: List buckets',
  description: 'Lets Cloud Deploy releasers find the pipeline artifacts bucket',
  permissions: ['storage.buckets.list'],
} as const;

/** Who may create releases: the MSP releaser account, and `rollout.serviceAccount` when set. */
function releasers(model: RolloutModel): { key: string; email: string }[] {
  const out = [{ key: 'releaser', email: model.serviceAccounts.releaser }];
  const extra = model.serviceAccounts.extraReleaser;
  if (extra && extra !== model.serviceAccounts.releaser) out.push({ key: 'spec_releaser', email: extra });
  return out;
}

/** The model when `ctx.env` hosts the pipeline, else undefined. */
function modelFor(ctx: StackContext): RolloutModel | undefined {
  return hostsPipeline(ctx.spec, ctx.env) ? rolloutModel(ctx.spec) : undefined;
}

/**
 * The first resource of `type` in `stack` whose body satisfies `match`, if any: a resource
 * another module added (coordination by type and GCP name, not by logical name).
 */
function findResource(
  stack: Stack,
  type: string,
  match: (body: Readonly<Record<string, unknown>>) => boolean = () => true,
): Dependable | undefined {
  for (const r of stack.resources.values())
    if (r.type === type && match(r.body)) return { address: `${r.type}.${r.name}` };
  return undefined;
}

/** A reference to an attribute of a resource found by {@link findResource}. */
function refTo(found: Dependable, attr: string): TfExpr {
  return refExpr(found.address, `.${attr}`);
}

/**
 * Adds to the iam stack of the final stage: the `clouddeploy-executor` account (Cloud Deploy job
 * runner in the pipeline project; in every stage project `roles/run.developer` and
 * `roles/iam.serviceAccountUser` on that stage's workload account) and the `clouddeploy-releaser`
 * account; each releaser (that one and `rollout.serviceAccount`) gets `roles/clouddeploy.releaser`,
 * the list-buckets custom role and `roles/iam.serviceAccountUser` on the executor. Call it after
 * the workload account is added: the final stage's grant then references it.
 */
export function addRolloutIam(ctx: StackContext, stack: Stack): void {
  const model = modelFor(ctx);
  if (!model) return;
  const project = model.projectID;
  const executor = stack.resource('google_service_account', 'rollout_executor', {
    project,
    account_id: SERVICE_ACCOUNTS.cloudDeployExecutor(),
    display_name: 'Cloud Deploy executor',
    description: `Renders and deploys releases of ${model.pipelineName} to the Cloud Run services of every stage`,
  });
  const releaser = stack.resource('google_service_account', 'rollout_releaser', {
    project,
    account_id: SERVICE_ACCOUNTS.cloudDeployReleaser(),
    display_name: 'Cloud Deploy releaser',
    description: `Creates releases of ${model.pipelineName} (e.g. from CI)`,
  });
  stack.resource('google_project_iam_member', 'rollout_executor_jobrunner', {
    project,
    role: EXECUTOR_ROLE,
    member: executor.ref('member'),
  });
  for (const stage of model.stages) {
    stack.resource('google_project_iam_member', `rollout_executor_run_developer_${stage.environment}`, {
      project: stage.projectID,
      role: EXECUTOR_STAGE_ROLE,
      member: executor.ref('member'),
    });
    // The workload account of this stack's own environment is created alongside: reference it.
    const workload = findResource(
      stack,
      'google_service_account',
      (b) => b.project === stage.projectID && b.account_id === SERVICE_ACCOUNTS.workload(ctx.spec),
    );
    stack.resource('google_service_account_iam_member', `rollout_executor_acts_as_${stage.environment}`, {
      service_account_id: workload
        ? refTo(workload, 'name')
        : `projects/${stage.projectID}/serviceAccounts/${stage.workloadServiceAccount}`,
      role: ACT_AS_ROLE,
      member: executor.ref('member'),
    });
  }
  const listBuckets = stack.resource('google_project_iam_custom_role', 'rollout_listbuckets', {
    project,
    ...LIST_BUCKETS_ROLE,
    permissions: [...LIST_BUCKETS_ROLE.permissions],
  });
  for (const r of releasers(model)) {
    const member: string | TfExpr =
      r.key === 'releaser' ? releaser.ref('member') : `serviceAccount:${r.email}`;
    stack.resource('google_project_iam_member', `rollout_${r.key}_clouddeploy_releaser`, {
      project,
      role: RELEASER_ROLE,
      member,
    });
    stack.resource('google_project_iam_member', `rollout_${r.key}_listbuckets`, {
      project,
      role: listBuckets.ref('name'),
      member,
    });
    stack.resource('google_service_account_iam_member', `rollout_${r.key}_acts_as_executor`, {
      service_account_id: executor.ref('name'),
      role: ACT_AS_ROLE,
      member,
    });
  }
}

/**
 * Adds to the cloudrun stack of the final stage: the custom target type, the delivery pipeline
 * (serial stages in `rollout.stages` order, `suspended` as specified), one custom target per
 * stage deploying to that stage's project and region, the Skaffold bucket with the source object
 * (the archive of {@link rolloutExtraFiles}), the pipeline artifacts bucket, both buckets'
 * releaser access, and the `clouddeploy-operations` topic and pull subscription. Call it after
 * the Cloud Run service is added: the pipeline then depends on it.
 */
export function addRolloutPipeline(ctx: StackContext, stack: Stack): void {
  const model = modelFor(ctx);
  if (!model) return;
  const { projectID: project, region } = model;
  const targetType = stack.resource('google_clouddeploy_custom_target_type', 'rollout_target_type', {
    project,
    location: region,
    name: CUSTOM_TARGET_TYPE.name,
    description: CUSTOM_TARGET_TYPE.description,
    labels: { ...LABELS },
    custom_actions: [
      { render_action: CUSTOM_TARGET_TYPE.renderAction, deploy_action: CUSTOM_TARGET_TYPE.deployAction },
    ],
  });
  const cloudRun = findResource(stack, 'google_cloud_run_v2_service');
  const dependsOn: Dependable[] = [...(cloudRun ? [cloudRun] : []), targetType];
  const pipeline = stack.resource(
    'google_clouddeploy_delivery_pipeline',
    'rollout_pipeline',
    {
      project,
      location: region,
      name: model.pipelineName,
      description: model.pipelineDescription,
      suspended: model.suspended,
      labels: { ...LABELS },
      ...(model.sourceRepository ? { annotations: { 'source.repository': model.sourceRepository } } : {}),
      serial_pipeline: [{ stages: model.stages.map((s) => ({ target_id: s.targetId })) }],
    },
    { depends_on: dependsOn },
  );
  for (const stage of model.stages) {
    stack.resource('google_clouddeploy_target', `rollout_target_${stage.environment}`, {
      project,
      location: region,
      name: stage.targetId,
      description: `${model.serviceName} ${stage.environment}: Cloud Run service ${stage.cloudRunService} in ${stage.projectID} (${stage.region})`,
      labels: { ...LABELS },
      custom_target: [{ custom_target_type: targetType.id }],
      deploy_parameters: { ...stage.deployParameters },
      execution_configs: [{ usages: ['RENDER', 'DEPLOY'], service_account: model.serviceAccounts.executor }],
    });
  }

  const bucket = (name: string, bucketName: string | TfExpr) =>
    stack.resource('google_storage_bucket', name, {
      project,
      name: bucketName,
      location: region.toUpperCase(),
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      force_destroy: ctx.env.allowDestroys,
      labels: { ...LABELS },
    });
  const skaffoldBucket = bucket('rollout_skaffold_bucket', model.buckets.skaffold);
  stack.resource('google_storage_bucket_object', 'rollout_skaffold_source', {
    bucket: skaffoldBucket.ref('name'),
    name: model.skaffoldSource.object,
    source: interpolate`${refExpr('path.module')}/${model.skaffoldSource.archiveFile}`,
    content_type: 'application/gzip',
  });
  // Cloud Deploy names it after the pipeline's uid; created here so releasers can be granted on it.
  const pipelineBucket = bucket(
    'rollout_pipeline_bucket',
    interpolate`${pipeline.ref('uid')}${model.buckets.pipelineSuffix}`,
  );
  const buckets: [string, ResourceHandle<'google_storage_bucket'>][] = [
    ['skaffold_bucket', skaffoldBucket],
    ['pipeline_bucket', pipelineBucket],
  ];
  for (const r of releasers(model))
    for (const [key, b] of buckets)
      stack.resource('google_storage_bucket_iam_member', `rollout_${r.key}_${key}`, {
        bucket: b.ref('name'),
        role: BUCKET_ROLE,
        member: `serviceAccount:${r.email}`,
      });

  const topic = stack.resource('google_pubsub_topic', 'rollout_operations_topic', {
    project,
    name: model.operations.topic,
    labels: { ...LABELS },
  });
  stack.resource('google_pubsub_subscription', 'rollout_operations_subscription', {
    project,
    name: model.operations.subscription,
    topic: topic.id,
    labels: { ...LABELS },
    ack_deadline_seconds: 60,
    message_retention_duration: '86400s',
    expiration_policy: [{ ttl: '' }],
  });
}

/**
 * Files the cloudrun stack writes next to its `main.tf.json` in the final stage: the Skaffold
 * source archive the source object uploads. Empty elsewhere.
 */
export function rolloutExtraFiles(ctx: StackContext): ExtraFile[] {
  const model = modelFor(ctx);
  if (!model) return [];
  return [{ name: model.skaffoldSource.archiveFile, content: skaffoldArchive() }];
}
