/**
 * "<env> rollback": how to go back to the last good version, fitted to the environment's deploy
 * type and the workload kind, with the exact commands (from `src/urls/commands.ts` and the
 * rollout model) and where to do it in the console. What Terraform does next is part of the
 * advice: the generated Cloud Run service sends all traffic to the latest revision, so a manual
 * traffic shift lasts only until the next apply of the `cloudrun` stack, while Cloud Deploy owns
 * the image of rollout environments (the stack ignores it).
 */

import { cloudRunName } from '../naming/names.ts';
import { rolloutModel } from '../rollout/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import { commandLine, incidentCommands } from '../urls/commands.ts';
import * as urls from '../urls/index.ts';
import { type Block, code, codeBlock, fileLink, h, type Inline, p, strong, url } from './doc.ts';

/** `gcloud deploy targets rollback`: the target goes back to its last successful release. */
function rolloutRollbackCommand(spec: ServiceSpec, env: EnvironmentSpec): string[] | undefined {
  const model = rolloutModel(spec);
  const stage = model?.stages.find((s) => s.environment === env.id);
  if (!model || !stage) return undefined;
  return [
    'gcloud',
    'deploy',
    'targets',
    'rollback',
    stage.targetId,
    `--delivery-pipeline=${model.pipelineName}`,
    `--region=${model.region}`,
    `--project=${model.projectID}`,
  ];
}

/** True for Artifact Registry images (`<location>-docker.pkg.dev/…`), which gcloud can re-tag. */
function isArtifactRegistry(image: string): boolean {
  return /^[a-z0-9-]+-docker\.pkg\.dev\//.test(image);
}

/** The command that points `tag` back at a known-good digest. */
function retagCommand(image: string, tag: string): string[] {
  return isArtifactRegistry(image)
    ? ['gcloud', 'artifacts', 'docker', 'tags', 'add', `${image}@sha256:GOOD_DIGEST`, `${image}:${tag}`]
    : ['docker', 'buildx', 'imagetools', 'create', '--tag', `${image}:${tag}`, `${image}@sha256:GOOD_DIGEST`];
}

/** `gcloud scheduler jobs pause`: no new executions of a scheduled job until it is resumed. */
function pauseScheduleCommand(spec: ServiceSpec, env: EnvironmentSpec): string[] {
  return [
    'gcloud',
    'scheduler',
    'jobs',
    'pause',
    cloudRunName(spec, env),
    `--location=${env.locations.gcpRegion}`,
    `--project=${env.projectID}`,
  ];
}

/** The rollback advice for one environment. */
export function rollbackSection(
  spec: ServiceSpec,
  env: EnvironmentSpec,
  heading: string,
  rolloutsLink: Inline,
): Block[] {
  const blocks: Block[] = [h(4, heading)];
  if (env.deploy.type === 'rollout') return [...blocks, ...rolloutRollback(spec, env, rolloutsLink)];
  return [...blocks, ...(spec.kind === 'job' ? jobRollback(spec, env) : serviceRollback(spec, env))];
}

function specFile(spec: ServiceSpec): string {
  return `services/${spec.id}/service.yaml`;
}

/** The key path of the environment's deploy settings, as written in the spec. */
function deployKey(spec: ServiceSpec, env: EnvironmentSpec, key: string): string {
  return `environments[${spec.environments.indexOf(env)}].deploy.${key}`;
}

/** The lasting fix of a manual or subscription environment. */
function lastingFix(spec: ServiceSpec, env: EnvironmentSpec): Block[] {
  const d = env.deploy;
  const generate = code(commandLine(['msp', 'generate', spec.id, env.id]));
  if (d.type === 'manual')
    return [
      p(
        'Set ',
        code(deployKey(spec, env, 'manual.tag')),
        ' (now ',
        code(d.tag),
        ') back to the last good tag in ',
        fileLink(specFile(spec)),
        ', run ',
        generate,
        ' and merge: the ',
        code('cloudrun'),
        ' workspace applies it.',
      ),
    ];
  const tag = d.type === 'subscription' ? d.tag : '';
  return [
    p(
      'The environment follows the tag ',
      code(tag),
      ': the next apply deploys whatever image carries it. Point the tag back at the last good image (its digest is on the good revision\u2019s page in the console):',
    ),
    codeBlock('bash', commandLine(retagCommand(spec.build.image, tag))),
    p(
      'Or pin the environment: set ',
      code(deployKey(spec, env, 'type')),
      ' to ',
      code('manual'),
      ' with the last good tag in ',
      fileLink(specFile(spec)),
      ', run ',
      generate,
      ' and merge.',
    ),
  ];
}

function serviceRollback(spec: ServiceSpec, env: EnvironmentSpec): Block[] {
  const [list, shift] = incidentCommands(spec, env);
  const fix = lastingFix(spec, env);
  const blocks: Block[] = [
    p(
      strong('Right away'),
      ': send all traffic back to the last good revision. In the console: ',
      url(urls.cloudRunUrl(spec, env), code(cloudRunName(spec, env))),
      ' \u2192 Revisions \u2192 Manage traffic. Or:',
    ),
    codeBlock(
      'bash',
      [`# ${list!.label}`, commandLine(list!.argv), `# ${shift!.label}`, commandLine(shift!.argv)].join('\n'),
    ),
    p(
      'This lasts until the next apply of the ',
      code('cloudrun'),
      ' stack, which sends all traffic to the latest revision again. ',
      strong('Then'),
      ', so the bad version does not come back:',
    ),
    ...fix,
  ];
  return blocks;
}

function jobRollback(spec: ServiceSpec, env: EnvironmentSpec): Block[] {
  const fix = lastingFix(spec, env);
  const blocks: Block[] = [
    p(
      'A job has no traffic to move: its next execution runs the image the job has now, so roll back the image itself.',
    ),
  ];
  if (env.schedule)
    blocks.push(
      p(
        strong('Right away'),
        ', if executions do harm: pause the schedule (resume it with ',
        code('gcloud scheduler jobs resume'),
        ' and the same arguments):',
      ),
      codeBlock('bash', commandLine(pauseScheduleCommand(spec, env))),
    );
  blocks.push(...fix);
  return blocks;
}

function rolloutRollback(spec: ServiceSpec, env: EnvironmentSpec, rolloutsLink: Inline): Block[] {
  const model = rolloutModel(spec)!;
  const stage = model.stages.find((s) => s.environment === env.id)!;
  const pipeline = urls.deliveryPipelineUrl({
    name: model.pipelineName,
    region: model.region,
    project: model.projectID,
  });
  return [
    p(
      'Cloud Deploy owns the image here (Terraform ignores it). Roll the target ',
      code(stage.targetId),
      ' back to its last successful release: in the console, ',
      url(pipeline, code(model.pipelineName)),
      ' \u2192 target ',
      code(stage.targetId),
      ' \u2192 Rollback. Or:',
    ),
    codeBlock('bash', commandLine(rolloutRollbackCommand(spec, env)!)),
    p(
      'To deploy an older tag on purpose, create a release of it (the release command under ',
      rolloutsLink,
      ', with ',
      code('IMAGE_TAG'),
      ' set to the good tag) and promote it to this stage.',
    ),
  ];
}
