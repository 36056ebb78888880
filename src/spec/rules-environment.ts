/**
 * Rules of each environment's identity and placement: id, project display name, projectID,
 * Notion page for production categories, blocks that belong to the other kind, deploy type,
 * locations, Cloud Run name length; and the uniqueness of environment ids across the spec.
 */
import { type Diagnostic, error } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import { ENV_ID, IMAGE_TAG, PROJECT_ID } from './constraints.ts';
import { SPEC_DEFAULTS } from './defaults.ts';
import {
  type EnvironmentContext,
  type EnvironmentRule,
  firstAt,
  type RuleContext,
  type ServiceRule,
} from './rules-context.ts';

const PROJECT_FORMAT = "expecting format '$SERVICE_ID-$ENVIRONMENT_ID-$RANDOM_SUFFIX'";

function checkEnvironmentId({ env, at }: EnvironmentContext): Diagnostic[] {
  if (env.id === '')
    return [
      error('SPEC_ENV_ID_EMPTY', 'Environment id is required', at('id'), { upstream: 'id is required' }),
    ];
  if (!ENV_ID.test(env.id))
    return [
      error(
        'SPEC_ENV_ID_FORMAT',
        'Environment id must be lowercase letters, digits and hyphens, starting with a letter',
        at('id'),
        {
          found: env.id,
          detail: 'Stricter than MSP: it is part of project IDs and resource names.',
        },
      ),
    ];
  return [];
}

/** Environment ids are unique; the repetition is reported, with a note at the first one. */
function checkEnvironmentIdsUnique({ spec }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, number>();
  (spec.environments ?? []).forEach((env, i) => {
    const seen = first.get(env.id);
    if (seen === undefined) {
      first.set(env.id, i);
      return;
    }
    out.push(
      error('SPEC_DUPLICATE_ENV', `Environment "${env.id}" is already defined`, ['environments', i, 'id'], {
        hint: 'Environment ids must be unique; rename or merge one of them.',
        related: firstAt(['environments', seen, 'id']),
      }),
    );
  });
  return out;
}

function checkDisplayName({ spec, env, at }: EnvironmentContext): Diagnostic[] {
  const svc = spec.service;
  const display = `${svc.name ?? svc.id} - ${env.id}`;
  if (display.length <= 30) return [];
  return [
    error(
      'SPEC_DISPLAY_NAME_TOO_LONG',
      `Project display name "${display}" is ${display.length} characters, over 30`,
      svc.name ? ['service', 'name'] : at('id'),
      {
        upstream: `full environment name "${display}" exceeds 30 characters limit - try a shorter service name or environment ID`,
        hint: 'Use a shorter service name or environment id.',
      },
    ),
  ];
}

function checkProjectId({ spec, env, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const svc = spec.service;
  const p = env.projectID;
  if (p === '')
    return [
      error('SPEC_PROJECT_ID_EMPTY', 'projectID is required', at('projectID'), {
        upstream: 'projectID is required',
      }),
    ];
  if (p.length > 30)
    out.push(
      error(
        'SPEC_PROJECT_ID_TOO_LONG',
        `projectID "${p}" is ${p.length} characters, at most 30 allowed`,
        at('projectID'),
        {
          upstream: `projectID "${p}" must be less than 30 characters`,
        },
      ),
    );
  if (!p.includes(`-${env.id}-`))
    out.push(
      error(
        'SPEC_PROJECT_ID_NO_ENV',
        `projectID "${p}" must contain the environment id as "-${env.id}-"`,
        at('projectID'),
        {
          upstream: `projectID "${p}" must contain environment ID: ${PROJECT_FORMAT}`,
          expected: `${svc.id}-${env.id}-<suffix>`,
        },
      ),
    );
  if (!p.startsWith(`${svc.id}-`))
    out.push(
      error(
        'SPEC_PROJECT_ID_NO_SERVICE',
        `projectID "${p}" must start with the service id "${svc.id}-"`,
        at('projectID'),
        {
          upstream: `environment "${env.id}" projectID "${p}" must contain service ID: ${PROJECT_FORMAT}`,
          expected: `${svc.id}-${env.id}-<suffix>`,
        },
      ),
    );
  if (!PROJECT_ID.test(p))
    out.push(
      error('SPEC_PROJECT_ID_FORMAT', `projectID "${p}" is not a valid GCP project ID`, at('projectID'), {
        expected:
          '6–30 characters: lowercase letters, digits, hyphens; starting with a letter, not ending with a hyphen',
        detail: 'Stricter than MSP: GCP would refuse to create the project.',
      }),
    );
  return out;
}

/** Production categories need a Notion page for the service. */
function checkNotionRequired({ spec, env, at }: EnvironmentContext): Diagnostic[] {
  if ((env.category !== 'internal' && env.category !== 'external') || spec.service.notionPageID) return [];
  return [
    error(
      'SPEC_NOTION_REQUIRED',
      `Environment "${env.id}" in category "${env.category}" requires service.notionPageID`,
      at('category'),
      {
        upstream: `environment "${env.id}" in category "${env.category}" requires 'service.notionPageID' to be set`,
        hint: 'Add `notionPageID` under `service`, or use category `test`.',
      },
    ),
  ];
}

/** Blocks that belong to the other kind (service vs job). */
function checkKindBlocks({ env, kind, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (kind === 'job') {
    for (const k of ['domain', 'healthProbes', 'authentication'] as const)
      if (env[k] !== undefined && env[k] !== null)
        out.push(
          error('SPEC_SERVICE_BLOCK_IN_JOB', `\`${k}\` is only for kind service`, at(k), {
            upstream: "service specifications are not supported for 'kind: job'",
            hint: 'Remove it, or set `service.kind: service`.',
          }),
        );
    if (env.deploy.type === 'rollout')
      out.push(
        error(
          'SPEC_JOB_ROLLOUT_DEPLOY',
          'Deploy type `rollout` is not supported for jobs',
          at('deploy', 'type'),
          {
            upstream: `'deploy { type: "rollout" }' not supported for 'kind: job'`,
            hint: 'Use `manual` or `subscription`.',
          },
        ),
      );
    if (env.instances.scaling !== undefined)
      out.push(
        error(
          'SPEC_JOB_SCALING',
          '`instances.scaling` is only for kind service',
          at('instances', 'scaling'),
          {
            upstream: "'environments.instances.scaling' not supported for 'kind: job'",
            hint: 'Jobs run one task per execution; remove `scaling`.',
          },
        ),
      );
  } else {
    for (const k of ['schedule', 'deadlineSeconds'] as const)
      if (env[k] !== undefined)
        out.push(
          error('SPEC_JOB_BLOCK_IN_SERVICE', `\`${k}\` is only for kind job`, at(k), {
            upstream: "job specifications are not supported for 'kind: service'",
            hint: 'Remove it, or set `service.kind: job`.',
          }),
        );
  }
  return out;
}

/** The deploy block matches its type; a `rollout` environment is a rollout stage. */
function checkDeploy({ spec, env, at, partial }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const d = env.deploy;
  if (d.type === 'subscription') {
    if (d.manual)
      out.push(
        error(
          'SPEC_DEPLOY_MANUAL_WITH_SUBSCRIPTION',
          'A `manual` block is not allowed with deploy type `subscription`',
          at('deploy', 'manual'),
          {
            upstream: 'manual deploy spec provided when type is subscription',
            hint: 'Remove `manual`.',
          },
        ),
      );
    else if (!d.subscription)
      out.push(
        error(
          'SPEC_DEPLOY_SUBSCRIPTION_MISSING',
          'Deploy type `subscription` needs a `subscription` block',
          at('deploy', 'type'),
          {
            upstream: 'no subscription specified when deploy type is subscription',
            hint: `Add \`subscription: { tag: ${SPEC_DEFAULTS.imageTag} }\`.`,
          },
        ),
      );
    else if (!d.subscription.tag)
      out.push(
        error(
          'SPEC_DEPLOY_SUBSCRIPTION_TAG_MISSING',
          'Subscription needs a `tag`',
          at('deploy', 'subscription'),
          {
            upstream: 'no tag in image subscription specified',
            hint: 'Add `tag: <tag to follow>`.',
          },
        ),
      );
  } else if (d.type === 'manual') {
    if (d.subscription)
      out.push(
        error(
          'SPEC_DEPLOY_SUBSCRIPTION_WITH_MANUAL',
          'A `subscription` block is not allowed with deploy type `manual`',
          at('deploy', 'subscription'),
          {
            upstream: 'subscription deploy spec provided when type is manual',
            hint: 'Remove `subscription`, or set `type: subscription`.',
          },
        ),
      );
  } else if (d.type === 'rollout') {
    if (d.manual || d.subscription)
      out.push(
        error(
          'SPEC_DEPLOY_ROLLOUT_WITH_BLOCK',
          'Deploy type `rollout` takes no `manual` or `subscription` block',
          at('deploy', d.manual ? 'manual' : 'subscription'),
          {
            hint: 'The first image comes from `rollout.initialImageTag`; remove the block.',
          },
        ),
      );
    const staged = !partial && !(spec.rollout?.stages ?? []).some((s) => s.environment === env.id);
    if (staged)
      out.push(
        error(
          'SPEC_ROLLOUT_ENV_NOT_STAGED',
          `Environment "${env.id}" has deploy type \`rollout\` but is not in \`rollout.stages\``,
          at('deploy', 'type'),
          {
            upstream: `environment "rollout" has deploy type '${env.id}', but is not referenced in rollout stages (MSP swaps the arguments)`,
            hint: `Add \`- environment: ${env.id}\` to \`rollout.stages\`, or use another deploy type.`,
          },
        ),
      );
  }
  const tag = d.manual?.tag ?? d.subscription?.tag;
  if (tag !== undefined && tag !== '' && !IMAGE_TAG.test(tag))
    out.push(
      error(
        'SPEC_DEPLOY_TAG_INVALID',
        `Invalid image tag "${tag}"`,
        at('deploy', d.manual ? 'manual' : 'subscription', 'tag'),
        {
          expected: 'letters, digits, `_`, `.`, `-`; at most 128 characters',
        },
      ),
    );
  return out;
}

function checkLocations({ env, at, platform }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const l = env.locations;
  if (!l) return out;
  const regions = platform.gcp.regions;
  if (l.gcpRegion === '')
    out.push(
      error('SPEC_REGION_EMPTY', 'locations.gcpRegion must be non-empty', at('locations', 'gcpRegion'), {
        upstream: 'locations.gcpRegion must be non-empty',
      }),
    );
  else if (!regions.includes(l.gcpRegion)) {
    const s = suggest(l.gcpRegion, regions);
    out.push(
      error(
        'SPEC_REGION_NOT_ALLOWED',
        `Region "${l.gcpRegion}" is not allowed`,
        at('locations', 'gcpRegion'),
        {
          expected: `one of ${regions.join(', ')}`,
          upstream: `locations.gcpRegion "${l.gcpRegion}" is not valid, allowed: [${regions.join(', ')}]`,
          hint: s
            ? `Did you mean "${s}"?`
            : 'The allowed regions are set in the platform config (`gcp.regions`).',
        },
      ),
    );
  }
  if (l.gcpLocation === '')
    out.push(
      error(
        'SPEC_LOCATION_EMPTY',
        'locations.gcpLocation must be non-empty',
        at('locations', 'gcpLocation'),
        {
          upstream: 'locations.gcpLocation must be non-empty',
        },
      ),
    );
  else if (!platform.gcp.locations.includes(l.gcpLocation.toLowerCase()))
    out.push(
      error(
        'SPEC_LOCATION_NOT_ALLOWED',
        `Location "${l.gcpLocation}" is not allowed`,
        at('locations', 'gcpLocation'),
        {
          expected: `one of ${platform.gcp.locations.join(', ')} (case-insensitive)`,
          upstream: `locations.gcpLocation "${l.gcpLocation}" is not valid, allowed: [us, europe]`,
        },
      ),
    );
  return out;
}

function checkCloudRunName({ spec, env, at, platform }: EnvironmentContext): Diagnostic[] {
  const region = env.locations?.gcpRegion ?? platform.gcp.defaultRegion;
  const runName = `${spec.service.id}-${env.id}-${region}`;
  if (runName.length <= 63) return [];
  return [
    error(
      'SPEC_CLOUD_RUN_NAME',
      `Cloud Run name "${runName}" is ${runName.length} characters, at most 63 allowed`,
      at('id'),
      {
        upstream: `evaluated Cloud Run name "${runName}" is too long, maximum length is 63 characters`,
        hint: 'Use a shorter service or environment id.',
      },
    ),
  ];
}

/** Rules across the environments of one spec. */
export const ENVIRONMENT_SET_RULES: readonly ServiceRule[] = [
  { name: 'environment ids are unique', check: checkEnvironmentIdsUnique },
];

/** Rules of one environment's identity and placement, in the order they run. */
export const ENVIRONMENT_IDENTITY_RULES: readonly EnvironmentRule[] = [
  { name: 'environment id', check: checkEnvironmentId },
  { name: 'project display name', check: checkDisplayName },
  { name: 'project ID', check: checkProjectId },
  { name: 'Notion page for production categories', check: checkNotionRequired },
  { name: 'blocks of the other kind', check: checkKindBlocks },
  { name: 'deploy type and blocks', check: checkDeploy },
  { name: 'region and location', check: checkLocations },
  { name: 'Cloud Run name length', check: checkCloudRunName },
];
