// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected Terraform references are plain strings holding ${...}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleContexts } from '../../test/support/examples.ts';
import { checkStack, serializeStack } from '../terraform/index.ts';
import { buildApplyOrder } from './apply-order.ts';
import { buildProjectStack, SERVICE_AGENT_WAIT } from './project.ts';

describe('project stack: the Cloud Run service agent is usable before iam grants it', () => {
  for (const ctx of exampleContexts()) {
    it(`${ctx.spec.id}/${ctx.env.id}`, () => {
      const { stack } = buildProjectStack(ctx);
      assert.deepEqual(checkStack(stack), []);
      const json = JSON.parse(serializeStack(stack));
      assert.deepEqual(json.terraform.required_providers.time, {
        source: 'hashicorp/time',
        version: '0.13.1',
      });
      // The wait starts when Cloud Run is enabled (the enablement creates the agent), only then.
      assert.deepEqual(json.resource.time_sleep.cloudrun_service_agent, {
        create_duration: SERVICE_AGENT_WAIT,
        triggers: { run_api: '${google_project_service.api_run.id}' },
        depends_on: ['google_project_service.api_run'],
      });
      assert.deepEqual(json.output.cloud_run_service_agent, {
        value: 'service-${google_project.project.number}@serverless-robot-prod.iam.gserviceaccount.com',
        description: 'Email of the Cloud Run service agent, usable in IAM once this stack is applied',
        depends_on: ['time_sleep.cloudrun_service_agent'],
      });
      // The iam stack, which grants the agent image pull, is applied after the project stack.
      const order = buildApplyOrder(ctx.spec, ctx.platform);
      assert.ok(order.edges.some((e) => e.from === `${ctx.env.id}/project` && e.to === `${ctx.env.id}/iam`));
    });
  }
});
