// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the output shows shell variables such as ${IMAGE_TAG}
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import { loadSpec } from '../../io/load.ts';
import {
  checkReleaseName,
  checkReleaseTag,
  imageRef,
  RELEASE_VARIABLES,
  type RolloutModel,
  releaseCommand,
  rolloutModel,
} from '../../rollout/model.ts';
import type { ServiceSpec } from '../../spec/model.ts';
import { cloudRunUrl, deliveryPipelineUrl } from '../../urls/index.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { printDiagnostics } from '../output.ts';

export interface RolloutOptions {
  service: string;
  /** Image tag (or `sha256:` digest) to release; without it the command uses `${IMAGE_TAG}`. */
  tag?: string;
  /** Release name; default `deploy-<tag>`, or `${RELEASE_NAME}` without a tag. */
  release?: string;
  format?: 'text' | 'json';
  root?: string;
  platform?: string;
}

/**
 * `msp rollout <service> [--tag <tag>] [--release <name>] [--format json]`: how to cut a release
 * of the service's Cloud Deploy pipeline — the exact `gcloud deploy releases create` command, the
 * stages with the image each would run, and the console links. Built from the rollout model, the
 * same one the Terraform comes from. Exit 0 printed, 1 spec invalid or no rollout, 2 usage.
 */
export async function runRollout(opts: RolloutOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`unknown --format "${format}" (use text or json)`);
  if (opts.tag !== undefined) {
    const why = checkReleaseTag(opts.tag);
    if (why) throw new UsageError(`--tag: ${why}`);
  }
  if (opts.release !== undefined) {
    const why = checkReleaseName(opts.release);
    if (why) throw new UsageError(`--release: ${why}`);
  }
  const ctx = resolveFleet(io, opts, true);
  if (!ctx.platform) {
    printDiagnostics(io, ctx.diagnostics, {});
    return EXIT.INVALID;
  }
  const specFile = join(ctx.fleet!.root, 'services', opts.service, 'service.yaml');
  if (!existsSync(specFile))
    throw new UsageError(
      `service "${opts.service}" not found (${relative(io.cwd, specFile) || specFile} does not exist)`,
    );
  const loaded = loadSpec(specFile, ctx.platform, io.cwd);
  if (loaded.diagnostics.length > 0) printDiagnostics(io, loaded.diagnostics, loaded.sources);
  if (!loaded.value || hasErrors(loaded.diagnostics)) return EXIT.INVALID;
  const spec = loaded.value;
  const model = rolloutModel(spec);
  if (!model) {
    io.stderr(
      `msp: service "${opts.service}" has no rollout: add a top-level \`rollout\` with its stages (see docs/rollouts.md)\n`,
    );
    return EXIT.INVALID;
  }
  const cmd = releaseCommand(model, {
    ...(opts.tag !== undefined ? { tag: opts.tag } : {}),
    ...(opts.release !== undefined ? { release: opts.release } : {}),
  });
  const image = imageRef(model.image, cmd.tag);
  if (format === 'json') {
    io.stdout(`${JSON.stringify(rolloutJson(model, consoleLinks(spec, model), cmd, image), null, 2)}\n`);
    return EXIT.OK;
  }
  io.stdout(rolloutText(model, consoleLinks(spec, model), cmd, image, opts.tag !== undefined));
  return EXIT.OK;
}

/** Console links of the pipeline and of each stage's Cloud Run service (the URL model). */
interface ConsoleLinks {
  pipeline: string;
  stages: Record<string, string>;
}

function consoleLinks(spec: ServiceSpec, model: RolloutModel): ConsoleLinks {
  const stages: Record<string, string> = {};
  for (const s of model.stages) {
    const env = spec.environments.find((e) => e.id === s.environment);
    if (env) stages[s.environment] = cloudRunUrl(spec, env);
  }
  return {
    pipeline: deliveryPipelineUrl({
      name: model.pipelineName,
      region: model.region,
      project: model.projectID,
    }),
    stages,
  };
}

function rolloutJson(
  model: RolloutModel,
  links: ConsoleLinks,
  cmd: ReturnType<typeof releaseCommand>,
  image: string,
) {
  return {
    service: model.serviceId,
    pipeline: model.pipelineName,
    project: model.projectID,
    region: model.region,
    suspended: model.suspended,
    source: model.skaffoldSource.uri,
    skaffoldFile: model.skaffoldSource.skaffoldFile,
    releasers: [
      model.serviceAccounts.releaser,
      ...(model.serviceAccounts.extraReleaser ? [model.serviceAccounts.extraReleaser] : []),
    ],
    release: { name: cmd.release, tag: cmd.tag, image, argv: cmd.argv, command: cmd.shell },
    stages: model.stages.map((s) => ({
      environment: s.environment,
      target: s.targetId,
      project: s.projectID,
      region: s.region,
      cloudRunService: s.cloudRunService,
      image,
      console: links.stages[s.environment],
    })),
    console: { pipeline: links.pipeline },
  };
}

function rolloutText(
  model: RolloutModel,
  links: ConsoleLinks,
  cmd: ReturnType<typeof releaseCommand>,
  image: string,
  tagGiven: boolean,
): string {
  const lines: string[] = [];
  const releasers = [model.serviceAccounts.releaser, model.serviceAccounts.extraReleaser].filter(
    (e): e is string => e !== undefined,
  );
  lines.push(`${model.serviceName} (${model.serviceId}): Cloud Deploy pipeline ${model.pipelineName}`);
  lines.push(`  project    ${model.projectID}`);
  lines.push(`  region     ${model.region}`);
  lines.push(`  source     ${model.skaffoldSource.uri} (${model.skaffoldSource.skaffoldFile})`);
  lines.push(`  releasers  ${releasers.join(', ')}`);
  if (model.suspended)
    lines.push('  suspended  yes: releases and rollouts are refused (manual Cloud Run deploys still work)');
  lines.push('');
  lines.push('Stages (a release rolls out to the first; promote it to the next in the console):');
  const width = Math.max(...model.stages.map((s) => s.environment.length));
  model.stages.forEach((s, i) => {
    lines.push(
      `  ${i + 1}. ${s.environment.padEnd(width)}  target ${s.targetId}: ${image} on Cloud Run ${s.cloudRunService} (${s.projectID}, ${s.region})`,
    );
  });
  lines.push('');
  lines.push(
    tagGiven
      ? `Create the release of ${cmd.tag}:`
      : `Create a release (set ${RELEASE_VARIABLES.tag} to the image tag and ${RELEASE_VARIABLES.release} to a new release name, e.g. deploy-<tag>; or pass --tag):`,
  );
  lines.push('');
  lines.push(...cmd.shell.split('\n').map((l) => `  ${l}`));
  lines.push('');
  lines.push('Console:');
  const labelWidth = Math.max('pipeline'.length, width);
  lines.push(`  ${'pipeline'.padEnd(labelWidth)}  ${links.pipeline}`);
  for (const s of model.stages)
    lines.push(`  ${s.environment.padEnd(labelWidth)}  ${links.stages[s.environment]}`);
  return `${lines.join('\n')}\n`;
}
