/**
 * Cross-field rules of one service spec: every rule of MSP's `Validate()` (see docs/validation.md),
 * the checks MSP made only at generation time (cron, domains, secret names, env templates,
 * Cloud Run name length), and a few stricter ones (marked "stricter"). Pure: raw spec and
 * platform in, diagnostics with key paths out. MSP's wording is kept in `upstream`.
 */

import { type Diagnostic, error, type KeyPath, warning } from '../diagnostics/diagnostic.ts';
import { suggest } from '../diagnostics/suggest.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { queryCode } from '../query/queries.ts';
import { NAMING_RULES } from '../terraform/naming-rules.ts';
import {
  ABSOLUTE_PATH,
  ALERT_ID,
  API_SERVICE,
  BIGQUERY_ID,
  CODE_CLASS,
  CUSTOM_ALERT_NAME,
  DATABASE_NAME,
  DISPLAY_NAME,
  DNS_ZONE,
  ENV_ID,
  ENV_NAME,
  HTTP_CODE,
  IAM_PERMISSION,
  IAM_ROLE,
  IMAGE_TAG,
  PROJECT_ID,
  PUBLICATION_NAME,
  RANGES,
  SERVICE_ID_CHARS,
  SERVICE_ID_MAX,
  SUBDOMAIN,
  VOLUME_NAME,
} from './constraints.ts';
import { cronMaxInterval, formatGoDuration } from './cron.ts';
import { GiB, MiB, parseMemory } from './memory.ts';
import { RESERVED_ENV } from './model.ts';
import { checkObjectives } from './objectives.ts';
import type { RawEnvironment, RawServiceSpec } from './schema.ts';
import { parseSecretName } from './secret-name.ts';
import { findTemplateProblems } from './template.ts';

const PROJECT_FORMAT = "expecting format '$SERVICE_ID-$ENVIRONMENT_ID-$RANDOM_SUFFIX'";

/**
 * `partial`: the spec is a best-effort reconstruction after shape errors (environments with
 * shape errors are holes); rollout rules are skipped, monitoring rules see the shape-valid alerts.
 */

/** `msp-publication-<name>-user` must fit PostgreSQL's 63-character identifiers. */
const MAX_PUBLICATION_NAME = 63 - 'msp-publication-'.length - '-user'.length;

export function checkServiceRules(
  spec: RawServiceSpec,
  platform: PlatformConfig,
  opts: { partial?: boolean } = {},
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const svc = spec.service;
  const kind = svc.kind ?? 'service';
  const envs = spec.environments ?? [];

  // --- service ---
  const sp = (k: string): KeyPath => ['service', k];
  if (svc.id === '')
    out.push(error('SPEC_SERVICE_ID', 'Service id is required', sp('id'), { upstream: 'id is required' }));
  if (svc.id.length > SERVICE_ID_MAX)
    out.push(
      error(
        'SPEC_SERVICE_ID',
        `Service id is ${svc.id.length} characters, at most ${SERVICE_ID_MAX} allowed`,
        sp('id'),
        {
          found: svc.id,
          upstream: 'id must be at most 20 characters',
          detail: 'Project IDs, service accounts and Cloud Run names are built from it.',
        },
      ),
    );
  if (!SERVICE_ID_CHARS.test(svc.id))
    out.push(
      error(
        'SPEC_SERVICE_ID',
        'Service id may contain only lowercase letters, digits and hyphens',
        sp('id'),
        {
          found: svc.id,
          upstream: 'id can only contain lowercase alphanumeric characters and hyphens',
          hint: svc.id ? `Try "${svc.id.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}".` : undefined,
        },
      ),
    );
  else if (svc.id !== '' && (!/^[a-z]/.test(svc.id) || svc.id.length < 3 || svc.id.endsWith('-')))
    out.push(
      error(
        'SPEC_SERVICE_ID',
        'Service id must start with a letter, not end with a hyphen, and have at least 3 characters',
        sp('id'),
        {
          found: svc.id,
          detail:
            'Stricter than MSP: GCP project, service-account and Cloud Run names need it (docs/validation.md, "Where we differ from MSP on purpose").',
        },
      ),
    );
  if (svc.owners.length === 0)
    out.push(
      error('SPEC_OWNERS', 'At least one owner is required', sp('owners'), {
        upstream: 'owners requires at least one value',
      }),
    );
  svc.owners.forEach((o, i) => {
    if (o.trim() === '')
      out.push(
        error('SPEC_OWNERS', `Owner ${i} is empty`, ['service', 'owners', i], {
          upstream: `owners[${i}] is invalid`,
        }),
      );
  });
  if (svc.description.trim() === '')
    out.push(
      error('SPEC_DESCRIPTION', 'Description is required', sp('description'), {
        upstream: 'description is required',
      }),
    );
  if (svc.notionPageID !== undefined) {
    const n = svc.notionPageID;
    if (n === '')
      out.push(
        error('SPEC_NOTION', 'notionPageID cannot be empty', sp('notionPageID'), {
          upstream: 'notionPageID cannot be empty',
          hint: 'Remove the key or set a page ID.',
        }),
      );
    if (n.includes('.notion.'))
      out.push(
        error('SPEC_NOTION', 'notionPageID must be a page ID, not a URL', sp('notionPageID'), {
          found: n,
          upstream: 'notionPageID must be a page ID, not a URL',
          hint: 'Use the 32-character ID at the end of the page URL.',
        }),
      );
    if (n.includes('?'))
      out.push(
        error(
          'SPEC_NOTION',
          "notionPageID must be a page ID, found what looks like a URL query '?'",
          sp('notionPageID'),
          {
            found: n,
            upstream: "notionPageID must be a page ID, found what looks like a URL query '?'",
          },
        ),
      );
  }
  (svc.iam?.roles ?? []).forEach((r, i) => {
    if (!IAM_ROLE.test(r))
      out.push(
        error('SPEC_IAM_ROLE', `Invalid IAM role "${r}"`, ['service', 'iam', 'roles', i], {
          expected: '`roles/<name>` (letters and dots) or `projects/<p>/roles/<name>`',
          upstream: `invalid IAM role "${r}", must be one of custom role or predefined role`,
          hint: r.startsWith('roles/') ? undefined : `Did you mean "roles/${r}"?`,
        }),
      );
  });
  (svc.iam?.permissions ?? []).forEach((p, i) => {
    if (!IAM_PERMISSION.test(p))
      out.push(
        error('SPEC_IAM_PERMISSION', `Invalid IAM permission "${p}"`, ['service', 'iam', 'permissions', i], {
          expected: '`<service>.<resource>.<verb>`, e.g. `storage.buckets.get`',
          detail: 'Stricter than MSP, which passed it to the custom role unchecked.',
        }),
      );
  });
  (svc.iam?.services ?? []).forEach((s, i) => {
    if (!API_SERVICE.test(s))
      out.push(
        error('SPEC_IAM_SERVICE', `Invalid API name "${s}"`, ['service', 'iam', 'services', i], {
          expected: '`<api>.googleapis.com`',
          hint: /^[a-z0-9-]+$/.test(s) ? `Did you mean "${s}.googleapis.com"?` : undefined,
        }),
      );
  });

  // Stricter than MSP: Resource Manager refuses other characters in a project's display name,
  // `<service name> - <environment id>` (ids are checked on their own).
  if (svc.name && !DISPLAY_NAME.test(svc.name))
    out.push(
      error('SPEC_DISPLAY_NAME', `Service name "${svc.name}" has characters GCP does not allow`, sp('name'), {
        expected: 'letters, digits, spaces and the characters - \' " !',
        detail: 'The GCP project display name is `<service name> - <environment id>`; see docs/naming.md.',
        hint: 'Remove the other characters from the service name.',
      }),
    );

  // --- environments ---
  const idsSeen = new Map<string, number>();
  const domainsSeen = new Map<string, number>();
  const stageIds = opts.partial ? undefined : new Set((spec.rollout?.stages ?? []).map((s) => s.environment));
  envs.forEach((env, i) => {
    const ep = (...k: (string | number)[]): KeyPath => ['environments', i, ...k];
    if (env.id === '')
      out.push(error('SPEC_ENV_ID', 'Environment id is required', ep('id'), { upstream: 'id is required' }));
    else if (!ENV_ID.test(env.id))
      out.push(
        error(
          'SPEC_ENV_ID',
          'Environment id must be lowercase letters, digits and hyphens, starting with a letter',
          ep('id'),
          {
            found: env.id,
            detail: 'Stricter than MSP: it is part of project IDs and resource names.',
          },
        ),
      );
    const first = idsSeen.get(env.id);
    if (first !== undefined)
      out.push(
        error(
          'SPEC_DUPLICATE_ENV',
          `Environment "${env.id}" is already defined at environments[${first}]`,
          ep('id'),
          {
            hint: 'Environment ids must be unique; rename or merge one of them.',
          },
        ),
      );
    else idsSeen.set(env.id, i);

    // display name
    const display = `${svc.name ?? svc.id} - ${env.id}`;
    if (display.length > 30)
      out.push(
        error(
          'SPEC_DISPLAY_NAME',
          `Project display name "${display}" is ${display.length} characters, over 30`,
          svc.name ? sp('name') : ep('id'),
          {
            upstream: `full environment name "${display}" exceeds 30 characters limit - try a shorter service name or environment ID`,
            hint: 'Use a shorter service name or environment id.',
          },
        ),
      );

    // projectID
    const p = env.projectID;
    if (p === '')
      out.push(
        error('SPEC_PROJECT_ID', 'projectID is required', ep('projectID'), {
          upstream: 'projectID is required',
        }),
      );
    else {
      if (p.length > 30)
        out.push(
          error(
            'SPEC_PROJECT_ID',
            `projectID "${p}" is ${p.length} characters, at most 30 allowed`,
            ep('projectID'),
            {
              upstream: `projectID "${p}" must be less than 30 characters`,
            },
          ),
        );
      if (!p.includes(`-${env.id}-`))
        out.push(
          error(
            'SPEC_PROJECT_ID',
            `projectID "${p}" must contain the environment id as "-${env.id}-"`,
            ep('projectID'),
            {
              upstream: `projectID "${p}" must contain environment ID: ${PROJECT_FORMAT}`,
              expected: `${svc.id}-${env.id}-<suffix>`,
            },
          ),
        );
      if (!p.startsWith(`${svc.id}-`))
        out.push(
          error(
            'SPEC_PROJECT_ID',
            `projectID "${p}" must start with the service id "${svc.id}-"`,
            ep('projectID'),
            {
              upstream: `environment "${env.id}" projectID "${p}" must contain service ID: ${PROJECT_FORMAT}`,
              expected: `${svc.id}-${env.id}-<suffix>`,
            },
          ),
        );
      if (!PROJECT_ID.test(p))
        out.push(
          error('SPEC_PROJECT_ID', `projectID "${p}" is not a valid GCP project ID`, ep('projectID'), {
            expected:
              '6–30 characters: lowercase letters, digits, hyphens; starting with a letter, not ending with a hyphen',
            detail: 'Stricter than MSP: GCP would refuse to create the project.',
          }),
        );
    }

    // Notion for production categories
    if ((env.category === 'internal' || env.category === 'external') && !svc.notionPageID)
      out.push(
        error(
          'SPEC_NOTION_REQUIRED',
          `Environment "${env.id}" in category "${env.category}" requires service.notionPageID`,
          ep('category'),
          {
            upstream: `environment "${env.id}" in category "${env.category}" requires 'service.notionPageID' to be set`,
            hint: 'Add `notionPageID` under `service`, or use category `test`.',
          },
        ),
      );

    checkKindBlocks(env, kind, ep, out);
    checkDeploy(env, ep, stageIds, out);
    checkLocations(env, ep, platform, out);
    checkDomain(env, kind, ep, platform, domainsSeen, out);
    checkHealthProbes(env, ep, out);
    checkInstances(env, kind, ep, out);
    checkEnvVars(env, ep, out);
    checkSecrets(env, ep, out);
    checkResources(env, svc.id, ep, out);
    checkJob(env, kind, ep, out);
    const region = env.locations?.gcpRegion ?? platform.gcp.defaultRegion;
    const runName = `${svc.id}-${env.id}-${region}`;
    if (runName.length > 63)
      out.push(
        error(
          'SPEC_CLOUD_RUN_NAME',
          `Cloud Run name "${runName}" is ${runName.length} characters, at most 63 allowed`,
          ep('id'),
          {
            upstream: `evaluated Cloud Run name "${runName}" is too long, maximum length is 63 characters`,
            hint: 'Use a shorter service or environment id.',
          },
        ),
      );
  });

  // Objective overrides (src/spec/objectives.ts): each environment against its category.
  envs.forEach((env, i) => {
    out.push(...checkObjectives(env, i, kind, platform));
  });

  if (!opts.partial) checkRollout(spec, kind, out);
  // Monitoring rules need only the alerts; a partial spec keeps the shape-valid ones (sparse).
  checkMonitoring(spec, out);
  return out;
}

function checkKindBlocks(
  env: RawEnvironment,
  kind: string,
  ep: (...k: (string | number)[]) => KeyPath,
  out: Diagnostic[],
) {
  if (kind === 'job') {
    for (const k of ['domain', 'healthProbes', 'authentication'] as const)
      if (env[k] !== undefined && env[k] !== null)
        out.push(
          error('SPEC_KIND_MISMATCH', `\`${k}\` is only for kind service`, ep(k), {
            upstream: "service specifications are not supported for 'kind: job'",
            hint: 'Remove it, or set `service.kind: service`.',
          }),
        );
    if (env.deploy.type === 'rollout')
      out.push(
        error('SPEC_KIND_MISMATCH', 'Deploy type `rollout` is not supported for jobs', ep('deploy', 'type'), {
          upstream: `'deploy { type: "rollout" }' not supported for 'kind: job'`,
          hint: 'Use `manual` or `subscription`.',
        }),
      );
    if (env.instances.scaling !== undefined)
      out.push(
        error(
          'SPEC_KIND_MISMATCH',
          '`instances.scaling` is only for kind service',
          ep('instances', 'scaling'),
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
          error('SPEC_KIND_MISMATCH', `\`${k}\` is only for kind job`, ep(k), {
            upstream: "job specifications are not supported for 'kind: service'",
            hint: 'Remove it, or set `service.kind: job`.',
          }),
        );
  }
}

function checkDeploy(
  env: RawEnvironment,
  ep: (...k: (string | number)[]) => KeyPath,
  stageIds: Set<string> | undefined,
  out: Diagnostic[],
) {
  const d = env.deploy;
  if (d.type === 'subscription') {
    if (d.manual)
      out.push(
        error(
          'SPEC_DEPLOY',
          'A `manual` block is not allowed with deploy type `subscription`',
          ep('deploy', 'manual'),
          {
            upstream: 'manual deploy spec provided when type is subscription',
            hint: 'Remove `manual`.',
          },
        ),
      );
    else if (!d.subscription)
      out.push(
        error(
          'SPEC_DEPLOY',
          'Deploy type `subscription` needs a `subscription` block',
          ep('deploy', 'type'),
          {
            upstream: 'no subscription specified when deploy type is subscription',
            hint: 'Add `subscription: { tag: insiders }`.',
          },
        ),
      );
    else if (!d.subscription.tag)
      out.push(
        error('SPEC_DEPLOY', 'Subscription needs a `tag`', ep('deploy', 'subscription'), {
          upstream: 'no tag in image subscription specified',
          hint: 'Add `tag: <tag to follow>`.',
        }),
      );
  } else if (d.type === 'manual') {
    if (d.subscription)
      out.push(
        error(
          'SPEC_DEPLOY',
          'A `subscription` block is not allowed with deploy type `manual`',
          ep('deploy', 'subscription'),
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
          'SPEC_DEPLOY',
          'Deploy type `rollout` takes no `manual` or `subscription` block',
          ep('deploy', d.manual ? 'manual' : 'subscription'),
          {
            hint: 'The first image comes from `rollout.initialImageTag`; remove the block.',
          },
        ),
      );
    if (stageIds && !stageIds.has(env.id))
      out.push(
        error(
          'SPEC_ROLLOUT',
          `Environment "${env.id}" has deploy type \`rollout\` but is not in \`rollout.stages\``,
          ep('deploy', 'type'),
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
        'SPEC_DEPLOY',
        `Invalid image tag "${tag}"`,
        ep('deploy', d.manual ? 'manual' : 'subscription', 'tag'),
        {
          expected: 'letters, digits, `_`, `.`, `-`; at most 128 characters',
        },
      ),
    );
}

function checkLocations(
  env: RawEnvironment,
  ep: (...k: (string | number)[]) => KeyPath,
  platform: PlatformConfig,
  out: Diagnostic[],
) {
  const l = env.locations;
  if (!l) return;
  const regions = platform.gcp.regions;
  if (l.gcpRegion === '')
    out.push(
      error('SPEC_LOCATION', 'locations.gcpRegion must be non-empty', ep('locations', 'gcpRegion'), {
        upstream: 'locations.gcpRegion must be non-empty',
      }),
    );
  else if (!regions.includes(l.gcpRegion)) {
    const s = suggest(l.gcpRegion, regions);
    out.push(
      error('SPEC_LOCATION', `Region "${l.gcpRegion}" is not allowed`, ep('locations', 'gcpRegion'), {
        expected: `one of ${regions.join(', ')}`,
        upstream: `locations.gcpRegion "${l.gcpRegion}" is not valid, allowed: [${regions.join(', ')}]`,
        hint: s
          ? `Did you mean "${s}"?`
          : 'The allowed regions are set in the platform config (`gcp.regions`).',
      }),
    );
  }
  if (l.gcpLocation === '')
    out.push(
      error('SPEC_LOCATION', 'locations.gcpLocation must be non-empty', ep('locations', 'gcpLocation'), {
        upstream: 'locations.gcpLocation must be non-empty',
      }),
    );
  else if (!platform.gcp.locations.includes(l.gcpLocation.toLowerCase()))
    out.push(
      error('SPEC_LOCATION', `Location "${l.gcpLocation}" is not allowed`, ep('locations', 'gcpLocation'), {
        expected: `one of ${platform.gcp.locations.join(', ')} (case-insensitive)`,
        upstream: `locations.gcpLocation "${l.gcpLocation}" is not valid, allowed: [us, europe]`,
      }),
    );
}

function checkDomain(
  env: RawEnvironment,
  kind: string,
  ep: (...k: (string | number)[]) => KeyPath,
  platform: PlatformConfig,
  seen: Map<string, number>,
  out: Diagnostic[],
) {
  const dom = env.domain;
  if (!dom || kind !== 'service') return;
  const type = dom.type ?? 'none';
  const cf = dom.cloudflare;
  if (type === 'cloudflare') {
    if (!cf) {
      out.push(
        error('SPEC_DOMAIN', 'Domain type `cloudflare` needs a `cloudflare` block', ep('domain', 'type'), {
          upstream: 'domain type "cloudflare" specified but Cloudflare configuration is nil',
          hint: 'Add `cloudflare: { subdomain: <name>, zone: <zone> }`.',
        }),
      );
      return;
    }
    for (const k of ['subdomain', 'zone'] as const)
      if (cf[k] === '')
        out.push(
          error('SPEC_DOMAIN', `\`cloudflare.${k}\` must be set`, ep('domain', 'cloudflare', k), {
            upstream: `domain type "cloudflare" requires 'cloudflare.subdomain' and 'cloudflare.zone' to be set`,
          }),
        );
    if (cf.subdomain !== '' && !SUBDOMAIN.test(cf.subdomain))
      out.push(
        error('SPEC_DOMAIN', `Invalid subdomain "${cf.subdomain}"`, ep('domain', 'cloudflare', 'subdomain'), {
          expected: 'DNS labels: lowercase letters, digits, hyphens',
        }),
      );
    const zoneOk = cf.zone === '' || DNS_ZONE.test(cf.zone);
    if (!zoneOk)
      out.push(
        error('SPEC_DOMAIN', `Invalid zone ${JSON.stringify(cf.zone)}`, ep('domain', 'cloudflare', 'zone'), {
          expected:
            'a DNS name: two or more dot-separated labels of lowercase letters, digits and inner hyphens (e.g. acme.com)',
          hint: 'Use the zone name exactly as the Cloudflare dashboard shows it, without spaces, a scheme or a Terraform interpolation.',
        }),
      );
    if (zoneOk && cf.subdomain && cf.zone) {
      // The record's full name, by the same rule the schema check applies at generate time.
      const rule = NAMING_RULES.cloudflare_dns_record?.name;
      const full = `${cf.subdomain}.${cf.zone}`;
      if (rule && full.length > rule.max)
        out.push(
          error(
            'SPEC_DOMAIN',
            `Domain "${full}" is ${full.length} characters, a ${rule.what} allows at most ${rule.max}`,
            ep('domain', 'cloudflare', 'subdomain'),
            { expected: `at most ${rule.max} characters`, hint: 'Use a shorter subdomain.' },
          ),
        );
    }
    if (
      zoneOk &&
      cf.zone !== '' &&
      platform.cloudflare.zones &&
      !platform.cloudflare.zones.includes(cf.zone)
    ) {
      const s = suggest(cf.zone, platform.cloudflare.zones);
      out.push(
        error(
          'SPEC_DOMAIN',
          `Zone "${cf.zone}" is not an allowed Cloudflare zone`,
          ep('domain', 'cloudflare', 'zone'),
          {
            expected: `one of ${platform.cloudflare.zones.join(', ')}`,
            hint: s
              ? `Did you mean "${s}"?`
              : 'Allowed zones are set in the platform config (`cloudflare.zones`).',
          },
        ),
      );
    }
    if (cf.subdomain && cf.zone) {
      const dns = `${cf.subdomain}.${cf.zone}`;
      const first = seen.get(dns);
      if (first !== undefined)
        out.push(
          error(
            'SPEC_DUPLICATE_DOMAIN',
            `Domain "${dns}" is already used by environments[${first}]`,
            ep('domain', 'cloudflare', 'subdomain'),
            {
              upstream: `domain "${dns}" is configured more than once across environments`,
            },
          ),
        );
      else seen.set(dns, Number(ep()[1]));
    }
  } else if (cf) {
    out.push(
      warning(
        'SPEC_DOMAIN_IGNORED',
        '`cloudflare` block is ignored because domain type is `none`',
        ep('domain', 'cloudflare'),
        {
          detail: 'MSP still set EXTERNAL_DNS_NAME from it (an upstream quirk); we do not.',
          hint: 'Set `type: cloudflare` or remove the block.',
        },
      ),
    );
  }
}

function checkHealthProbes(
  env: RawEnvironment,
  ep: (...k: (string | number)[]) => KeyPath,
  out: Diagnostic[],
) {
  const h = env.healthProbes;
  if (!h) return;
  if (h.healthzProbes === false) {
    if (h.timeout !== undefined || h.startupInterval !== undefined || h.livenessInterval !== undefined)
      out.push(
        error(
          'SPEC_HEALTH_PROBES',
          'timeout, startupInterval and livenessInterval need healthzProbes enabled',
          ep('healthProbes', 'healthzProbes'),
          {
            upstream:
              'timeout, startupInterval and livenessInterval can only be configured when healthzProbes is enabled',
            hint: 'Remove the numbers, or set `healthzProbes: true`.',
          },
        ),
      );
    return;
  }
  const timeout = h.timeout ?? 3;
  const startup = h.startupInterval ?? timeout;
  const liveness = h.livenessInterval ?? timeout * 10;
  for (const [k, v] of [
    ['timeout', h.timeout],
    ['startupInterval', h.startupInterval],
    ['livenessInterval', h.livenessInterval],
  ] as const)
    if (
      v !== undefined &&
      (v < RANGES.probeSeconds.min || (k !== 'livenessInterval' && v > RANGES.probeSeconds.max))
    )
      out.push(
        error(
          'SPEC_HEALTH_PROBES',
          `${k} must be between 1 and ${k === 'livenessInterval' ? RANGES.livenessInterval.max : RANGES.probeSeconds.max} seconds`,
          ep('healthProbes', k),
          {
            found: String(v),
            detail: 'Stricter than MSP: Cloud Run rejects other values at deploy time.',
          },
        ),
      );
  if (timeout > startup)
    out.push(
      error(
        'SPEC_HEALTH_PROBES',
        'startupInterval must be greater than or equal to timeout',
        ep('healthProbes', h.startupInterval !== undefined ? 'startupInterval' : 'timeout'),
        {
          upstream: 'startupInterval must be greater than or equal to timeout',
        },
      ),
    );
  if (timeout > liveness)
    out.push(
      error(
        'SPEC_HEALTH_PROBES',
        'livenessInterval must be greater than or equal to timeout',
        ep('healthProbes', h.livenessInterval !== undefined ? 'livenessInterval' : 'timeout'),
        {
          upstream: 'livenessInterval must be greater than or equal to timeout',
        },
      ),
    );
  if (liveness > RANGES.livenessInterval.max)
    out.push(
      error(
        'SPEC_HEALTH_PROBES',
        'livenessInterval must be at most 3600 seconds',
        ep('healthProbes', h.livenessInterval !== undefined ? 'livenessInterval' : 'timeout'),
        {
          upstream: 'livenessInterval must be less than or equal to 3600 seconds',
        },
      ),
    );
}

function checkInstances(
  env: RawEnvironment,
  kind: string,
  ep: (...k: (string | number)[]) => KeyPath,
  out: Diagnostic[],
) {
  const r = env.instances.resources;
  const rp = (k: string) => ep('instances', 'resources', k);
  const cpu = r.cpu;
  if (cpu < RANGES.cpu.min)
    out.push(
      error('SPEC_RESOURCES', 'resources.cpu must be >= 1', rp('cpu'), {
        upstream: 'resources.cpu must be >= 1',
      }),
    );
  if (cpu > RANGES.cpu.max)
    out.push(
      error('SPEC_RESOURCES', 'resources.cpu above 8 is not supported', rp('cpu'), {
        upstream:
          'resources.cpu > 8 not supported - consider decreasing scaling.maxRequestConcurrency and increasing scaling.maxCount instead',
        hint: 'Lower scaling.maxRequestConcurrency and raise scaling.maxCount instead.',
      }),
    );
  const m = parseMemory(r.memory);
  if ('error' in m) {
    out.push(
      error('SPEC_RESOURCES', `resources.memory "${r.memory}" is not a valid size`, rp('memory'), {
        upstream: `resources.memory is invalid: ${m.error}`,
        expected: 'a number with one of the units B, Ki, Mi, Gi, Ti (e.g. 512Mi, 1Gi)',
        hint: /GiB|GB|G$/.test(r.memory)
          ? `Did you mean "${r.memory.replace(/GiB|GB|G$/, 'Gi')}"?`
          : /MiB|MB|M$/.test(r.memory)
            ? `Did you mean "${r.memory.replace(/MiB|MB|M$/, 'Mi')}"?`
            : undefined,
      }),
    );
  } else {
    if (m.bytes < 512 * MiB)
      out.push(
        error('SPEC_RESOURCES', 'resources.memory must be >= 512Mi', rp('memory'), {
          upstream: 'resources.memory must be >= 512Mi',
        }),
      );
    const g = Math.floor(m.bytes / GiB);
    if (g > 32)
      out.push(
        error('SPEC_RESOURCES', 'resources.memory above 32Gi is not supported', rp('memory'), {
          upstream:
            'resources.memory > 32Gi not supported - consider decreasing scaling.maxRequestConcurrency and increasing scaling.maxCount instead',
        }),
      );
    const needCpu: [number, number][] = [
      [24, 8],
      [16, 6],
      [8, 4],
      [4, 2],
    ];
    for (const [gb, c] of needCpu)
      if (g > gb) {
        if (cpu < c)
          out.push(
            error('SPEC_RESOURCES', `resources.memory > ${gb}Gi requires resources.cpu >= ${c}`, rp('cpu'), {
              upstream: `resources.memory > ${gb}Gi requires resources.cpu >= ${c}`,
            }),
          );
        break;
      }
    if (cpu > 6 && g < 4)
      out.push(
        error('SPEC_RESOURCES', 'resources.cpu > 6 requires resources.memory >= 4Gi', rp('memory'), {
          upstream: 'resources.cpu > 6 requires resources.memory >= 4Gi',
        }),
      );
    else if (cpu > 4 && g < 2)
      out.push(
        error('SPEC_RESOURCES', 'resources.cpu > 4 requires resources.memory >= 2Gi', rp('memory'), {
          upstream: 'resources.cpu > 4 requires resources.memory >= 2Gi',
        }),
      );
  }
  const s = env.instances.scaling;
  if (s && kind === 'service') {
    const sp = (k: string) => ep('instances', 'scaling', k);
    if (s.minCount !== undefined && s.minCount < RANGES.minCount.min)
      out.push(error('SPEC_SCALING', 'scaling.minCount must be >= 0', sp('minCount')));
    if (s.maxCount !== undefined && s.maxCount < RANGES.maxCount.min)
      out.push(error('SPEC_SCALING', 'scaling.maxCount must be >= 1', sp('maxCount')));
    if ((s.minCount ?? 0) > (s.maxCount ?? 5))
      out.push(
        error(
          'SPEC_SCALING',
          `scaling.minCount (${s.minCount ?? 0}) is greater than scaling.maxCount (${s.maxCount ?? 5})`,
          sp('minCount'),
          {
            detail: 'Stricter than MSP, which did not compare them.',
            hint: s.maxCount === undefined ? 'maxCount defaults to 5; set it explicitly.' : undefined,
          },
        ),
      );
    if (
      s.maxRequestConcurrency !== undefined &&
      (s.maxRequestConcurrency < RANGES.maxRequestConcurrency.min ||
        s.maxRequestConcurrency > RANGES.maxRequestConcurrency.max)
    )
      out.push(
        error(
          'SPEC_SCALING',
          'scaling.maxRequestConcurrency must be between 1 and 1000',
          sp('maxRequestConcurrency'),
          { detail: 'Cloud Run allows 1–1000.' },
        ),
      );
  }
}

function checkEnvVars(env: RawEnvironment, ep: (...k: (string | number)[]) => KeyPath, out: Diagnostic[]) {
  const names = new Map<string, string>();
  for (const [block, map] of [
    ['env', env.env],
    ['secretEnv', env.secretEnv],
  ] as const) {
    for (const [k, v] of Object.entries(map ?? {})) {
      if (!ENV_NAME.test(k))
        out.push(
          error('SPEC_ENV_NAME', `Invalid environment variable name "${k}"`, ep(block, k), {
            expected: 'letters, digits and `_`, not starting with a digit',
          }),
        );
      if (RESERVED_ENV.includes(k))
        out.push(
          error(
            'SPEC_ENV_RESERVED',
            `\`${k}\` is set by the platform and cannot be redefined`,
            ep(block, k),
            {
              detail: 'MSP did not check this; the platform value would be shadowed or duplicated.',
              hint: 'Rename the variable.',
            },
          ),
        );
      const prev = names.get(k);
      if (prev)
        out.push(
          error(
            'SPEC_ENV_DUPLICATE',
            `\`${k}\` is defined in both \`${prev}\` and \`${block}\``,
            ep(block, k),
          ),
        );
      else names.set(k, block);
      if (block === 'env')
        for (const p of findTemplateProblems(v))
          out.push(
            error('SPEC_ENV_TEMPLATE', p.message, ep(block, k), {
              found: v,
              upstream: p.upstream,
              hint: 'Only `{{ .ProjectID }}` and `{{ .ServiceDnsName }}` are available.',
            }),
          );
    }
  }
}

function checkSecretName(raw: string, path: KeyPath, out: Diagnostic[]) {
  const r = parseSecretName(raw);
  if ('error' in r)
    out.push(error('SPEC_SECRET_NAME', r.error, path, { found: raw, upstream: r.upstream, hint: r.hint }));
}

function checkSecrets(env: RawEnvironment, ep: (...k: (string | number)[]) => KeyPath, out: Diagnostic[]) {
  for (const [k, v] of Object.entries(env.secretEnv ?? {})) checkSecretName(v, ep('secretEnv', k), out);
  const mounts = new Map<string, string>();
  for (const [name, vol] of Object.entries(env.secretVolumes ?? {})) {
    const vp = (k: string) => ep('secretVolumes', name, k);
    if (name === '')
      out.push(
        error('SPEC_SECRET_VOLUME', 'Secret volume name cannot be empty', ep('secretVolumes', name), {
          upstream: 'secretVolumes key cannot be empty',
        }),
      );
    else if (!VOLUME_NAME.test(name))
      out.push(
        error('SPEC_SECRET_VOLUME', `Invalid volume name "${name}"`, ep('secretVolumes', name), {
          expected: 'lowercase letters, digits and hyphens (a DNS label)',
        }),
      );
    const mp = vol.mountPath;
    if (mp === '')
      out.push(
        error('SPEC_SECRET_VOLUME', 'mountPath is required', vp('mountPath'), {
          upstream: 'mountPath is required',
        }),
      );
    else {
      if (!ABSOLUTE_PATH.test(mp))
        out.push(
          error(
            'SPEC_SECRET_VOLUME',
            `mountPath must be an absolute file path, got "${mp}"`,
            vp('mountPath'),
            { upstream: `mountPath must be abs file path, got "${mp}"`, hint: `Did you mean "/${mp}"?` },
          ),
        );
      const slash = mp.lastIndexOf('/');
      const dir = slash >= 0 ? mp.slice(0, slash) : '';
      const file = mp.slice(slash + 1);
      if (dir === '' || file === '')
        out.push(
          error('SPEC_SECRET_VOLUME', `mountPath may be malformed, got "${mp}"`, vp('mountPath'), {
            upstream: `mountPath may be malformed, got "${mp}"`,
            expected: 'a file path like /etc/secrets/creds.json',
          }),
        );
      else {
        const other = mounts.get(dir);
        if (other)
          out.push(
            error(
              'SPEC_SECRET_VOLUME',
              `Volume "${name}" mounts directory "${dir}" already used by volume "${other}"`,
              vp('mountPath'),
              {
                detail:
                  'Each secret volume mounts its directory; two in the same directory would hide each other.',
              },
            ),
          );
        else mounts.set(dir, name);
        if (dir === '/etc/ssl/custom-certs')
          out.push(
            error(
              'SPEC_SECRET_VOLUME',
              '/etc/ssl/custom-certs is reserved for the Redis CA certificate',
              vp('mountPath'),
            ),
          );
      }
    }
    if (vol.secret === '')
      out.push(
        error('SPEC_SECRET_VOLUME', 'secret is required', vp('secret'), { upstream: 'secret is required' }),
      );
    else checkSecretName(vol.secret, vp('secret'), out);
  }
}

function checkResources(
  env: RawEnvironment,
  serviceId: string,
  ep: (...k: (string | number)[]) => KeyPath,
  out: Diagnostic[],
) {
  const res = env.resources;
  if (!res) return;
  const pg = res.postgreSQL;
  if (pg) {
    const pp = (...k: (string | number)[]) => ep('resources', 'postgreSQL', ...k);
    if (pg.cpu !== undefined) {
      if (pg.cpu < RANGES.postgresCpu.min)
        out.push(
          error('SPEC_POSTGRESQL', 'postgreSQL.cpu must be >= 1', pp('cpu'), {
            upstream: 'postgreSQL.cpu must be >= 1',
          }),
        );
      if (pg.cpu > 1 && pg.cpu % 2 === 1)
        out.push(
          error('SPEC_POSTGRESQL', 'postgreSQL.cpu must be 1 or a multiple of 2', pp('cpu'), {
            upstream: 'postgreSQL.cpu must be 1 or a multiple of 2',
            found: String(pg.cpu),
          }),
        );
      if (pg.cpu > RANGES.postgresCpu.max)
        out.push(
          error('SPEC_POSTGRESQL', 'postgreSQL.cpu must be <= 96', pp('cpu'), {
            upstream: 'postgreSQL.cpu must be <= 96',
          }),
        );
    }
    const cpu = pg.cpu ?? 1;
    const mem = pg.memoryGB ?? 4;
    // Stricter: MSP checked memory only when set; we check the effective value too (cpu: 12 with default 4 GB).
    if (mem < 4)
      out.push(
        error('SPEC_POSTGRESQL', 'postgreSQL.memoryGB must be >= 4', pp('memoryGB'), {
          upstream: 'postgreSQL.memoryGB must be >= 4',
        }),
      );
    if (mem < cpu)
      out.push(
        error(
          'SPEC_POSTGRESQL',
          'postgreSQL.memoryGB must be >= postgreSQL.cpu',
          pp(pg.memoryGB !== undefined ? 'memoryGB' : 'cpu'),
          {
            upstream: 'postgreSQL.memoryGB must be >= postgreSQL.cpu',
            hint:
              pg.memoryGB === undefined ? `memoryGB defaults to 4; set it to at least ${cpu}.` : undefined,
          },
        ),
      );
    if (mem > 6 * cpu)
      out.push(
        error(
          'SPEC_POSTGRESQL',
          `postgreSQL.memoryGB must be <= 6 × postgreSQL.cpu (${6 * cpu})`,
          pp('memoryGB'),
          { upstream: 'postgreSQL.memoryGB must be <= 6*postgreSQL.cpu' },
        ),
      );
    if (
      pg.maxConnections !== undefined &&
      (pg.maxConnections < RANGES.maxConnections.min || pg.maxConnections > RANGES.maxConnections.max)
    )
      out.push(
        error(
          'SPEC_POSTGRESQL',
          'postgreSQL.maxConnections must be between 14 and 262143',
          pp('maxConnections'),
          { detail: 'Cloud SQL limits; MSP documented but did not check it.' },
        ),
      );
    const dbs = pg.databases ?? [];
    const seenDb = new Set<string>();
    dbs.forEach((db, j) => {
      if (!DATABASE_NAME.test(db))
        out.push(
          error('SPEC_POSTGRESQL', `Invalid database name "${db}"`, pp('databases', j), {
            expected: 'letters, digits, `_` and `-`, starting with a letter or `_`',
          }),
        );
      if (seenDb.has(db))
        out.push(error('SPEC_POSTGRESQL', `Database "${db}" is listed twice`, pp('databases', j)));
      seenDb.add(db);
    });
    const pubs = pg.logicalReplication?.publications ?? [];
    const names = new Set<string>();
    pubs.forEach((pub, j) => {
      const pubp = (k: string, ...r: number[]) => pp('logicalReplication', 'publications', j, k, ...r);
      if (pub.name === '')
        out.push(
          error('SPEC_PUBLICATION', `publication[${j}].name is required`, pubp('name'), {
            upstream: `publication[${j}].name is required`,
          }),
        );
      else if (names.has(pub.name))
        out.push(
          error('SPEC_PUBLICATION', `publication[${j}].name must be unique`, pubp('name'), {
            upstream: `publication[${j}].name must be unique`,
            found: pub.name,
          }),
        );
      else if (!PUBLICATION_NAME.test(pub.name))
        out.push(
          error('SPEC_PUBLICATION', `Invalid publication name "${pub.name}"`, pubp('name'), {
            expected: 'lowercase letters, digits and `_`',
          }),
        );
      else if (pub.name.length > MAX_PUBLICATION_NAME)
        out.push(
          error(
            'SPEC_PUBLICATION',
            `Publication name "${pub.name}" is ${pub.name.length} characters, at most ${MAX_PUBLICATION_NAME} allowed`,
            pubp('name'),
            {
              detail:
                "Stricter than MSP: the publication's PostgreSQL role `msp-publication-<name>-user` must fit PostgreSQL's 63-character identifiers (see docs/naming.md).",
            },
          ),
        );
      names.add(pub.name);
      if (pub.database === '')
        out.push(
          error('SPEC_PUBLICATION', `publication[${j}].database is required`, pubp('database'), {
            upstream: `publication[${j}].database is required`,
          }),
        );
      else if (!seenDb.has(pub.database))
        out.push(
          error(
            'SPEC_PUBLICATION',
            `publication[${j}].database "${pub.database}" is not in postgreSQL.databases`,
            pubp('database'),
            {
              detail: 'Stricter than MSP: the database must be one this environment creates.',
              hint: `Add "${pub.database}" to databases.`,
            },
          ),
        );
      if (pub.tables.length === 0)
        out.push(
          error('SPEC_PUBLICATION', `publication[${j}].tables is required`, pubp('tables'), {
            upstream: `publication[${j}].tables is required`,
          }),
        );
      pub.tables.forEach((t, k) => {
        if (t === '')
          out.push(
            error('SPEC_PUBLICATION', `publication[${j}].tables[${k}] must not be empty`, pubp('tables', k), {
              upstream: `publication[${j}].tables[${k}] must not be empty`,
            }),
          );
      });
    });
  }
  const redis = res.redis;
  if (
    redis?.memoryGB !== undefined &&
    (redis.memoryGB < RANGES.redisMemoryGB.min || redis.memoryGB > RANGES.redisMemoryGB.max)
  )
    out.push(
      error('SPEC_REDIS', 'redis.memoryGB must be between 1 and 300', ep('resources', 'redis', 'memoryGB'), {
        detail: 'Memorystore limits; MSP did not check.',
      }),
    );
  const bq = res.bigQueryDataset;
  if (bq) {
    const bp = (...k: (string | number)[]) => ep('resources', 'bigQueryDataset', ...k);
    if (bq.tables.length === 0)
      out.push(
        error('SPEC_BIGQUERY', 'bigQueryDataset.tables must be non-empty', bp('tables'), {
          upstream: 'bigQueryDataset.tables must be non-empty',
        }),
      );
    const seen = new Set<string>();
    bq.tables.forEach((t, j) => {
      if (!BIGQUERY_ID.test(t))
        out.push(
          error('SPEC_BIGQUERY', `Invalid table ID "${t}"`, bp('tables', j), {
            expected: 'letters, digits and `_`',
          }),
        );
      if (seen.has(t)) out.push(error('SPEC_BIGQUERY', `Table "${t}" is listed twice`, bp('tables', j)));
      seen.add(t);
    });
    const ds = bq.datasetID ?? serviceId.replaceAll('-', '_');
    if (!BIGQUERY_ID.test(ds))
      out.push(
        error('SPEC_BIGQUERY', `Invalid dataset ID "${ds}"`, bp('datasetID'), {
          expected: 'letters, digits and `_`',
          detail: 'Documented by MSP but not checked there.',
        }),
      );
  }
}

function checkJob(
  env: RawEnvironment,
  kind: string,
  ep: (...k: (string | number)[]) => KeyPath,
  out: Diagnostic[],
) {
  if (kind !== 'job') return;
  if (env.schedule) {
    const c = cronMaxInterval(env.schedule.cron);
    if ('error' in c)
      out.push(
        error('SPEC_CRON', `Invalid cron schedule: ${c.error}`, ep('schedule', 'cron'), {
          found: env.schedule.cron,
          upstream: `schedule.cron: invalid schedule: invalid cron schedule: ${c.error}`,
          expected: 'a 5-field unix cron, e.g. "0 * * * *"',
        }),
      );
    else {
      const gap = c.minutes;
      if (gap === undefined)
        out.push(
          error('SPEC_CRON', 'Cron schedule never runs', ep('schedule', 'cron'), {
            found: env.schedule.cron,
          }),
        );
      else if (gap < 15)
        out.push(
          error(
            'SPEC_CRON',
            `The longest interval between runs must be at least 15 minutes, got ${formatGoDuration(gap)}`,
            ep('schedule', 'cron'),
            {
              upstream: `schedule.cron: invalid schedule: the longest interval must be >15m, got ${formatGoDuration(gap)}`,
              hint: 'Run less often, or use a Cloud Run service with a loop instead.',
            },
          ),
        );
      else if (gap >= 8 * 1440)
        out.push(
          error(
            'SPEC_CRON',
            `The longest interval between runs must be under 8 days, got ${formatGoDuration(gap)}`,
            ep('schedule', 'cron'),
            {
              upstream: `schedule.cron: invalid schedule: the longest interval must be <8 days, got ${formatGoDuration(gap)}`,
            },
          ),
        );
    }
  }
  const dl = env.deadlineSeconds;
  if (dl !== undefined) {
    const max = env.schedule ? 1800 : RANGES.deadlineSeconds.max;
    if (dl < 1 || dl > max)
      out.push(
        error('SPEC_DEADLINE', `deadlineSeconds must be between 1 and ${max}`, ep('deadlineSeconds'), {
          found: String(dl),
          detail: env.schedule
            ? 'Cloud Scheduler HTTP targets allow an attempt deadline of at most 30 minutes (stricter than MSP).'
            : 'Cloud Run job tasks run for at most 24 hours.',
        }),
      );
  }
}

function checkRollout(spec: RawServiceSpec, kind: string, out: Diagnostic[]) {
  const r = spec.rollout;
  if (!r) return;
  const envs = spec.environments ?? [];
  if (kind === 'job')
    out.push(
      error('SPEC_ROLLOUT', 'Rollouts are only for kind service', ['rollout'], {
        detail: "Jobs cannot use deploy type 'rollout'.",
        hint: 'Remove `rollout`.',
      }),
    );
  if (r.stages.length === 0) {
    out.push(
      error('SPEC_ROLLOUT', 'Rollout has no stages', ['rollout', 'stages'], {
        upstream: 'rollout spec is defined but contains no stages',
        hint: 'List environments under `stages`, or remove `rollout`.',
      }),
    );
    return;
  }
  const seen = new Set<string>();
  r.stages.forEach((s, i) => {
    const path: KeyPath = ['rollout', 'stages', i, 'environment'];
    const env = envs.find((e) => e.id === s.environment);
    if (!env) {
      const sg = suggest(
        s.environment,
        envs.map((e) => e.id),
      );
      out.push(
        error('SPEC_ROLLOUT', `Rollout stage references unknown environment "${s.environment}"`, path, {
          upstream: `rollout stage references unknown environment "${s.environment}"`,
          hint: sg ? `Did you mean "${sg}"?` : undefined,
        }),
      );
    } else {
      // Once per environment, like MSP: a repeated stage reports only the repetition.
      if (env.deploy.type !== 'rollout' && !seen.has(s.environment))
        out.push(
          error(
            'SPEC_ROLLOUT',
            `Environment "${env.id}" is a rollout stage, so its deploy type must be \`rollout\``,
            path,
            {
              upstream: `environment "${env.id}" is referenced in a rollout stage - deploy type must be 'rollout'`,
              hint: `Set environments[${envs.indexOf(env)}].deploy.type to rollout.`,
            },
          ),
        );
    }
    if (seen.has(s.environment))
      out.push(
        error(
          'SPEC_ROLLOUT',
          `Rollout stage references environment "${s.environment}" more than once`,
          path,
          { upstream: `rollout stage references environment "${s.environment}" more than once` },
        ),
      );
    seen.add(s.environment);
  });
  if (
    r.serviceAccount !== undefined &&
    !/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/.test(r.serviceAccount) &&
    !/^[^@\s]+@[^@\s]+$/.test(r.serviceAccount)
  )
    out.push(
      error(
        'SPEC_ROLLOUT',
        'rollout.serviceAccount must be a service account email',
        ['rollout', 'serviceAccount'],
        { found: r.serviceAccount },
      ),
    );
}

function checkMonitoring(spec: RawServiceSpec, out: Diagnostic[]) {
  const alerts = spec.monitoring?.alerts;
  if (!alerts) return;
  const ids = new Set<string>();
  (alerts.responseCodeRatios ?? []).forEach((a, i) => {
    const p = (k: string): KeyPath => ['monitoring', 'alerts', 'responseCodeRatios', i, k];
    if (a.id === '')
      out.push(
        error('SPEC_ALERT', 'responseCodeRatios[].id is required', p('id'), {
          upstream: 'responseCodeRatios[].id is required and cannot be empty',
        }),
      );
    else if (ids.has(a.id))
      out.push(
        error('SPEC_ALERT', `Response code alert id "${a.id}" is used more than once`, p('id'), {
          upstream: `response code alert IDs must be unique, found duplicate ID: ${a.id}`,
        }),
      );
    else if (!ALERT_ID.test(a.id))
      out.push(
        error('SPEC_ALERT', `Invalid alert id "${a.id}"`, p('id'), {
          expected: 'letters, digits, `_` and `-`',
        }),
      );
    ids.add(a.id);
    if (a.name === '')
      out.push(
        error('SPEC_ALERT', 'responseCodeRatios[].name is required', p('name'), {
          upstream: 'responseCodeRatios[].name is required',
        }),
      );
    if (a.code !== undefined && a.code <= 0)
      out.push(
        error('SPEC_ALERT', 'responseCodeRatios[].code must be positive', p('code'), {
          upstream: 'responseCodeRatios[].code must be positive',
        }),
      );
    if (a.code !== undefined && (a.code < 100 || a.code > 599) && a.code > 0)
      out.push(
        error('SPEC_ALERT', 'responseCodeRatios[].code must be an HTTP status code (100–599)', p('code'), {
          found: String(a.code),
        }),
      );
    if (a.codeClass !== undefined && !CODE_CLASS.test(a.codeClass))
      out.push(
        error('SPEC_ALERT', 'responseCodeRatios[].codeClass must look like 4xx or 5xx', p('codeClass'), {
          found: a.codeClass,
          upstream: 'responseCodeRatios[].codeClass must match the format Nxx (e.g. 4xx, 5xx)',
          hint: /^[1-5]XX$/.test(a.codeClass) ? `Did you mean "${a.codeClass.toLowerCase()}"?` : undefined,
        }),
      );
    if (a.code !== undefined && a.codeClass !== undefined)
      out.push(
        error('SPEC_ALERT', 'Set only one of responseCodeRatios[].code and codeClass', p('code'), {
          upstream:
            'only one of responseCodeRatios[].code or responseCodeRatios[].codeClass should be specified',
        }),
      );
    if (a.code === undefined && a.codeClass === undefined)
      out.push(
        error('SPEC_ALERT', 'Set one of responseCodeRatios[].code or codeClass', p('id'), {
          detail: 'Stricter than MSP, which produced an alert matching nothing.',
        }),
      );
    (a.excludeCodes ?? []).forEach((c, j) => {
      if (!HTTP_CODE.test(c))
        out.push(
          error(
            'SPEC_ALERT',
            `excludeCodes[${j}] must be an HTTP status code like "501"`,
            ['monitoring', 'alerts', 'responseCodeRatios', i, 'excludeCodes', j],
            { found: c },
          ),
        );
    });
    if ((a.durationMinutes ?? 1) > RANGES.alertDurationMinutes.max)
      out.push(
        error(
          'SPEC_ALERT',
          'responseCodeRatios[].durationMinutes must be at most 1440',
          p('durationMinutes'),
          { upstream: 'responseCodeRatios[].duration must be less than 1440 minutes' },
        ),
      );
    if ((a.durationMinutes ?? 1) < 0)
      out.push(error('SPEC_ALERT', 'durationMinutes must not be negative', p('durationMinutes')));
    if (a.ratio < RANGES.ratio.min || a.ratio > RANGES.ratio.max)
      out.push(
        error('SPEC_ALERT', 'responseCodeRatios[].ratio must be between 0 and 1', p('ratio'), {
          upstream: 'responseCodeRatios[].ratio must be between 0 and 1',
          found: String(a.ratio),
        }),
      );
  });
  const names = new Set<string>();
  (alerts.customAlerts ?? []).forEach((a, i) => {
    const p = (...k: string[]): KeyPath => ['monitoring', 'alerts', 'customAlerts', i, ...k];
    const id = a.name.toLowerCase().replaceAll(' ', '-');
    if (a.name === '')
      out.push(
        error('SPEC_ALERT', 'customAlerts[].name is required', p('name'), {
          upstream: 'customAlerts[].name is required',
        }),
      );
    else if (!CUSTOM_ALERT_NAME.test(id))
      out.push(
        error(
          'SPEC_ALERT',
          `Custom alert name "${a.name}" may contain only letters, digits, spaces and hyphens`,
          p('name'),
          { upstream: `custom alert name must match the format ^[-A-Za-z0-9 ]+$, got: \`${a.name}\`` },
        ),
      );
    if (names.has(id))
      out.push(
        error('SPEC_ALERT', `Custom alert name "${a.name}" is used more than once`, p('name'), {
          upstream: `custom alert names must be unique, found duplicate Name: \`${a.name}\``,
          detail: 'Names are compared case-insensitively, with spaces equal to hyphens.',
        }),
      );
    names.add(id);
    if (a.condition.query.trim() === '')
      out.push(
        error('SPEC_ALERT', 'customAlerts[].condition.query cannot be empty', p('condition', 'query'), {
          upstream: 'customAlerts[].condition.query cannot be empty',
        }),
      );
    else if (queryCode(a.condition.query).trim() === '')
      out.push(
        error('SPEC_ALERT', 'customAlerts[].condition.query is only comments', p('condition', 'query'), {
          detail: 'Every line starts a `#` comment, so Cloud Monitoring would receive no query.',
          hint: 'Write the query below the comments, one expression per line or across lines.',
        }),
      );
    if ((a.condition.durationMinutes ?? 1) > RANGES.alertDurationMinutes.max)
      out.push(
        error(
          'SPEC_ALERT',
          'customAlerts[].condition.durationMinutes must be at most 1440',
          p('condition', 'durationMinutes'),
          { upstream: 'customAlerts[].condition.durationMinutes must be less than 1440 minutes' },
        ),
      );
    if ((a.condition.durationMinutes ?? 1) < 0)
      out.push(
        error('SPEC_ALERT', 'durationMinutes must not be negative', p('condition', 'durationMinutes')),
      );
  });
}
