/**
 * The `project` stack (docs/generated-terraform.md, "project"): the environment's GCP project, with billing
 * account and folder from the platform config by category, labels, the deletion guard from
 * `allowDestroys`, and the APIs it needs plus `service.iam.services`.
 *
 * It also makes the Cloud Run service agent safe to grant (docs/generated-terraform.md, "First
 * apply"): enabling `run.googleapis.com` is what creates the agent
 * (`service-<number>@serverless-robot-prod.iam.gserviceaccount.com`), and IAM takes a while to
 * accept a new principal, so `time_sleep.cloudrun_service_agent` waits
 * {@link SERVICE_AGENT_WAIT} after the API is enabled (only then: its trigger is the enablement).
 * The stack finishes after the wait, and the `iam` stack, which grants the agent image pull, is
 * applied only after this one (the apply order, `src/stacks/apply-order.ts`).
 */
import { interpolate, PROVIDERS, type ResourceHandle } from '../terraform/index.ts';
import { addGoogleProvider, newStack, type StackBuild, type StackContext } from './context.ts';

/** How long the project stack waits after enabling Cloud Run, for its service agent to be usable in IAM. */
export const SERVICE_AGENT_WAIT = '90s';

/** APIs enabled on every environment project (MSP's list), before `service.iam.services`. */
const BASE_APIS = [
  'run',
  'containerregistry',
  'artifactregistry',
  'cloudbuild',
  'logging',
  'monitoring',
  'iam',
  'iamcredentials',
  'secretmanager',
  'redis',
  'compute',
  'networkmanagement',
  'vpcaccess',
  'servicenetworking',
  'storage-api',
  'storage-component',
  'bigquery',
  'cloudprofiler',
  'cloudscheduler',
  'cloudtrace',
  'sqladmin',
  'clouddeploy',
  'bigqueryconnection',
  'accesscontextmanager',
  'pubsub',
  'datastream',
  // the iam stack sets the key-creation ban through the Org Policy API
  'orgpolicy',
].map((a) => `${a}.googleapis.com`);

/** GCP label values: lowercase, `[a-z0-9_-]`, at most 63 characters. */
export function labelValue(v: string): string {
  return v
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .slice(0, 63);
}

function projectLabels(ctx: StackContext): Record<string, string> {
  const { spec, env } = ctx;
  return {
    service: labelValue(spec.id),
    environment: labelValue(env.id),
    category: env.category,
    msp: 'true',
    ...(env.category !== 'test' ? { 'collect-security-audit-logs': 'true' } : {}),
  };
}

export function buildProjectStack(ctx: StackContext): StackBuild {
  const { spec, env, platform } = ctx;
  const stack = newStack(ctx, 'project');
  // No default project: the project does not exist until this stack is applied.
  addGoogleProvider(stack);
  const project = stack.resource(
    'google_project',
    'project',
    {
      name: `${spec.name} - ${env.id}`,
      project_id: env.projectID,
      billing_account: platform.gcp.billingAccount,
      folder_id: platform.gcp.folders[env.category].replace(/^folders\//, ''),
      auto_create_network: false,
      deletion_policy: env.allowDestroys ? 'DELETE' : 'PREVENT',
      labels: projectLabels(ctx),
    },
    { lifecycle: { prevent_destroy: !env.allowDestroys } },
  );
  const apis = [...new Set([...BASE_APIS, ...spec.iam.services])];
  const enabled = new Map<string, ResourceHandle<'google_project_service'>>();
  for (const api of apis) {
    const handle = stack.resource(
      'google_project_service',
      `api_${api.replace('.googleapis.com', '').replace(/[^a-z0-9]/g, '_')}`,
      {
        project: project.ref('project_id'),
        service: api,
        disable_on_destroy: false,
        disable_dependent_services: false,
      },
      {},
    );
    enabled.set(api, handle);
  }
  const runApi = enabled.get('run.googleapis.com')!;
  stack.requireProvider('time', PROVIDERS.time);
  stack.provider('time', {});
  const agentWait = stack.resource(
    'time_sleep',
    'cloudrun_service_agent',
    { create_duration: SERVICE_AGENT_WAIT, triggers: { run_api: runApi.id } },
    { depends_on: [runApi] },
  );
  stack.output('project_id', { value: project.ref('project_id'), description: 'The environment project ID' });
  stack.output('project_number', {
    value: project.ref('number'),
    description: 'The environment project number',
  });
  stack.output('cloud_run_service_agent', {
    value: interpolate`service-${project.ref('number')}@serverless-robot-prod.iam.gserviceaccount.com`,
    description: 'Email of the Cloud Run service agent, usable in IAM once this stack is applied',
    depends_on: [agentWait],
  });
  return { stack };
}
