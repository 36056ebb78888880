// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected Terraform references are plain strings holding ${...}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exampleContexts,
  examplePlatform,
  examplePlatformContext,
  examplePlatformWith,
  exampleServiceIds,
  exampleSpec,
  stackContext,
  TEST_TOOL_VERSION,
} from '../../test/support/examples.ts';
import { generateService } from '../generate/service.ts';
import { STACK_READS, type StackName, stackDir, workspaceName } from '../naming/names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { buildPlatformTfcStack } from '../platform-stack/tfc.ts';
import { checkStack, type JsonObject, renderStack } from '../terraform/index.ts';
import type { StackContext } from './context.ts';
import { notificationDestination } from './resources/tfc-workspace.ts';
import { buildTfcworkspacesStack, GCP_STACKS } from './tfcworkspaces.ts';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

const gcsPlatform = () =>
  examplePlatformWith((t) =>
    t.replace(
      '    type: cloud\n    hostname: app.terraform.io\n    organization: acme\n',
      '    type: gcs\n    bucket: acme-terraform-state\n',
    ),
  );

function tfc(ctx: StackContext): JsonObject {
  const built = buildTfcworkspacesStack(ctx);
  assert.ok(built, 'tfcworkspaces stack expected with a cloud backend');
  return renderStack(built.stack);
}

function workspaces(d: JsonObject): Record<string, Record<string, unknown>> {
  return (d.resource as Blocks).tfe_workspace ?? {};
}

/** The platform output's `tfc` stack for the example fleet (or `platform`). */
function platformTfc(platform?: PlatformConfig): JsonObject {
  const stack = buildPlatformTfcStack(examplePlatformContext(platform));
  assert.ok(stack, 'platform tfc stack expected with a cloud backend');
  return renderStack(stack);
}

/**
 * Every workspace of an environment: the ones its tfcworkspaces stack declares, plus its own
 * (`tfcworkspaces`), which the platform output declares.
 */
function environmentWorkspaces(
  ctx: StackContext,
  platformDoc: JsonObject = platformTfc(ctx.platform),
): Record<string, Record<string, unknown>> {
  const own = workspaces(platformDoc)[`${ctx.spec.id}_${ctx.env.id}`];
  assert.ok(own, `platform output declares ${ctx.spec.id}/${ctx.env.id}'s tfcworkspaces workspace`);
  return { ...workspaces(tfc(ctx)), tfcworkspaces: own };
}

/** Files `generate` writes for every environment of a service, fleet-relative. */
function generatedFiles(svc: string, platform: PlatformConfig): { path: string; content: string }[] {
  const spec = exampleSpec(svc, { platform });
  const { value, diagnostics } = generateService({
    spec,
    platform,
    toolVersion: TEST_TOOL_VERSION,
    specPath: `services/${svc}/service.yaml`,
    inputHash: 'test',
  });
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  assert.ok(value);
  return value.files.map((f) => ({
    path: `services/${svc}/terraform/${f.path}`,
    content: typeof f.content === 'string' ? f.content : Buffer.from(f.content).toString('utf8'),
  }));
}

/** Stack directories `generate` writes for one environment, with a trailing `/`. */
function writtenStackDirs(files: { path: string }[], svc: string, env: string): string[] {
  const prefix = `services/${svc}/terraform/${env}/stacks/`;
  const dirs = new Set<string>();
  for (const f of files) {
    if (!f.path.startsWith(prefix) || !f.path.endsWith('.tf.json')) continue;
    dirs.add(f.path.slice(0, f.path.lastIndexOf('/') + 1));
  }
  return [...dirs].sort();
}

describe('tfcworkspaces: workspaces match the stacks generate writes', () => {
  for (const svc of exampleServiceIds()) {
    it(`${svc}: one workspace per written stack, same directories`, () => {
      const platform = examplePlatform();
      const files = generatedFiles(svc, platform);
      const spec = exampleSpec(svc, { platform });
      const platformDoc = platformTfc(platform);
      for (const env of spec.environments) {
        const built = buildTfcworkspacesStack(stackContext(spec, env, platform))!;
        assert.deepEqual(checkStack(built.stack), []);
        const ws = environmentWorkspaces(stackContext(spec, env, platform), platformDoc);
        const written = writtenStackDirs(files, svc, env.id);
        assert.equal(Object.keys(ws).length, written.length, `${svc}/${env.id}: workspace count`);
        assert.deepEqual(
          Object.values(ws)
            .map((w) => w.working_directory as string)
            .sort(),
          written,
        );
        for (const [stack, w] of Object.entries(ws)) {
          assert.equal(w.name, workspaceName(platform.terraform.backend, svc, env.id, stack as StackName));
          assert.equal(w.working_directory, `${stackDir(svc, env.id, stack as StackName)}/`);
          assert.deepEqual(w.trigger_prefixes, [w.working_directory]);
        }
      }
    });
  }

  it('every remote state a stack reads is declared in STACK_READS', () => {
    const platform = examplePlatform();
    for (const svc of exampleServiceIds()) {
      for (const f of generatedFiles(svc, platform)) {
        const m = /\/stacks\/([^/]+)\/[^/]+\.tf\.json$/.exec(f.path);
        if (!m) continue;
        const stack = m[1] as StackName;
        const json = JSON.parse(f.content) as { data?: Blocks };
        const reads = Object.keys(json.data?.terraform_remote_state ?? {});
        for (const from of reads)
          assert.ok(STACK_READS[stack].includes(from as StackName), `${f.path} reads ${from}`);
      }
    }
  });
});

describe('tfcworkspaces: workspace settings', () => {
  const ctx = () => {
    const c = exampleContexts().find((x) => x.spec.id === 'acme-api' && x.env.id === 'prod');
    assert.ok(c);
    return c;
  };

  it('declares the project, VCS settings, auto-apply, tags and remote execution', () => {
    const d = tfc(ctx());
    const res = d.resource as Blocks;
    assert.equal(res.tfe_project, undefined, 'the project belongs to the platform output');
    assert.deepEqual((d.data as Blocks).tfe_project!.project, {
      name: 'msp-acme-api-prod',
      organization: 'acme',
    });
    assert.deepEqual((platformTfc().resource as Blocks).tfe_project!['acme-api_prod'], {
      name: 'msp-acme-api-prod',
      organization: 'acme',
      lifecycle: { prevent_destroy: true },
    });
    assert.deepEqual((d.provider as Record<string, unknown[]>).tfe, [
      { hostname: 'app.terraform.io', organization: 'acme' },
    ]);
    const iam = workspaces(d).iam!;
    assert.equal(iam.name, 'msp-acme-api-prod-iam');
    assert.equal(iam.project_id, '${data.tfe_project.project.id}');
    assert.equal(iam.auto_apply, true);
    assert.equal(iam.allow_destroy_plan, false);
    assert.equal(iam.terraform_version, '1.7.5');
    assert.deepEqual(iam.tag_names, ['msp', 'msp-service-acme-api', 'msp-env-acme-api-prod']);
    assert.deepEqual(iam.vcs_repo, [
      { identifier: 'acme/managed-services', branch: 'main', oauth_token_id: 'ot-AbCdEf123456' },
    ]);
    assert.equal(iam.working_directory, 'services/acme-api/terraform/prod/stacks/iam/');
    assert.equal(iam.queue_all_runs, false);
    assert.equal(workspaces(d).tfcworkspaces, undefined, 'its own workspace belongs to the platform output');
    assert.equal(environmentWorkspaces(ctx()).tfcworkspaces!.queue_all_runs, true);
    for (const s of GCP_STACKS)
      assert.deepEqual(res.tfe_workspace_settings![s], {
        workspace_id: `\${tfe_workspace.${s}.id}`,
        execution_mode: 'remote',
      });
    assert.ok(!JSON.stringify(d).includes('"token"'), 'no token in the generated stack');
  });

  it('shares state only with the stacks that read it', () => {
    const ws = environmentWorkspaces(ctx());
    for (const w of Object.values(ws)) assert.equal(w.global_remote_state, false);
    assert.deepEqual(ws.cloudrun!.remote_state_consumer_ids, ['${tfe_workspace.monitoring.id}']);
    for (const s of ['project', 'iam', 'monitoring', 'tfcworkspaces'])
      assert.deepEqual(ws[s]!.remote_state_consumer_ids, [], s);
  });

  it('starts the project run; run triggers queue iam → cloudrun → monitoring after it', () => {
    const d = tfc(ctx());
    const runs = (d.resource as Blocks).tfe_workspace_run!;
    assert.deepEqual(Object.keys(runs).sort(), ['cloudrun', 'iam', 'monitoring', 'project']);
    const auto = [{ manual_confirm: false, wait_for_run: true }];
    assert.deepEqual(runs.project, {
      workspace_id: '${tfe_workspace.project.id}',
      apply: auto,
      destroy: auto,
      depends_on: ['tfe_workspace_settings.project'],
    });
    // Later stacks are only destroyed from here (in reverse order); their applies come from triggers.
    for (const s of ['iam', 'cloudrun', 'monitoring']) {
      assert.equal(runs[s]!.apply, undefined, s);
      assert.deepEqual(runs[s]!.destroy, auto, s);
    }
    assert.deepEqual((d.resource as Blocks).tfe_run_trigger, {
      iam_after_project: {
        workspace_id: '${tfe_workspace.iam.id}',
        sourceable_id: '${tfe_workspace.project.id}',
      },
      cloudrun_after_iam: {
        workspace_id: '${tfe_workspace.cloudrun.id}',
        sourceable_id: '${tfe_workspace.iam.id}',
      },
      monitoring_after_cloudrun: {
        workspace_id: '${tfe_workspace.monitoring.id}',
        sourceable_id: '${tfe_workspace.cloudrun.id}',
      },
    });
    for (const w of Object.values(workspaces(d))) assert.equal(w.auto_apply_run_trigger, true);
  });

  it("a rollout's final stage iam is triggered by every earlier stage's iam workspace", () => {
    const platform = examplePlatform();
    const spec = exampleSpec('release-registry', { platform });
    const stack = (envId: string) => {
      const built = buildTfcworkspacesStack(
        stackContext(spec, spec.environments.find((e) => e.id === envId)!, platform),
      );
      assert.ok(built);
      assert.deepEqual(checkStack(built.stack), []);
      return renderStack(built.stack) as JsonObject;
    };
    const prod = stack('prod');
    const triggers = (prod.resource as Blocks).tfe_run_trigger!;
    assert.deepEqual(triggers.iam_after_dev_iam, {
      workspace_id: '${tfe_workspace.iam.id}',
      sourceable_id: '${data.tfe_workspace.dev_iam.id}',
    });
    assert.deepEqual((prod.data as Blocks).tfe_workspace!.dev_iam, {
      name: 'msp-release-registry-dev-iam',
      organization: 'acme',
    });
    // The earlier stage has no trigger from another environment.
    const dev = stack('dev');
    assert.deepEqual(Object.keys((dev.resource as Blocks).tfe_run_trigger!).sort(), [
      'cloudrun_after_iam',
      'iam_after_project',
      'monitoring_after_cloudrun',
    ]);
    // Its only lookups are the platform output's project and credentials, no other environment's workspace.
    assert.equal((dev.data as Blocks).tfe_workspace, undefined);
    assert.deepEqual(Object.keys(dev.data as Blocks).sort(), ['tfe_project', 'tfe_variable_set']);
  });

  it('old chain: iam, cloudrun and monitoring runs still depend on the one before (reverse destroy)', () => {
    const runs = (tfc(ctx()).resource as Blocks).tfe_workspace_run!;
    assert.deepEqual(runs.iam!.depends_on, ['tfe_workspace_settings.iam', 'tfe_workspace_run.project']);
    assert.deepEqual(runs.cloudrun!.depends_on, ['tfe_workspace_settings.cloudrun', 'tfe_workspace_run.iam']);
    assert.deepEqual(runs.monitoring!.depends_on, [
      'tfe_workspace_settings.monitoring',
      'tfe_workspace_run.cloudrun',
    ]);
  });

  it('notifies run failures when the platform config has a notification URL', () => {
    const notes = (tfc(ctx()).resource as Blocks).tfe_notification_configuration!;
    assert.deepEqual(Object.keys(notes).sort(), [...GCP_STACKS].sort());
    const platformNotes = (platformTfc().resource as Blocks).tfe_notification_configuration!;
    assert.equal(platformNotes['acme-api_prod']!.workspace_id, '${tfe_workspace.acme-api_prod.id}');
    assert.equal(platformNotes.platform_tfc!.url, 'https://hooks.acme.com/terraform-runs');
    assert.deepEqual(notes.cloudrun, {
      name: 'msp-run-failures',
      workspace_id: '${tfe_workspace.cloudrun.id}',
      enabled: true,
      destination_type: 'generic',
      url: 'https://hooks.acme.com/terraform-runs',
      triggers: ['run:errored'],
    });
    const quiet = examplePlatformWith((t) =>
      t.replace('  notificationUrl: https://hooks.acme.com/terraform-runs\n', ''),
    );
    const spec = exampleSpec('acme-api', { platform: quiet });
    const d = tfc(stackContext(spec, spec.environments[1]!, quiet));
    assert.equal((d.resource as Blocks).tfe_notification_configuration, undefined);
    assert.equal(notificationDestination('https://hooks.slack.com/services/T/B/x'), 'slack');
    assert.equal(notificationDestination('https://acme.webhook.office.com/x'), 'microsoft-teams');
    assert.equal(notificationDestination('not a url'), 'generic');
  });

  it('allowDestroys enables destroy plans and lifts the deletion guards', () => {
    const c = exampleContexts().find((x) => x.spec.id === 'acme-api' && x.env.id === 'dev')!;
    const d = tfc(c);
    for (const w of Object.values(workspaces(d))) {
      assert.equal(w.allow_destroy_plan, true);
      assert.deepEqual(w.lifecycle, { prevent_destroy: false });
    }
  });

  it('is CLI-driven (no VCS settings) without an OAuth token', () => {
    const cli = examplePlatformWith((t) => t.replace('    oauthTokenId: ot-AbCdEf123456\n', ''));
    const spec = exampleSpec('search-grpc', { platform: cli });
    const built = buildTfcworkspacesStack(stackContext(spec, spec.environments[0]!, cli))!;
    assert.deepEqual(checkStack(built.stack), []);
    for (const w of Object.values(workspaces(renderStack(built.stack)))) {
      assert.equal(w.vcs_repo, undefined);
      assert.equal(w.working_directory, undefined);
      assert.equal(w.trigger_prefixes, undefined);
    }
  });
});

describe('tfcworkspaces: other backends', () => {
  it('a gcs backend writes no tfcworkspaces stack and nothing refers to one', () => {
    const platform = gcsPlatform();
    for (const svc of exampleServiceIds()) {
      const spec = exampleSpec(svc, { platform });
      for (const env of spec.environments)
        assert.equal(buildTfcworkspacesStack(stackContext(spec, env, platform)), undefined);
      for (const f of generatedFiles(svc, platform)) {
        assert.ok(!f.path.includes('/tfcworkspaces/'), f.path);
        assert.ok(!f.content.includes('tfcworkspaces'), `${f.path} mentions tfcworkspaces`);
        assert.ok(
          !/"tfe_|hashicorp\/tfe|"backend": "remote"/.test(f.content),
          `${f.path} refers to Terraform Cloud`,
        );
      }
    }
  });

  it('a local backend writes none either', () => {
    const platform = examplePlatformWith((t) =>
      t.replace(
        '    type: cloud\n    hostname: app.terraform.io\n    organization: acme\n',
        '    type: local\n',
      ),
    );
    const spec = exampleSpec('acme-api', { platform });
    assert.equal(buildTfcworkspacesStack(stackContext(spec, spec.environments[0]!, platform)), undefined);
  });
});
