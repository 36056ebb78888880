import type { DestinationStream, Logger } from 'pino';
import {
  type Contract,
  type ContractError,
  type ContractOptions,
  type ContractResult,
  parseContract,
  type RuntimeKind,
} from '../contract/contract.ts';
import type { EnvReader, EnvVariableInfo } from '../contract/env-reader.ts';
import { createLogger } from '../observability/logger.ts';
import { type StartTelemetryOptions, startTelemetry, type Telemetry } from '../observability/telemetry.ts';

/** Identity of a service or job, reported in logs, traces and `/-/version`. */
export interface Identity {
  /** Service ID, e.g. `acme-api`. */
  name: string;
  /** Free-form version, e.g. a git SHA or image tag. */
  version: string;
}

/** What a service or job definition brings to the contract: its identity and its own variables. */
export interface Definition<C> extends Identity {
  /** Reads its own variables; their problems are reported together with the contract's. */
  config?: (env: EnvReader) => C;
}

/** The contract options of a service or job: its kind and, when it has any, its own variables. */
function contractOptions<C>(kind: RuntimeKind, def: Definition<C>): ContractOptions<C> {
  return { kind, ...(def.config ? { config: def.config } : {}) };
}

/** Reads the contract (the platform's variables and the definition's own) from `env`. */
export function readContract<C>(
  kind: RuntimeKind,
  def: Definition<C>,
  env: Readonly<Record<string, string | undefined>>,
): ContractResult<C> {
  return parseContract(env, contractOptions(kind, def));
}

/**
 * The `--help` text: name, version and every variable read, with its description and default
 * or `(required)`.
 */
export function formatHelp(id: Identity, variables: readonly EnvVariableInfo[]): string {
  const lines = [`SERVICE: ${id.name}`, `VERSION: ${id.version}`, 'CONFIGURATION OPTIONS:'];
  for (const v of variables) {
    const tail = v.required
      ? '(required)'
      : v.defaultValue === undefined
        ? '(optional)'
        : `(default: ${JSON.stringify(v.defaultValue)})`;
    lines.push(`  ${v.name}${v.description === undefined ? '' : `: ${v.description}`} ${tail}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Handles the fast exits shared by services and jobs, before anything starts:
 * `--help`/`-help` prints {@link formatHelp}; `SANITY_CHECK=true` prints `{"name","version"}`
 * (the image smoke test).
 *
 * @returns `true` when the process should now exit 0.
 */
export function handleFastExit<C>(
  id: Identity,
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
  opts: ContractOptions<C>,
  out: { stdout: (s: string) => void; stderr: (s: string) => void },
): boolean {
  if (argv.includes('--help') || argv.includes('-help') || argv.includes('-h')) {
    out.stdout(formatHelp(id, parseContract(env, opts).variables));
    return true;
  }
  if (/^(1|t|true|yes|on)$/i.test(env.SANITY_CHECK ?? '')) {
    out.stdout(`${JSON.stringify({ name: id.name, version: id.version })}\n`);
    out.stderr('sanity check passed\n');
    return true;
  }
  return false;
}

/**
 * The fast exits of an entry point (`runService`, `runJob`), on the process's own argv, env and
 * streams: exits 0 after `--help` or `SANITY_CHECK` ({@link handleFastExit}), else returns.
 */
export function exitIfFastExit<C>(
  kind: RuntimeKind,
  def: Definition<C>,
  opts: { env?: Readonly<Record<string, string | undefined>>; argv?: readonly string[] },
): void {
  const out = {
    stdout: (s: string) => process.stdout.write(s),
    stderr: (s: string) => process.stderr.write(s),
  };
  const argv = opts.argv ?? process.argv.slice(2);
  if (handleFastExit(def, opts.env ?? process.env, argv, contractOptions(kind, def), out)) process.exit(0);
}

/**
 * Calls `onSignal` on SIGTERM and SIGINT (Cloud Run's stop, Ctrl-C). Touches the process: only
 * the entry points call it.
 */
export function onStopSignals(onSignal: (signal: NodeJS.Signals) => void): void {
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** The logger used before the contract is read (no level or project from it yet). */
export function bootLogger(id: Identity, destination?: DestinationStream): Logger {
  return createLogger({ service: id.name, version: id.version, ...(destination ? { destination } : {}) });
}

/** Logs an invalid environment as one CRITICAL line listing every problem. */
export function logContractError(id: Identity, err: ContractError, destination?: DestinationStream): void {
  bootLogger(id, destination).fatal({ problems: err.problems }, err.message);
}

/**
 * Sends Node's process warnings (deprecations and the like, which Node prints as plain text on
 * stderr) to the JSON log instead, so production output is JSON only. Touches the process: only
 * the entry points (`runService`, `runJob`) call it, and only when `MSP=true`.
 */
export function routeProcessWarnings(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (w: Error) => {
    logger.warn(
      { warning: { name: w.name, message: w.message, stack: w.stack } },
      `process warning: ${w.message}`,
    );
  });
}

/**
 * The logger and telemetry of a service or job, both from the contract: logs name the project
 * traces are written to, so a log line's trace field links to its spans.
 */
export async function startObservability(
  contract: Contract,
  id: Identity,
  opts: { logDestination?: DestinationStream | undefined } & StartTelemetryOptions,
): Promise<{ logger: Logger; telemetry: Telemetry }> {
  const logger = createLogger({
    service: id.name,
    version: id.version,
    level: contract.logLevel,
    projectId: contract.telemetry.gcpProjectId,
    ...(opts.logDestination ? { destination: opts.logDestination } : {}),
  });
  const telemetry = await startTelemetry(contract, id, {
    logger,
    ...(opts.spanExporter ? { spanExporter: opts.spanExporter } : {}),
    ...(opts.metricReader ? { metricReader: opts.metricReader } : {}),
  });
  return { logger, telemetry };
}
