/**
 * The pieces of the Cloud Run container shared by services and jobs: env blocks from the
 * runtime contract (`env-contract.ts`), secret volumes and their mounts, resource limits and the
 * port, and the service's health probes. Paths, probe semantics and the port come from the
 * contract shared with the runtime SDK (`runtime-contract.ts`, docs/runtime-contract.md).
 */

import { CONTAINER_PORT, PROBES } from '../../contract/runtime-contract.ts';
import type { EnvironmentSpec, ServiceSpec } from '../../spec/model.ts';
import { interpolate, type TfExpr } from '../../terraform/index.ts';
import type { ManagedSecret } from './cloudrun-secrets.ts';
import {
  type ContractEnvVar,
  CUSTOM_CERT_DIR,
  secretReference,
  type TerraformValue,
} from './env-contract.ts';
import { REDIS_CA_FILE, REDIS_CA_VOLUME } from './redis.ts';

/** File mode of mounted secrets: 0444. */
const SECRET_FILE_MODE = 0o444;

/** Values the env blocks take from resources of the stack. */
export interface ContainerRefs {
  terraform: Partial<Record<TerraformValue, TfExpr>>;
  /** Secrets the stack created, by secret ID. */
  managedSecrets: ReadonlyMap<string, ManagedSecret>;
}

/** An `env` block of a Cloud Run container. */
export interface EnvBlock {
  name: string;
  value?: string | TfExpr;
  value_source?: { secret_key_ref: { secret: string | TfExpr; version: string | TfExpr }[] }[];
}

/**
 * The container's `env` blocks, one per contract variable, in contract order. Throws when a
 * variable needs a value `refs` lacks (a programming error in the stack).
 */
export function renderEnv(contract: readonly ContractEnvVar[], refs: ContainerRefs): EnvBlock[] {
  return contract.map((v) => renderEnvVar(v, refs));
}

function renderEnvVar({ name, value: v }: ContractEnvVar, refs: ContainerRefs): EnvBlock {
  if (v.kind === 'literal') return { name, value: v.value };
  if (v.kind === 'secret') {
    const secret = v.project ? `projects/${v.project}/secrets/${v.secret}` : v.secret;
    return { name, value_source: [{ secret_key_ref: [{ secret, version: v.version }] }] };
  }
  if (v.kind === 'managedSecret') {
    const m = refs.managedSecrets.get(v.secret);
    if (!m) throw new Error(`env ${name}: secret ${v.secret} was not created`);
    return { name, value_source: [{ secret_key_ref: [{ secret: m.secretId, version: m.versionNumber }] }] };
  }
  const expr = refs.terraform[v.value];
  if (!expr) throw new Error(`env ${name}: no value for ${v.value}`);
  return { name, value: expr };
}

/** A secret volume and where it is mounted. */
export interface SecretVolume {
  volume: {
    name: string;
    secret: {
      secret: string | TfExpr;
      items: { path: string; version: string | TfExpr; mode: number }[];
    }[];
  };
  mount: { name: string; mount_path: string };
}

/**
 * The spec's `secretVolumes` (sorted by name; each mounts the directory of `mountPath` and shows
 * the secret's latest version as its file name, mode 0444), then the Redis CA certificate.
 */
export function secretVolumes(env: EnvironmentSpec, redisCa?: ManagedSecret): SecretVolume[] {
  const out: SecretVolume[] = env.secretVolumes.map((v) => ({
    volume: {
      name: v.name,
      secret: [
        {
          secret: secretReference(v.secret, env.projectID),
          items: [{ path: v.file, version: 'latest', mode: SECRET_FILE_MODE }],
        },
      ],
    },
    mount: { name: v.name, mount_path: v.dir },
  }));
  if (redisCa)
    out.push({
      volume: {
        name: REDIS_CA_VOLUME,
        secret: [
          {
            secret: redisCa.secretId,
            items: [{ path: REDIS_CA_FILE, version: redisCa.versionNumber, mode: SECRET_FILE_MODE }],
          },
        ],
      },
      mount: { name: REDIS_CA_VOLUME, mount_path: CUSTOM_CERT_DIR },
    });
  return out;
}

/**
 * `resources.limits`: CPU as a whole number, memory as written in the spec when it is a plain
 * `<n>Mi`/`<n>Gi` quantity, else in MiB (Cloud Run does not take `1Gi512Mi`).
 */
export function resourceLimits(env: EnvironmentSpec): { cpu: string; memory: string } {
  const m = env.instances.memory;
  return {
    cpu: String(env.instances.cpu),
    memory: /^\d+(Mi|Gi)$/.test(m) ? m : `${Math.ceil(env.instances.memoryMiB)}Mi`,
  };
}

/** The container port, named after the protocol (`h2c` for HTTP/2 cleartext) when one is set. */
export function containerPorts(spec: ServiceSpec): { container_port: number; name?: string }[] {
  return [{ container_port: CONTAINER_PORT, ...(spec.protocol ? { name: spec.protocol } : {}) }];
}

/** A startup or liveness probe. */
interface Probe {
  http_get: { path: string; http_headers?: { name: string; value: TfExpr }[] }[];
  initial_delay_seconds?: number;
  timeout_seconds: number;
  period_seconds: number;
  failure_threshold: number;
}

/**
 * The service's probes, or undefined when the spec has no `healthProbes` or disables
 * `healthzProbes`. As the shared contract says: the startup probe calls the readiness path
 * (`/-/healthz`, dependency checks, with `Authorization: Bearer <diagnostics secret>`), so a
 * revision whose data stores are unreachable never takes traffic; the liveness probe calls the
 * liveness path (`/-/livez`, the process only, no token), so a data store outage does not
 * restart every running instance.
 */
export function healthProbes(
  env: EnvironmentSpec,
  diagnosticsSecret: TfExpr,
): { startup: Probe; liveness: Probe } | undefined {
  const hp = env.healthProbes;
  if (!hp?.healthzProbes) return undefined;
  const httpGet = (probe: { path: string; authenticated: boolean }): Probe['http_get'] => [
    probe.authenticated
      ? {
          path: probe.path,
          http_headers: [{ name: 'Authorization', value: interpolate`Bearer ${diagnosticsSecret}` }],
        }
      : { path: probe.path },
  ];
  return {
    startup: {
      http_get: httpGet(PROBES.startup),
      initial_delay_seconds: 0,
      timeout_seconds: hp.timeout,
      period_seconds: hp.startupInterval,
      failure_threshold: 3,
    },
    liveness: {
      http_get: httpGet(PROBES.liveness),
      timeout_seconds: hp.timeout,
      period_seconds: hp.livenessInterval,
      failure_threshold: 3,
    },
  };
}
