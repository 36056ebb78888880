// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the output holds shell variables
/** `msp rollout`: the release command and links, for people (text) and CI (JSON), from the model. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capturedIO } from '../../test/support/cli.ts';
import { EXAMPLES_ROOT, exampleSpec } from '../../test/support/examples.ts';
import { type RolloutOptions, runRollout } from '../cli/commands/rollout.ts';
import { EXIT, UsageError } from '../cli/io.ts';
import { cloudRunUrl, deliveryPipelineUrl } from '../urls/index.ts';
import { releaseCommand, rolloutModel } from './model.ts';

async function run(opts: RolloutOptions) {
  const { io, out } = capturedIO(EXAMPLES_ROOT);
  const code = await runRollout(opts, io);
  return { code, ...out };
}

const model = () => rolloutModel(exampleSpec('release-registry'))!;

describe('msp rollout', () => {
  it('prints the exact release command for a tag, the stages and the console links', async () => {
    const r = await run({ service: 'release-registry', tag: 'abc1234_56' });
    assert.equal(r.code, EXIT.OK, r.stderr);
    assert.equal(r.stderr, '');
    const m = model();
    const indented = releaseCommand(m, { tag: 'abc1234_56' })
      .shell.split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
    assert.ok(r.stdout.includes(`\n${indented}\n`), r.stdout);
    assert.ok(r.stdout.includes('gcloud deploy releases create deploy-abc1234-56 \\'));
    const spec = exampleSpec('release-registry');
    assert.ok(
      r.stdout.includes(
        deliveryPipelineUrl({ name: m.pipelineName, region: m.region, project: m.projectID }),
      ),
    );
    for (const s of m.stages) {
      const env = spec.environments.find((e) => e.id === s.environment)!;
      assert.ok(r.stdout.includes(cloudRunUrl(spec, env)), s.environment);
      assert.ok(
        r.stdout.includes(
          `target ${s.targetId}: us.gcr.io/acme-dev/releaseregistry:abc1234_56 on Cloud Run ${s.cloudRunService}`,
        ),
      );
    }
    assert.ok(r.stdout.indexOf('1. dev') < r.stdout.indexOf('2. prod'), 'stages in rollout order');
  });

  it('uses IMAGE_TAG and RELEASE_NAME without a tag', async () => {
    const r = await run({ service: 'release-registry' });
    assert.equal(r.code, EXIT.OK);
    assert.ok(r.stdout.includes('gcloud deploy releases create "${RELEASE_NAME}" \\'));
    assert.ok(r.stdout.includes('"--deploy-parameters=customTarget/tag=${IMAGE_TAG}"'));
  });

  it('prints JSON for CI, with argv identical to the model', async () => {
    const r = await run({ service: 'release-registry', tag: 'v1.2.3', release: 'hotfix-7', format: 'json' });
    assert.equal(r.code, EXIT.OK);
    const j = JSON.parse(r.stdout);
    const cmd = releaseCommand(model(), { tag: 'v1.2.3', release: 'hotfix-7' });
    assert.deepEqual(j.release, {
      name: 'hotfix-7',
      tag: 'v1.2.3',
      image: 'us.gcr.io/acme-dev/releaseregistry:v1.2.3',
      argv: cmd.argv,
      command: cmd.shell,
    });
    assert.equal(j.pipeline, 'release-registry-us-central1-rollout');
    assert.equal(j.project, 'release-registry-prod-5421');
    assert.equal(j.region, 'us-central1');
    assert.equal(j.source, 'gs://release-registry-prod-5421-cloudrun-skaffold/source.tar.gz');
    assert.equal(j.skaffoldFile, 'skaffold.yaml');
    assert.deepEqual(
      j.stages.map((s: { environment: string; target: string }) => [s.environment, s.target]),
      [
        ['dev', 'dev-us-central1'],
        ['prod', 'prod-us-central1'],
      ],
    );
    assert.deepEqual(j.releasers, [
      'clouddeploy-releaser@release-registry-prod-5421.iam.gserviceaccount.com',
      'ci-publisher@acme-ci.iam.gserviceaccount.com',
    ]);
  });

  it('exits 1 for a service without a rollout', async () => {
    const r = await run({ service: 'acme-api' });
    assert.equal(r.code, EXIT.INVALID);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /service "acme-api" has no rollout/);
  });

  it('rejects bad arguments as usage errors', async () => {
    await assert.rejects(run({ service: 'release-registry', tag: 'a;b' }), UsageError);
    await assert.rejects(run({ service: 'release-registry', tag: 'v1', release: 'Bad_Name' }), UsageError);
    await assert.rejects(run({ service: 'release-registry', format: 'yaml' as 'json' }), UsageError);
    await assert.rejects(run({ service: 'no-such-service' }), /not found/);
  });
});
