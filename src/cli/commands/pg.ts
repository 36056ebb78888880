/**
 * `msp pg connect <service> <env>`: a PostgreSQL session on the environment's Cloud SQL
 * instance through the Cloud SQL proxy, signed in with IAM as the operator-access account
 * (read-only) or, with `--write-access`, as the workload's own account. Runs `cloud-sql-proxy`
 * when it is installed (printing the `psql` commands to use beside it), or prints everything
 * with `--print`. The instance name is random, so the connection name comes from
 * `--connection-name` or from `gcloud sql instances list`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EnvironmentSpec } from '../../spec/model.ts';
import {
  CLOUD_SQL_PROXY,
  cloudSqlConnectionNameLookup,
  commandLine,
  DEFAULT_PG_PORT,
  type PgConnectPlan,
  pgConnectPlan,
} from '../../urls/commands.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { findExecutable } from './logs.ts';
import { type FleetOptions, findEnvironment, loadFleet } from './ops.ts';

interface PgConnectOptions extends FleetOptions {
  service: string;
  env: string;
  /** Sign in as the workload's account (read-write) instead of operator access (read-only). */
  writeAccess?: boolean;
  /** Local port of the proxy (default 5433). */
  port?: string;
  /** Print the commands instead of running the proxy. */
  print?: boolean;
  /** `<project>:<region>:<instance>`; looked up with gcloud when omitted. */
  connectionName?: string;
}

const CONNECTION_NAME_RE = /^[a-z][a-z0-9:.-]*:[a-z0-9-]+:[a-z0-9-]+$/;
const INSTALL_HINT = 'https://cloud.google.com/sql/docs/postgres/connect-auth-proxy#install';

function parsePort(p: string | undefined): number {
  if (p === undefined) return DEFAULT_PG_PORT;
  const n = Number(p);
  if (!/^\d+$/.test(p) || n < 1 || n > 65535)
    throw new UsageError(`--port "${p}" is not a port number (1-65535)`);
  return n;
}

/** Looks the connection name up with gcloud; a reason when it cannot. */
function lookupConnectionName(env: EnvironmentSpec, io: CliIO): { name?: string; problem?: string } {
  const gcloud = findExecutable('gcloud', io.env);
  if (!gcloud) return { problem: 'gcloud is not on PATH' };
  const [, ...args] = cloudSqlConnectionNameLookup(env);
  const r = spawnSync(gcloud, args, {
    encoding: 'utf8',
    env: io.env as NodeJS.ProcessEnv,
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const names = (r.stdout ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (r.status !== 0) return { problem: `gcloud failed: ${(r.stderr ?? '').trim() || `exit ${r.status}`}` };
  if (names.length !== 1)
    return { problem: `expected one Cloud SQL instance in ${env.projectID}, gcloud listed ${names.length}` };
  return { name: names[0]! };
}

function psqlLines(plan: PgConnectPlan): string[] {
  return plan.psql.map((p) => `  ${commandLine(p.argv)}`);
}

export async function runPgConnect(opts: PgConnectOptions, io: CliIO): Promise<number> {
  const port = parsePort(opts.port);
  if (opts.connectionName !== undefined && !CONNECTION_NAME_RE.test(opts.connectionName))
    throw new UsageError(
      `--connection-name "${opts.connectionName}" must look like <project>:<region>:<instance>`,
    );
  const fleet = loadFleet(io, opts, [opts.service]);
  if (!fleet) return EXIT.INVALID;
  const spec = fleet.specs[0]!;
  const env = findEnvironment(spec, opts.env);
  if (!env.resources.postgreSQL) {
    io.stderr(
      `msp: ${spec.id} has no PostgreSQL in environment ${env.id} (resources.postgreSQL is not set)\n`,
    );
    return EXIT.INVALID;
  }
  const writeAccess = opts.writeAccess ?? false;
  const lookup = opts.connectionName ? { name: opts.connectionName } : lookupConnectionName(env, io);
  // Without a known name, the printed command looks it up itself when run.
  const connectionName = lookup.name ?? '$CONNECTION_NAME';
  const plan = pgConnectPlan(spec, env, { writeAccess, port, connectionName })!;
  const proxyLine = lookup.name
    ? commandLine([CLOUD_SQL_PROXY, ...plan.proxyArgs])
    : `${commandLine([CLOUD_SQL_PROXY, ...plan.proxyArgs.slice(0, -1)])} "$(${commandLine(cloudSqlConnectionNameLookup(env))})"`;

  io.stderr(
    `${writeAccess ? 'Read-write session: signing in as the service itself; proceed with caution.' : 'Read-only session'} (impersonating ${plan.serviceAccount})\n`,
  );
  const printAll = () => {
    io.stdout(
      `# 1. Start the proxy:\n  ${proxyLine}\n# 2. Then, in another terminal:\n${psqlLines(plan).join('\n')}\n`,
    );
  };
  if (opts.print) {
    printAll();
    return EXIT.OK;
  }
  const proxy = findExecutable(CLOUD_SQL_PROXY, io.env);
  if (!proxy) {
    io.stderr(
      `msp: ${CLOUD_SQL_PROXY} is not installed (not found on PATH). Install it (${INSTALL_HINT}), or run these commands yourself:\n`,
    );
    printAll();
    return EXIT.INVALID;
  }
  if (!lookup.name) {
    io.stderr(
      `msp: cannot find the Cloud SQL connection name (${lookup.problem}); pass --connection-name <project>:<region>:<instance>\n`,
    );
    return EXIT.INVALID;
  }
  io.stdout(`Connect with, in another terminal:\n${psqlLines(plan).join('\n')}\n`);
  io.stderr(`Starting ${proxyLine}\n`);
  return runProxy(proxy, plan.proxyArgs, io);
}

/** Runs the proxy until it exits, prefixing its output; Ctrl-C stops the proxy, not msp first. */
function runProxy(bin: string, args: string[], io: CliIO): Promise<number> {
  return new Promise((done) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: io.env as NodeJS.ProcessEnv });
    const ignoreInterrupt = () => {};
    process.on('SIGINT', ignoreInterrupt);
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on('line', (l) => io.stderr(`[cloud-sql-proxy] ${l}\n`));
    child.on('error', (e) => {
      process.off('SIGINT', ignoreInterrupt);
      io.stderr(`msp: could not start ${bin}: ${e.message}\n`);
      done(EXIT.INVALID);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignoreInterrupt);
      if (code === 0 || signal === 'SIGINT' || signal === 'SIGTERM') done(EXIT.OK);
      else {
        io.stderr(
          `msp: ${CLOUD_SQL_PROXY} exited with ${code ?? signal}; if the port is in use, pick another with --port\n`,
        );
        done(EXIT.INVALID);
      }
    });
  });
}
