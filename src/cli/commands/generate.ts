import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import { scanServices } from '../../fleet/discover.ts';
import { runPool, workerCount } from '../../fleet/pool.ts';
import type { Outcome } from '../../generate/on-disk.ts';
import type { PlatformConfig } from '../../platform/model.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { takeFleetLock } from '../lock.ts';
import { printDiagnostics } from '../output.ts';
import { VERSION } from '../version.ts';

export interface GenerateOptions {
  service?: string;
  env?: string;
  all?: boolean;
  check?: boolean;
  dryRun?: boolean;
  force?: boolean;
  root?: string;
  platform?: string;
}

/**
 * `msp generate <service> [env] | --all`: writes services/<id>/terraform/ atomically per service,
 * spread over worker threads for large fleets. `--check` regenerates in memory and prints a diff
 * of stale files (exit 1); `--dry-run` lists what would change. A service with spec or
 * schema-check errors is not written; the others still are.
 */
export async function runGenerate(opts: GenerateOptions, io: CliIO): Promise<number> {
  if (opts.all && opts.service) throw new UsageError('give a service or --all, not both');
  if (!opts.all && !opts.service) throw new UsageError('nothing to generate: give a service id or --all');
  if (opts.all && opts.env) throw new UsageError('an environment can only be given with a service');
  if (opts.check && opts.dryRun) throw new UsageError('--check and --dry-run cannot be combined');
  const ctx = resolveFleet(io, opts, true);
  const root = ctx.fleet!.root;
  if (!ctx.platform) {
    printDiagnostics(io, ctx.diagnostics, {});
    return EXIT.INVALID;
  }
  const platformText = ctx.platformText;
  const scan = opts.all ? scanServices(root) : { ids: [opts.service!], problems: [] };
  const ids = scan.ids;
  if (ids.length === 0 && scan.problems.length === 0)
    throw new UsageError(`no services found under ${join(root, 'services')}`);
  // Service folders that could not be read are reported, and make the run fail (exit 1).
  printDiagnostics(io, scan.problems, {});
  const unreadable = hasErrors(scan.problems);
  for (const id of ids)
    if (!existsSync(join(root, 'services', id, 'service.yaml')))
      throw new UsageError(
        `service "${id}" not found (${relative(io.cwd, join(root, 'services', id, 'service.yaml'))} does not exist)`,
      );

  const writes = !opts.check && !opts.dryRun;
  const command = `msp generate ${opts.all ? '--all' : opts.service}${opts.check ? ' --check' : opts.dryRun ? ' --dry-run' : ''}`;
  const locked = takeFleetLock(io, root, command, writes ? 'write' : 'read');
  if ('exit' in locked) return locked.exit;
  try {
    const code = await generateLocked(opts, io, root, ids, platformText, ctx.platform, locked.canRecover);
    if (unreadable) {
      io.stderr('msp: some service folders could not be read (see above); the others were processed\n');
      return EXIT.INVALID;
    }
    return code;
  } finally {
    locked.lock?.release();
  }
}

async function generateLocked(
  opts: GenerateOptions,
  io: CliIO,
  root: string,
  ids: string[],
  platformText: string | undefined,
  platform: PlatformConfig,
  canRecover: boolean,
): Promise<number> {
  const counts: Record<Outcome, number> = {
    generated: 0,
    unchanged: 0,
    stale: 0,
    failed: 0,
    'would-change': 0,
  };
  const progress = io.isTTY && ids.length >= 20;
  await runPool(
    'generate',
    ids,
    {
      root,
      cwd: io.cwd,
      ...(opts.env ? { env: opts.env } : {}),
      check: !!opts.check,
      dryRun: !!opts.dryRun,
      force: !!opts.force,
      ...(platformText !== undefined ? { platformText } : {}),
      toolVersion: VERSION,
      recover: canRecover,
      color: io.isTTY && !io.env.NO_COLOR,
      failBeforeSwap: io.env.MSP_TEST_FAIL_BEFORE_SWAP === '1',
    },
    platform,
    {
      workers: workerCount(ids.length, io.env),
      onResult: (r, done, total) => {
        if (progress) io.stderr('\r\x1b[K');
        if (r.stdout) io.stdout(r.stdout);
        if (r.stderr) io.stderr(r.stderr);
        counts[r.outcome]++;
        if (progress && done < total) io.stderr(`generating ${done}/${total} services…`);
      },
    },
  );
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  io.stdout(`${ids.length} service${ids.length === 1 ? '' : 's'}: ${parts.join(', ')}\n`);
  if (counts.failed > 0) return EXIT.INVALID;
  if (opts.check && counts.stale > 0) {
    io.stderr('Generated files are stale: run `msp generate` and commit the result.\n');
    return EXIT.INVALID;
  }
  return EXIT.OK;
}
