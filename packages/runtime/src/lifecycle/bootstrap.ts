import type { DestinationStream, Logger } from 'pino';
import {
  type Contract,
  type ContractError,
  type ContractOptions,
  parseContract,
} from '../contract/contract.ts';
import type { EnvVariableInfo } from '../contract/env-reader.ts';
import { createLogger } from '../observability/logger.ts';
import { type StartTelemetryOptions, startTelemetry, type Telemetry } from '../observability/telemetry.ts';

/** Identity of a service or job, reported in logs, traces and `/-/version`. */
export interface Identity {
  /** Service ID, e.g. `acme-api`. */
  name: string;
  /** Free-form version, e.g. a git SHA or image tag. */
  version: string;
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

/** Logs an invalid environment as one CRITICAL line listing every problem. */
export function logContractError(id: Identity, err: ContractError, destination?: DestinationStream): void {
  const logger = createLogger({
    service: id.name,
    version: id.version,
    ...(destination ? { destination } : {}),
  });
  logger.fatal({ problems: err.problems }, err.message);
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
