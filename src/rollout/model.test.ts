// biome-ignore-all lint/suspicious/noTemplateCurlyInString: release commands hold shell variables
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleServiceIds, exampleSpec } from '../../test/support/examples.ts';
import { cloudRunName, workloadSaEmail } from '../naming/names.ts';
import { deliveryPipelineUrl } from '../urls/index.ts';
import {
  checkReleaseName,
  checkReleaseTag,
  hostsPipeline,
  imageRef,
  releaseCommand,
  releaseNameForTag,
  rolloutModel,
} from './model.ts';

/** The example rollout service with its dev stage moved to another region. */
const crossRegion = () =>
  exampleSpec('release-registry', {
    edit: (t) =>
      t.replace(
        '    category: test\n',
        '    category: test\n    locations:\n      gcpRegion: us-west1\n      gcpLocation: US\n',
      ),
  });

describe('rollout model', () => {
  it('derives the example pipeline: final stage project and region, a target per stage', () => {
    const spec = exampleSpec('release-registry');
    const m = rolloutModel(spec)!;
    assert.equal(m.finalEnvironment, 'prod');
    assert.equal(m.projectID, 'release-registry-prod-5421');
    assert.equal(m.region, 'us-central1');
    assert.equal(m.pipelineName, 'release-registry-us-central1-rollout');
    assert.equal(m.sourceRepository, 'github.com/acme/releases');
    assert.equal(m.suspended, false);
    assert.equal(m.initialImageTag, 'insiders');
    assert.deepEqual(
      m.stages.map((s) => [s.environment, s.targetId, s.projectID, s.region, s.cloudRunService]),
      [
        [
          'dev',
          'dev-us-central1',
          'release-registry-dev-6bac',
          'us-central1',
          'release-registry-dev-us-central1',
        ],
        [
          'prod',
          'prod-us-central1',
          'release-registry-prod-5421',
          'us-central1',
          'release-registry-prod-us-central1',
        ],
      ],
    );
    assert.deepEqual(m.stages[0]!.deployParameters, {
      'customTarget/image': 'us.gcr.io/acme-dev/releaseregistry',
      'customTarget/projectID': 'release-registry-dev-6bac',
      'customTarget/region': 'us-central1',
      'customTarget/service': 'release-registry-dev-us-central1',
    });
    assert.deepEqual(m.buckets, {
      skaffold: 'release-registry-prod-5421-cloudrun-skaffold',
      pipelineSuffix: '_clouddeploy',
    });
    assert.equal(m.skaffoldSource.uri, 'gs://release-registry-prod-5421-cloudrun-skaffold/source.tar.gz');
    assert.deepEqual(m.serviceAccounts, {
      executor: 'clouddeploy-executor@release-registry-prod-5421.iam.gserviceaccount.com',
      releaser: 'clouddeploy-releaser@release-registry-prod-5421.iam.gserviceaccount.com',
      extraReleaser: 'ci-publisher@acme-ci.iam.gserviceaccount.com',
    });
    assert.deepEqual(m.operations, {
      topic: 'clouddeploy-operations',
      subscription: 'clouddeploy-operations',
    });
    assert.equal(
      deliveryPipelineUrl({ name: m.pipelineName, region: m.region, project: m.projectID }),
      'https://console.cloud.google.com/deploy/delivery-pipelines/us-central1/release-registry-us-central1-rollout?project=release-registry-prod-5421',
    );
  });

  it('uses the shared names of the Cloud Run service and workload account of each stage', () => {
    const spec = exampleSpec('release-registry');
    const m = rolloutModel(spec)!;
    for (const s of m.stages) {
      const env = spec.environments.find((e) => e.id === s.environment)!;
      assert.equal(s.cloudRunService, cloudRunName(spec, env));
      assert.equal(s.workloadServiceAccount, workloadSaEmail(spec, env));
    }
  });

  it('handles stages in other regions: the target deploys to its own region, the pipeline stays in the final one', () => {
    const m = rolloutModel(crossRegion())!;
    assert.equal(m.region, 'us-central1');
    assert.equal(m.pipelineName, 'release-registry-us-central1-rollout');
    const dev = m.stages[0]!;
    assert.equal(dev.targetId, 'dev-us-west1');
    assert.equal(dev.region, 'us-west1');
    assert.equal(dev.cloudRunService, 'release-registry-dev-us-west1');
    assert.equal(dev.deployParameters['customTarget/region'], 'us-west1');
    assert.equal(dev.deployParameters['customTarget/projectID'], 'release-registry-dev-6bac');
  });

  it('is undefined without a rollout, and only the final stage hosts the pipeline', () => {
    for (const id of exampleServiceIds()) {
      const spec = exampleSpec(id);
      if (id === 'release-registry') continue;
      assert.equal(rolloutModel(spec), undefined, id);
      for (const env of spec.environments) assert.equal(hostsPipeline(spec, env), false, `${id}/${env.id}`);
    }
    const spec = exampleSpec('release-registry');
    assert.deepEqual(
      spec.environments.map((e) => [e.id, hostsPipeline(spec, e)]),
      [
        ['dev', false],
        ['prod', true],
      ],
    );
  });

  it('honours suspended and a custom initial tag', () => {
    const spec = exampleSpec('release-registry', {
      edit: (t) =>
        t.replace('  initialImageTag: insiders\n', '  initialImageTag: stable\n  suspended: true\n'),
    });
    const m = rolloutModel(spec)!;
    assert.equal(m.suspended, true);
    assert.equal(m.initialImageTag, 'stable');
  });
});

describe('release command', () => {
  const m = rolloutModel(exampleSpec('release-registry'))!;

  it('is the exact gcloud command for a tag', () => {
    const c = releaseCommand(m, { tag: 'abc1234_56' });
    assert.equal(c.release, 'deploy-abc1234-56');
    assert.deepEqual(c.argv, [
      'gcloud',
      'deploy',
      'releases',
      'create',
      'deploy-abc1234-56',
      '--project=release-registry-prod-5421',
      '--region=us-central1',
      '--delivery-pipeline=release-registry-us-central1-rollout',
      '--source=gs://release-registry-prod-5421-cloudrun-skaffold/source.tar.gz',
      '--deploy-parameters=customTarget/tag=abc1234_56',
    ]);
    assert.equal(
      c.shell,
      [
        'gcloud deploy releases create deploy-abc1234-56 \\',
        '  --project=release-registry-prod-5421 \\',
        '  --region=us-central1 \\',
        '  --delivery-pipeline=release-registry-us-central1-rollout \\',
        '  --source=gs://release-registry-prod-5421-cloudrun-skaffold/source.tar.gz \\',
        '  --deploy-parameters=customTarget/tag=abc1234_56',
      ].join('\n'),
    );
  });

  it('uses shell variables without a tag, and an explicit release name when given', () => {
    const c = releaseCommand(m);
    assert.equal(c.release, '${RELEASE_NAME}');
    assert.equal(c.tag, '${IMAGE_TAG}');
    assert.match(c.shell, /^gcloud deploy releases create "\$\{RELEASE_NAME\}" \\$/m);
    assert.match(c.shell, /^ {2}"--deploy-parameters=customTarget\/tag=\$\{IMAGE_TAG\}"$/m);
    assert.equal(releaseCommand(m, { tag: 'v1', release: 'hotfix-1' }).release, 'hotfix-1');
  });

  it('derives valid release names from tags', () => {
    assert.equal(releaseNameForTag('abc1234_56'), 'deploy-abc1234-56');
    assert.equal(releaseNameForTag('V1.2.3'), 'deploy-v1-2-3');
    assert.equal(releaseNameForTag('_'), 'deploy');
    const long = releaseNameForTag(`${'a'.repeat(60)}-${'b'.repeat(60)}`);
    assert.ok(long.length <= 63);
    for (const t of ['abc1234_56', 'V1.2.3', '_', `sha256:${'f'.repeat(64)}`, `${'a'.repeat(56)}.b`])
      assert.equal(checkReleaseName(releaseNameForTag(t)), undefined, t);
  });

  it('accepts image tags and digests only', () => {
    for (const t of ['v1', 'abc_1.2-3', 'A', `sha256:${'0'.repeat(64)}`, 'x'.repeat(128)])
      assert.equal(checkReleaseTag(t), undefined, t);
    for (const t of ['', '-x', '.x', 'a b', 'a;b', '$(id)', 'x'.repeat(129), 'sha256:abc'])
      assert.ok(checkReleaseTag(t), t);
    assert.ok(checkReleaseName('Deploy-1'));
    assert.ok(checkReleaseName('deploy-'));
    assert.ok(checkReleaseName('1deploy'));
  });

  it('references digests with @ and tags with :', () => {
    assert.equal(imageRef('gcr.io/p/i', 'v1'), 'gcr.io/p/i:v1');
    assert.equal(imageRef('gcr.io/p/i', `sha256:${'0'.repeat(64)}`), `gcr.io/p/i@sha256:${'0'.repeat(64)}`);
  });
});
