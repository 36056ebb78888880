/**
 * Rules of what an environment's container gets: health probes, Cloud Run cpu and memory,
 * scaling, environment variables, secrets and secret volumes.
 */
import { type Diagnostic, error, type KeyPath } from '../diagnostics/diagnostic.ts';
import { ABSOLUTE_PATH, ENV_NAME, RANGES, VOLUME_NAME } from './constraints.ts';
import { SPEC_DEFAULTS } from './defaults.ts';
import { GiB, MiB, parseMemory } from './memory.ts';
import { RESERVED_ENV } from './model.ts';
import { type EnvironmentContext, type EnvironmentRule, firstAt } from './rules-context.ts';
import { parseSecretName } from './secret-name.ts';
import { findTemplateProblems } from './template.ts';

function checkHealthProbes({ env, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const h = env.healthProbes;
  if (!h) return out;
  if (h.healthzProbes === false) {
    if (h.timeout !== undefined || h.startupInterval !== undefined || h.livenessInterval !== undefined)
      out.push(
        error(
          'SPEC_PROBES_NEED_HEALTHZ',
          'timeout, startupInterval and livenessInterval need healthzProbes enabled',
          at('healthProbes', 'healthzProbes'),
          {
            upstream:
              'timeout, startupInterval and livenessInterval can only be configured when healthzProbes is enabled',
            hint: 'Remove the numbers, or set `healthzProbes: true`.',
          },
        ),
      );
    return out;
  }
  const timeout = h.timeout ?? SPEC_DEFAULTS.healthProbes.timeoutSeconds;
  const startup = h.startupInterval ?? timeout;
  const liveness = h.livenessInterval ?? timeout * SPEC_DEFAULTS.healthProbes.livenessIntervalTimeouts;
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
          'SPEC_PROBE_OUT_OF_RANGE',
          `${k} must be between 1 and ${k === 'livenessInterval' ? RANGES.livenessInterval.max : RANGES.probeSeconds.max} seconds`,
          at('healthProbes', k),
          {
            found: String(v),
            detail: 'Stricter than MSP: Cloud Run rejects other values at deploy time.',
          },
        ),
      );
  if (timeout > startup)
    out.push(
      error(
        'SPEC_PROBE_STARTUP_BELOW_TIMEOUT',
        'startupInterval must be greater than or equal to timeout',
        at('healthProbes', h.startupInterval !== undefined ? 'startupInterval' : 'timeout'),
        { upstream: 'startupInterval must be greater than or equal to timeout' },
      ),
    );
  if (timeout > liveness)
    out.push(
      error(
        'SPEC_PROBE_LIVENESS_BELOW_TIMEOUT',
        'livenessInterval must be greater than or equal to timeout',
        at('healthProbes', h.livenessInterval !== undefined ? 'livenessInterval' : 'timeout'),
        { upstream: 'livenessInterval must be greater than or equal to timeout' },
      ),
    );
  if (liveness > RANGES.livenessInterval.max)
    out.push(
      error(
        'SPEC_PROBE_LIVENESS_TOO_LONG',
        'livenessInterval must be at most 3600 seconds',
        at('healthProbes', h.livenessInterval !== undefined ? 'livenessInterval' : 'timeout'),
        { upstream: 'livenessInterval must be less than or equal to 3600 seconds' },
      ),
    );
  return out;
}

/** Memory above the first size needs at least the second number of CPUs (Cloud Run's table). */
const CPU_FOR_MEMORY: readonly [number, number][] = [
  [24, 8],
  [16, 6],
  [8, 4],
  [4, 2],
];

function checkCpuAndMemory({ env, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const r = env.instances.resources;
  const rp = (k: string) => at('instances', 'resources', k);
  const cpu = r.cpu;
  if (cpu < RANGES.cpu.min)
    out.push(
      error('SPEC_CPU_TOO_LOW', 'resources.cpu must be >= 1', rp('cpu'), {
        upstream: 'resources.cpu must be >= 1',
      }),
    );
  if (cpu > RANGES.cpu.max)
    out.push(
      error('SPEC_CPU_TOO_HIGH', 'resources.cpu above 8 is not supported', rp('cpu'), {
        upstream:
          'resources.cpu > 8 not supported - consider decreasing scaling.maxRequestConcurrency and increasing scaling.maxCount instead',
        hint: 'Lower scaling.maxRequestConcurrency and raise scaling.maxCount instead.',
      }),
    );
  const m = parseMemory(r.memory);
  if ('error' in m) {
    out.push(
      error('SPEC_MEMORY_INVALID', 'resources.memory is not a valid size', rp('memory'), {
        found: r.memory,
        upstream: `resources.memory is invalid: ${m.error}`,
        expected: 'a number with one of the units B, Ki, Mi, Gi, Ti (e.g. 512Mi, 1Gi)',
        hint: /GiB|GB|G$/.test(r.memory)
          ? `Did you mean "${r.memory.replace(/GiB|GB|G$/, 'Gi')}"?`
          : /MiB|MB|M$/.test(r.memory)
            ? `Did you mean "${r.memory.replace(/MiB|MB|M$/, 'Mi')}"?`
            : undefined,
      }),
    );
    return out;
  }
  if (m.bytes < 512 * MiB)
    out.push(
      error('SPEC_MEMORY_TOO_LOW', 'resources.memory must be >= 512Mi', rp('memory'), {
        upstream: 'resources.memory must be >= 512Mi',
      }),
    );
  const g = Math.floor(m.bytes / GiB);
  if (g > 32)
    out.push(
      error('SPEC_MEMORY_TOO_HIGH', 'resources.memory above 32Gi is not supported', rp('memory'), {
        upstream:
          'resources.memory > 32Gi not supported - consider decreasing scaling.maxRequestConcurrency and increasing scaling.maxCount instead',
      }),
    );
  for (const [gb, c] of CPU_FOR_MEMORY)
    if (g > gb) {
      if (cpu < c)
        out.push(
          error(
            'SPEC_MEMORY_NEEDS_CPU',
            `resources.memory > ${gb}Gi requires resources.cpu >= ${c}`,
            rp('cpu'),
            {
              upstream: `resources.memory > ${gb}Gi requires resources.cpu >= ${c}`,
            },
          ),
        );
      break;
    }
  if (cpu > 6 && g < 4)
    out.push(
      error('SPEC_CPU_NEEDS_MEMORY', 'resources.cpu > 6 requires resources.memory >= 4Gi', rp('memory'), {
        upstream: 'resources.cpu > 6 requires resources.memory >= 4Gi',
      }),
    );
  else if (cpu > 4 && g < 2)
    out.push(
      error('SPEC_CPU_NEEDS_MEMORY', 'resources.cpu > 4 requires resources.memory >= 2Gi', rp('memory'), {
        upstream: 'resources.cpu > 4 requires resources.memory >= 2Gi',
      }),
    );
  return out;
}

function checkScaling({ env, kind, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const s = env.instances.scaling;
  if (!s || kind !== 'service') return out;
  const sp = (k: string) => at('instances', 'scaling', k);
  if (s.minCount !== undefined && s.minCount < RANGES.minCount.min)
    out.push(error('SPEC_SCALING_MIN_NEGATIVE', 'scaling.minCount must be >= 0', sp('minCount')));
  if (s.maxCount !== undefined && s.maxCount < RANGES.maxCount.min)
    out.push(error('SPEC_SCALING_MAX_TOO_LOW', 'scaling.maxCount must be >= 1', sp('maxCount')));
  const minCount = s.minCount ?? SPEC_DEFAULTS.scaling.minCount;
  const maxCount = s.maxCount ?? SPEC_DEFAULTS.scaling.maxCount;
  if (minCount > maxCount)
    out.push(
      error(
        'SPEC_SCALING_MIN_ABOVE_MAX',
        `scaling.minCount (${minCount}) is greater than scaling.maxCount (${maxCount})`,
        sp('minCount'),
        {
          detail: 'Stricter than MSP, which did not compare them.',
          hint: s.maxCount === undefined ? `maxCount defaults to ${maxCount}; set it explicitly.` : undefined,
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
        'SPEC_SCALING_CONCURRENCY',
        'scaling.maxRequestConcurrency must be between 1 and 1000',
        sp('maxRequestConcurrency'),
        { detail: 'Cloud Run allows 1–1000.' },
      ),
    );
  return out;
}

function checkEnvVars({ env, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = new Map<string, string>();
  for (const [block, map] of [
    ['env', env.env],
    ['secretEnv', env.secretEnv],
  ] as const) {
    for (const [k, v] of Object.entries(map ?? {})) {
      if (!ENV_NAME.test(k))
        out.push(
          error('SPEC_ENV_NAME', `Invalid environment variable name "${k}"`, at(block, k), {
            expected: 'letters, digits and `_`, not starting with a digit',
          }),
        );
      if (RESERVED_ENV.includes(k))
        out.push(
          error(
            'SPEC_ENV_RESERVED',
            `\`${k}\` is set by the platform and cannot be redefined`,
            at(block, k),
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
            at(block, k),
            { related: firstAt(at(prev, k)) },
          ),
        );
      else names.set(k, block);
      if (block === 'env')
        for (const p of findTemplateProblems(v))
          out.push(
            error('SPEC_ENV_TEMPLATE', p.message, at(block, k), {
              found: v,
              upstream: p.upstream,
              hint: 'Only `{{ .ProjectID }}` and `{{ .ServiceDnsName }}` are available.',
            }),
          );
    }
  }
  return out;
}

function secretNameProblems(raw: string, path: KeyPath): Diagnostic[] {
  const r = parseSecretName(raw);
  return 'error' in r
    ? [error('SPEC_SECRET_NAME', r.error, path, { found: raw, upstream: r.upstream, hint: r.hint })]
    : [];
}

function checkSecretEnv({ env, at }: EnvironmentContext): Diagnostic[] {
  return Object.entries(env.secretEnv ?? {}).flatMap(([k, v]) => secretNameProblems(v, at('secretEnv', k)));
}

function checkSecretVolumes({ env, at }: EnvironmentContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const mounts = new Map<string, string>();
  for (const [name, vol] of Object.entries(env.secretVolumes ?? {})) {
    const vp = (k: string) => at('secretVolumes', name, k);
    if (name === '')
      out.push(
        error(
          'SPEC_SECRET_VOLUME_NAME_EMPTY',
          'Secret volume name cannot be empty',
          at('secretVolumes', name),
          {
            upstream: 'secretVolumes key cannot be empty',
          },
        ),
      );
    else if (!VOLUME_NAME.test(name))
      out.push(
        error('SPEC_SECRET_VOLUME_NAME_INVALID', `Invalid volume name "${name}"`, at('secretVolumes', name), {
          expected: 'lowercase letters, digits and hyphens (a DNS label)',
        }),
      );
    const mp = vol.mountPath;
    if (mp === '')
      out.push(
        error('SPEC_SECRET_VOLUME_MOUNT_MISSING', 'mountPath is required', vp('mountPath'), {
          upstream: 'mountPath is required',
        }),
      );
    else {
      if (!ABSOLUTE_PATH.test(mp))
        out.push(
          error(
            'SPEC_SECRET_VOLUME_MOUNT_RELATIVE',
            `mountPath must be an absolute file path, got "${mp}"`,
            vp('mountPath'),
            {
              upstream: `mountPath must be abs file path, got "${mp}"`,
              hint: `Did you mean "/${mp}"?`,
            },
          ),
        );
      const slash = mp.lastIndexOf('/');
      const dir = slash >= 0 ? mp.slice(0, slash) : '';
      const file = mp.slice(slash + 1);
      if (dir === '' || file === '')
        out.push(
          error(
            'SPEC_SECRET_VOLUME_MOUNT_MALFORMED',
            `mountPath may be malformed, got "${mp}"`,
            vp('mountPath'),
            {
              upstream: `mountPath may be malformed, got "${mp}"`,
              expected: 'a file path like /etc/secrets/creds.json',
            },
          ),
        );
      else {
        const other = mounts.get(dir);
        if (other)
          out.push(
            error(
              'SPEC_SECRET_VOLUME_SHARED_DIR',
              `Volume "${name}" mounts directory "${dir}", which another volume already mounts`,
              vp('mountPath'),
              {
                related: firstAt(at('secretVolumes', other, 'mountPath'), 'first mounted here'),
                detail:
                  'Each secret volume mounts its directory; two in the same directory would hide each other.',
              },
            ),
          );
        else mounts.set(dir, name);
        if (dir === '/etc/ssl/custom-certs')
          out.push(
            error(
              'SPEC_SECRET_VOLUME_RESERVED_DIR',
              '/etc/ssl/custom-certs is reserved for the Redis CA certificate',
              vp('mountPath'),
            ),
          );
      }
    }
    if (vol.secret === '')
      out.push(
        error('SPEC_SECRET_VOLUME_SECRET_MISSING', 'secret is required', vp('secret'), {
          upstream: 'secret is required',
        }),
      );
    else out.push(...secretNameProblems(vol.secret, vp('secret')));
  }
  return out;
}

/** Rules of the container's settings, in the order they run. */
export const RUNTIME_RULES: readonly EnvironmentRule[] = [
  { name: 'health probes', check: checkHealthProbes },
  { name: 'cpu and memory', check: checkCpuAndMemory },
  { name: 'scaling', check: checkScaling },
  { name: 'environment variables', check: checkEnvVars },
  { name: 'secret names in secretEnv', check: checkSecretEnv },
  { name: 'secret volumes', check: checkSecretVolumes },
];
