/**
 * The Cloud Run v2 job of a `kind: job` environment: one task, the
 * task timeout from `deadlineSeconds`, no probes. With `schedule.cron`, a Cloud Scheduler job
 * (time zone `Etc/UTC`) runs it through the Cloud Run Admin API as the job invoker account the
 * iam stack creates, which gets `roles/run.invoker` on this job only.
 */

import { jobInvokerSaEmail } from '../../naming/names.ts';
import type { EnvironmentSpec, ServiceSpec } from '../../spec/model.ts';
import type { ResourceHandle, Stack } from '../../terraform/index.ts';
import { type RevisionParts, revisionCommon } from './cloudrun-service.ts';

/** User-Agent of the scheduler's requests (MSP's, so logs and alerts can tell them apart). */
const SCHEDULER_USER_AGENT = 'MSP-Google-Cloud-Scheduler';
/** Time zone of every schedule. */
const SCHEDULE_TIME_ZONE = 'Etc/UTC';

/** The Cloud Run Admin API URL that starts an execution of a job. */
function jobRunUri(project: string, region: string, job: string): string {
  return `https://run.googleapis.com/v2/projects/${project}/locations/${region}/jobs/${job}:run`;
}

/**
 * Adds `google_cloud_run_v2_job.cloudrun` and, with a schedule,
 * `google_cloud_run_v2_job_iam_member.cloudrun_scheduler_invoker` and
 * `google_cloud_scheduler_job.cloudrun`.
 */
export function addCloudRunJob(
  stack: Stack,
  spec: ServiceSpec,
  env: EnvironmentSpec,
  parts: RevisionParts,
): ResourceHandle<'google_cloud_run_v2_job'> {
  const region = env.locations.gcpRegion;
  const deadline = `${env.deadlineSeconds}s`;
  const common = revisionCommon(spec, env, parts);
  const job = stack.resource(
    'google_cloud_run_v2_job',
    'cloudrun',
    {
      name: parts.name,
      location: region,
      deletion_protection: !env.allowDestroys,
      template: [
        {
          task_count: 1,
          template: [{ ...common.template, timeout: deadline, containers: [common.container] }],
        },
      ],
    },
    {
      depends_on: parts.dependsOn,
      ...(parts.ignoreChanges.length > 0 ? { lifecycle: { ignore_changes: parts.ignoreChanges } } : {}),
    },
  );
  if (!env.schedule) return job;

  const invoker = jobInvokerSaEmail(spec, env);
  const grant = stack.resource('google_cloud_run_v2_job_iam_member', 'cloudrun_scheduler_invoker', {
    name: job.ref('name'),
    location: region,
    role: 'roles/run.invoker',
    member: `serviceAccount:${invoker}`,
  });
  stack.resource(
    'google_cloud_scheduler_job',
    'cloudrun',
    {
      name: parts.name,
      description: `Runs the ${spec.name} job on its schedule`,
      region,
      schedule: env.schedule.cron,
      time_zone: SCHEDULE_TIME_ZONE,
      attempt_deadline: deadline,
      http_target: [
        {
          http_method: 'POST',
          uri: jobRunUri(env.projectID, region, parts.name),
          headers: { 'User-Agent': SCHEDULER_USER_AGENT },
          oauth_token: [
            { service_account_email: invoker, scope: 'https://www.googleapis.com/auth/cloud-platform' },
          ],
        },
      ],
    },
    { depends_on: [grant, job] },
  );
  return job;
}
