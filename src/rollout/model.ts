/**
 * The rollout model: every name, place and command of a service's Cloud Deploy pipeline, derived
 * from the spec alone. The single source for the Terraform (`./index.ts`), the Skaffold assets
 * (`./assets.ts`), `msp rollout` and the docs, so they cannot disagree.
 */

import { cloudRunName, SERVICE_ACCOUNTS, saEmail, workloadSaEmail } from '../naming/names.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';

/** The custom target type every target uses, and the Skaffold custom actions it names. */
export const CUSTOM_TARGET_TYPE = {
  name: 'cloud-run-service',
  description: 'MSP Cloud Run service: deploys an image tag to an existing Cloud Run service',
  renderAction: 'cloud-run-image-deploy-render',
  deployAction: 'cloud-run-image-deploy',
} as const;

/**
 * Deploy parameters. Targets carry where to deploy (`service`, `projectID`, `region`, `image`);
 * each release supplies `tag`. Cloud Deploy hands `customTarget/<p>` to the Skaffold custom
 * actions as the environment variable `CLOUD_DEPLOY_customTarget_<p>`.
 */
export const DEPLOY_PARAMETERS = {
  service: 'customTarget/service',
  projectID: 'customTarget/projectID',
  region: 'customTarget/region',
  image: 'customTarget/image',
  tag: 'customTarget/tag',
} as const;

/** The Skaffold config inside the source archive, and the archive as generated and uploaded. */
export const SKAFFOLD = {
  /** Path of the Skaffold config inside the archive (the `--skaffold-file` default). */
  configFile: 'skaffold.yaml',
  /** The archive written next to the final stage's cloudrun `main.tf.json`. */
  archiveFile: 'skaffoldsource.tar.gz',
  /** The object the archive is uploaded to in the Skaffold bucket. */
  objectName: 'source.tar.gz',
} as const;

/** Cloud Deploy publishes pipeline events to a topic of exactly this name in its project. */
const OPERATIONS_TOPIC = 'clouddeploy-operations';

/** Suffix of the pipeline artifacts bucket, named `<pipeline uid>_clouddeploy` by Cloud Deploy. */
const PIPELINE_BUCKET_SUFFIX = '_clouddeploy';

/** One stage of the pipeline: a target in the pipeline's project that deploys to its own project and region. */
interface RolloutStage {
  /** Environment ID. */
  environment: string;
  /** The stage environment's project (where its Cloud Run service runs). */
  projectID: string;
  /** The stage environment's region. */
  region: string;
  /** Cloud Deploy target ID: `<envID>-<region>`. */
  targetId: string;
  /** The Cloud Run service the stage deploys to (the cloudrun stack's name for it). */
  cloudRunService: string;
  /** The workload service account the Cloud Run service runs as; the executor acts as it. */
  workloadServiceAccount: string;
  /** Deploy parameters set on the target (sorted by key). */
  deployParameters: Record<string, string>;
}

/** A service's rollout, fully derived. */
export interface RolloutModel {
  serviceId: string;
  serviceName: string;
  /** The final stage's environment, which hosts the pipeline. */
  finalEnvironment: string;
  /** Project of the pipeline, targets, buckets and service accounts (final stage's). */
  projectID: string;
  /** Region of the pipeline and targets (final stage's). */
  region: string;
  /** `<serviceID>-<region>-rollout`. */
  pipelineName: string;
  pipelineDescription: string;
  suspended: boolean;
  /** `build.source.repo`, annotated on the pipeline when set. */
  sourceRepository?: string;
  /** The image repository, without tag (`build.image`). */
  image: string;
  /** Tag of the first revision in every rollout environment. */
  initialImageTag: string;
  stages: RolloutStage[];
  buckets: {
    /** `<projectID>-cloudrun-skaffold`: holds the Skaffold source archive. */
    skaffold: string;
    /** Suffix of the pipeline artifacts bucket (`<pipeline uid>_clouddeploy`). */
    pipelineSuffix: string;
  };
  skaffoldSource: {
    bucket: string;
    object: string;
    /** `gs://<bucket>/<object>`: the `--source` of every release. */
    uri: string;
    /** The generated archive file next to the cloudrun stack. */
    archiveFile: string;
    /** The Skaffold config inside the archive. */
    skaffoldFile: string;
  };
  serviceAccounts: {
    /** Runs render and deploy (`clouddeploy-executor@<project>`). */
    executor: string;
    /** Creates releases, e.g. from CI (`clouddeploy-releaser@<project>`). */
    releaser: string;
    /** `rollout.serviceAccount`, granted the same as the releaser. */
    extraReleaser?: string;
  };
  /** Pub/Sub topic and subscription of pipeline events. */
  operations: { topic: string; subscription: string };
}

/** `<serviceID>-<region>-rollout`. */
function pipelineName(serviceId: string, region: string): string {
  return `${serviceId}-${region}-rollout`;
}

/** `<envID>-<region>`: the target ID of a stage. */
function targetId(env: EnvironmentSpec): string {
  return `${env.id}-${env.locations.gcpRegion}`;
}

/**
 * The rollout of `spec`, or undefined when it has none. Stages may span projects and regions:
 * each target carries its stage's project and region as deploy parameters, while the pipeline
 * and targets live in the final stage's project and region. Throws when a stage names a
 * missing environment (validation rejects such specs first).
 */
export function rolloutModel(spec: ServiceSpec): RolloutModel | undefined {
  const r = spec.rollout;
  if (!r) return undefined;
  const envOf = (id: string): EnvironmentSpec => {
    const env = spec.environments.find((e) => e.id === id);
    if (!env) throw new Error(`rollout stage "${id}" is not an environment of ${spec.id}`);
    return env;
  };
  const final = envOf(r.finalStage);
  const projectID = final.projectID;
  const region = final.locations.gcpRegion;
  const pipeline = pipelineName(spec.id, region);
  const skaffoldBucket = `${projectID}-cloudrun-skaffold`;
  const stages = r.stages.map((id): RolloutStage => {
    const env = envOf(id);
    const service = cloudRunName(spec, env);
    const envRegion = env.locations.gcpRegion;
    return {
      environment: env.id,
      projectID: env.projectID,
      region: envRegion,
      targetId: targetId(env),
      cloudRunService: service,
      workloadServiceAccount: workloadSaEmail(spec, env),
      deployParameters: {
        [DEPLOY_PARAMETERS.image]: spec.build.image,
        [DEPLOY_PARAMETERS.projectID]: env.projectID,
        [DEPLOY_PARAMETERS.region]: envRegion,
        [DEPLOY_PARAMETERS.service]: service,
      },
    };
  });
  return {
    serviceId: spec.id,
    serviceName: spec.name,
    finalEnvironment: final.id,
    projectID,
    region,
    pipelineName: pipeline,
    pipelineDescription: `Rollout delivery pipeline for ${spec.name}`,
    suspended: r.suspended,
    ...(spec.build.source.repo ? { sourceRepository: spec.build.source.repo } : {}),
    image: spec.build.image,
    initialImageTag: r.initialImageTag,
    stages,
    buckets: { skaffold: skaffoldBucket, pipelineSuffix: PIPELINE_BUCKET_SUFFIX },
    skaffoldSource: {
      bucket: skaffoldBucket,
      object: SKAFFOLD.objectName,
      uri: `gs://${skaffoldBucket}/${SKAFFOLD.objectName}`,
      archiveFile: SKAFFOLD.archiveFile,
      skaffoldFile: SKAFFOLD.configFile,
    },
    serviceAccounts: {
      executor: saEmail(SERVICE_ACCOUNTS.cloudDeployExecutor(), projectID),
      releaser: saEmail(SERVICE_ACCOUNTS.cloudDeployReleaser(), projectID),
      ...(r.serviceAccount ? { extraReleaser: r.serviceAccount } : {}),
    },
    operations: { topic: OPERATIONS_TOPIC, subscription: OPERATIONS_TOPIC },
  };
}

/** True when `env` hosts its service's pipeline (the final rollout stage). */
export function hostsPipeline(spec: ServiceSpec, env: EnvironmentSpec): boolean {
  return spec.rollout !== undefined && spec.rollout.finalStage === env.id;
}

/** An image tag as Docker defines it. */
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** An image digest. */
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
/** A Cloud Deploy release name. */
const RELEASE_RE = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The shell-style patterns of {@link TAG_RE} / {@link DIGEST_RE}, shared with the render script. */
export const TAG_PATTERNS = {
  tag: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
  digest: '^sha256:[0-9a-f]{64}$',
} as const;

/** Why `tag` cannot be released, or undefined when it is an image tag or a `sha256:` digest. */
export function checkReleaseTag(tag: string): string | undefined {
  if (TAG_RE.test(tag) || DIGEST_RE.test(tag)) return undefined;
  return `"${tag}" is not an image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-") or a sha256:<64 hex> digest`;
}

/** Why `name` cannot name a release, or undefined when it can. */
export function checkReleaseName(name: string): string | undefined {
  if (RELEASE_RE.test(name)) return undefined;
  return `"${name}" is not a release name (lowercase letters, digits and "-", starting with a letter, not ending with "-", at most 63)`;
}

/**
 * The release name for an image tag: `deploy-` and the tag in lowercase with every other run of
 * characters as `-`, at most 63 characters. The CI tag `<short-sha>_<build>` gives
 * `deploy-<short-sha>-<build>`.
 */
export function releaseNameForTag(tag: string): string {
  const body = tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `deploy-${body}`.slice(0, 63).replace(/-+$/, '');
}

/** The image reference a release of `tag` deploys: `<image>:<tag>`, or `<image>@sha256:…` for a digest. */
export function imageRef(image: string, tag: string): string {
  return DIGEST_RE.test(tag) ? `${image}@${tag}` : `${image}:${tag}`;
}

/** Shell variables used in the release command when no tag is given (for CI scripts). */
export const RELEASE_VARIABLES = { tag: 'IMAGE_TAG', release: 'RELEASE_NAME' } as const;

/** The release command, as arguments and as one shell line. */
interface ReleaseCommand {
  /** Release name, or `${RELEASE_NAME}` when no tag was given. */
  release: string;
  /** Image tag, or `${IMAGE_TAG}` when no tag was given. */
  tag: string;
  /** `gcloud`, then its arguments. */
  argv: string[];
  /** The command for a POSIX shell, one flag a line. */
  shell: string;
}

/**
 * The exact `gcloud deploy releases create …` command for a release of `tag` (validate it with
 * {@link checkReleaseTag} first). Without a tag, the tag and release name are the shell
 * variables `IMAGE_TAG` and `RELEASE_NAME`, ready for a CI script. The release name defaults to
 * {@link releaseNameForTag}.
 */
export function releaseCommand(
  model: RolloutModel,
  opts: { tag?: string; release?: string } = {},
): ReleaseCommand {
  const tag = opts.tag ?? `\${${RELEASE_VARIABLES.tag}}`;
  const release =
    opts.release ??
    (opts.tag !== undefined ? releaseNameForTag(opts.tag) : `\${${RELEASE_VARIABLES.release}}`);
  const argv = [
    'gcloud',
    'deploy',
    'releases',
    'create',
    release,
    `--project=${model.projectID}`,
    `--region=${model.region}`,
    `--delivery-pipeline=${model.pipelineName}`,
    `--source=${model.skaffoldSource.uri}`,
    `--deploy-parameters=${DEPLOY_PARAMETERS.tag}=${tag}`,
  ];
  const words = argv.map(shellWord);
  const shell = `${words.slice(0, 5).join(' ')} \\\n${words
    .slice(5)
    .map((w) => `  ${w}`)
    .join(' \\\n')}`;
  return { release, tag, argv, shell };
}

/** Quotes one shell word: bare when safe, double quotes around `${VAR}` expansions, else single quotes. */
function shellWord(w: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w)) return w;
  if (/^[A-Za-z0-9_@%+=:,./${}-]+$/.test(w) && /\$\{[A-Z_]+\}/.test(w) && !/\$(?!\{[A-Z_]+\})/.test(w))
    return `"${w}"`;
  return `'${w.replaceAll("'", `'\\''`)}'`;
}
