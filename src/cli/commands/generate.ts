import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import { runNotes } from '../../diagnostics/render.ts';
import { runPool, workerCount } from '../../fleet/pool.ts';
import type { StagedEnvironment } from '../../generate/staged.ts';
import { scanServices } from '../../io/discover.ts';
import { fleetSchemaState } from '../../io/fleet-schema.ts';
import { generatePlatformOnDisk } from '../../io/generate-platform.ts';
import type { Outcome } from '../../io/generate-service.ts';
import { loadSpec } from '../../io/load.ts';
import { PLATFORM_OUTPUT_DIR } from '../../naming/platform-names.ts';
import { CATEGORIES, type Category, type PlatformConfig } from '../../platform/model.ts';
import { placeholdersForGenerate } from '../../platform/placeholders.ts';
import { type FleetService, fleetServiceOf } from '../../platform-stack/model.ts';
import { resolveFleet } from '../context.ts';
import {
  renderInternalError,
  renderReport,
  renderStagedReport,
  reportDiagnostics,
} from '../generate-report.ts';
import { type CliIO, EXIT, UsageError, useColor } from '../io.ts';
import { takeFleetLock } from '../lock.ts';
import { printDiagnostics } from '../output.ts';
import { VERSION } from '../version.ts';
import { fleetIndexState } from './docs.ts';

interface GenerateOptions {
  service?: string;
  env?: string;
  all?: boolean;
  check?: boolean;
  dryRun?: boolean;
  force?: boolean;
  /** Only environments of these categories (staged upgrades). */
  category?: string[];
  allowPlaceholders?: boolean;
  root?: string;
  platform?: string;
}

/**
 * `msp generate <service> [env] | --all`: writes services/<id>/terraform/ atomically per service,
 * spread over worker threads for large fleets. `--check` regenerates in memory and prints a diff
 * of stale files (exit 1); `--dry-run` lists what would change. A service with spec or
 * schema-check errors is not written; the others still are. Placeholders (built-in values,
 * `TODO`s) are refused unless `--allow-placeholders` or `allowPlaceholders: true`.
 */
export async function runGenerate(opts: GenerateOptions, io: CliIO): Promise<number> {
  if (opts.all && opts.service) throw new UsageError('give a service or --all, not both');
  if (!opts.all && !opts.service) throw new UsageError('nothing to generate: give a service id or --all');
  if (opts.all && opts.env) throw new UsageError('an environment can only be given with a service');
  if (opts.check && opts.dryRun) throw new UsageError('--check and --dry-run cannot be combined');
  const categories = parseCategories(opts.category);
  if (categories && opts.env) throw new UsageError('give an environment or --category, not both');
  const ctx = resolveFleet(io, opts, true);
  const root = ctx.fleet!.root;
  if (!ctx.platform) {
    printDiagnostics(io, ctx.diagnostics, {});
    return EXIT.INVALID;
  }
  // No placeholder reaches real Terraform unless the user says so (docs/platform-config.md).
  const platform = opts.allowPlaceholders ? { ...ctx.platform, allowPlaceholders: true } : ctx.platform;
  const refused = placeholdersForGenerate(platform.placeholders, platform.allowPlaceholders);
  if (hasErrors(refused)) {
    printDiagnostics(io, refused, {});
    io.stderr('Nothing generated: the platform config still has placeholders (listed above).\n');
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
    const platformFile = opts.platform ? resolve(io.cwd, opts.platform) : ctx.fleet?.platformFile;
    const platformSource = platformFile
      ? relative(root, platformFile).split(sep).join('/')
      : 'built-in defaults';
    const code = await generateLocked(opts, io, root, ids, platformText, platform, locked.canRecover, {
      ...(categories ? { categories } : {}),
      platformSource,
      // The platform output lists every service: with a folder unread it would drop that one's projects.
      writePlatform: opts.all === true && !categories && !unreadable,
    });
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
  staging: { categories?: Category[]; platformSource: string; writePlatform: boolean },
): Promise<number> {
  const { categories } = staging;
  const counts: Record<Outcome, number> = {
    generated: 0,
    unchanged: 0,
    stale: 0,
    failed: 0,
    'would-change': 0,
  };
  const summaries = new Map<string, FleetService>();
  const staged: StagedEnvironment[] = [];
  const progress = io.isTTY && ids.length >= 20;
  const notes = new Set<string>();
  const renderOpts = { color: useColor(io), verbose: !!io.verbose };
  await runPool(
    'generate',
    ids,
    {
      root,
      cwd: io.cwd,
      ...(opts.env ? { env: opts.env } : {}),
      ...(categories ? { categories } : {}),
      platformOutput: opts.all ? 'inputs' : 'disk',
      check: !!opts.check,
      dryRun: !!opts.dryRun,
      force: !!opts.force,
      ...(platformText !== undefined ? { platformText } : {}),
      toolVersion: VERSION,
      recover: canRecover,
    },
    platform,
    {
      workers: workerCount(ids.length, io.env),
      onResult: (r, done, total) => {
        if (progress) io.stderr('\r\x1b[K');
        if (r.internalError) io.stderr(renderInternalError(r.id, r.internalError, !!io.env.MSP_DEBUG));
        const text = renderReport(r.report, renderOpts);
        if (text.stdout) io.stdout(text.stdout);
        if (text.stderr) io.stderr(text.stderr);
        for (const n of runNotes(reportDiagnostics(r.report))) notes.add(n);
        counts[r.outcome]++;
        if (r.summary) summaries.set(r.id, r.summary);
        if (r.staged) staged.push(...r.staged);
        if (progress && done < total) io.stderr(`generating ${done}/${total} services…`);
      },
    },
  );
  for (const n of notes) io.stderr(`${n}\n`);
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  if (categories && opts.check) io.stdout(renderStagedReport(staged, categories));
  // The fleet index lists every service, so `generate --all` keeps it current too (then
  // `msp docs --check` passes right after).
  let indexStale = false;
  if (staging.writePlatform && counts.failed === 0) {
    const index = fleetIndexState(root, ids, platform, io.cwd);
    if (index?.stale) {
      indexStale = true;
      if (opts.check) io.stdout(`stale ${index.path} (run msp generate --all or msp docs)\n`);
      else if (opts.dryRun) io.stdout(`${'changed'.padEnd(8)} ${index.path}\n`);
      else {
        index.write();
        parts.push('fleet index updated');
      }
    }
  }
  const schemaStale = fleetSchemaOnRun(opts, io, root, platform, staging.writePlatform, parts);
  io.stdout(`${ids.length} service${ids.length === 1 ? '' : 's'}: ${parts.join(', ')}\n`);
  // The platform output is fleet-wide: written by a whole-fleet run, never by a partial one.
  let platformOutcome: Outcome | undefined;
  if (staging.writePlatform) {
    if (counts.failed > 0) {
      io.stderr(
        `${PLATFORM_OUTPUT_DIR}: not written: ${counts.failed} service${counts.failed === 1 ? '' : 's'} failed, and the platform output needs every service\n`,
      );
      platformOutcome = 'failed';
    } else {
      const r = generatePlatformOnDisk({
        root,
        platform,
        ...(platformText !== undefined ? { platformText } : {}),
        source: staging.platformSource,
        services: ids.map((id) => summaries.get(id) ?? summaryFromSpec(root, id, platform, io.cwd)),
        toolVersion: VERSION,
        check: !!opts.check,
        dryRun: !!opts.dryRun,
        force: !!opts.force,
      });
      const text = renderReport(r.report, renderOpts);
      if (text.stdout) io.stdout(text.stdout);
      if (text.stderr) io.stderr(text.stderr);
      platformOutcome = r.outcome;
      io.stdout(`platform: ${r.outcome}\n`);
    }
  }
  if (counts.failed > 0 || platformOutcome === 'failed') return EXIT.INVALID;
  if (opts.check && platformOutcome === 'stale') {
    io.stderr('The platform output is stale: run `msp generate --all` and commit the result.\n');
    return EXIT.INVALID;
  }
  if (opts.check && (counts.stale > 0 || indexStale || schemaStale)) {
    io.stderr('Generated files are stale: run `msp generate` and commit the result.\n');
    return EXIT.INVALID;
  }
  return EXIT.OK;
}

/**
 * The fleet's schema files (docs/fleet-schema.md) follow platform.yaml: a whole-fleet run
 * refreshes them (reports them with `--check`, lists them with `--dry-run`). True when stale.
 */
function fleetSchemaOnRun(
  opts: GenerateOptions,
  io: CliIO,
  root: string,
  platform: PlatformConfig,
  wholeFleet: boolean,
  parts: string[],
): boolean {
  if (!wholeFleet) return false;
  const state = fleetSchemaState(root, platform);
  if (state.stale.length === 0) return false;
  for (const p of state.stale)
    if (opts.check) io.stdout(`stale ${p} (run msp generate --all or msp schema --write)\n`);
    else if (opts.dryRun) io.stdout(`${'changed'.padEnd(8)} ${p}\n`);
  if (!opts.check && !opts.dryRun) {
    state.write();
    parts.push('fleet schema updated');
  }
  return true;
}

/** `--category` values (repeatable, or comma-separated), checked; undefined when not given. */
function parseCategories(given: string[] | undefined): Category[] | undefined {
  if (!given || given.length === 0) return undefined;
  const out: Category[] = [];
  for (const c of given.flatMap((g) => g.split(',')).map((g) => g.trim())) {
    if (!(CATEGORIES as readonly string[]).includes(c))
      throw new UsageError(`unknown category "${c}" (expected ${CATEGORIES.join(', ')})`);
    if (!out.includes(c as Category)) out.push(c as Category);
  }
  return CATEGORIES.filter((c) => out.includes(c));
}

/** A service's summary from its spec, for a skipped service whose manifest predates summaries. */
function summaryFromSpec(root: string, id: string, platform: PlatformConfig, cwd: string): FleetService {
  const spec = loadSpec(join(root, 'services', id, 'service.yaml'), platform, cwd).value;
  if (!spec) throw new Error(`service ${id} was generated but its spec no longer loads`);
  return fleetServiceOf(spec);
}
