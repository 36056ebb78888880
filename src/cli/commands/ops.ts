/**
 * `msp ops <service>`: regenerates `services/<id>/docs/` (the operations page) or, with
 * `--print`, prints the page. Also holds what the docs and operator commands share: loading one
 * service (or the whole fleet) with clear errors, and the fleet repository's git revision.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.ts';
import { runNotes } from '../../diagnostics/render.ts';
import { buildServiceDocs } from '../../docs/service-page.ts';
import { scanServices } from '../../io/discover.ts';
import { loadSpec } from '../../io/load.ts';
import { staleServiceDocs, writeServiceDocs } from '../../io/service-docs.ts';
import { hasLeftovers, leftoverDiagnostic, recoverInterrupted } from '../../io/write-service.ts';
import type { PlatformConfig } from '../../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../../spec/model.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { takeFleetLock } from '../lock.ts';
import { printDiagnostics } from '../output.ts';

/** Options every fleet command takes. */
export interface FleetOptions {
  root?: string;
  platform?: string;
}

interface OpsOptions extends FleetOptions {
  service: string;
  /** Print the page instead of writing it. */
  print?: boolean;
  /** Exit 1 when the committed page differs from a fresh one; write nothing. */
  check?: boolean;
  /** Revision for the generation note; `auto` reads `git rev-parse HEAD`. */
  revision?: string;
}

/** A loaded fleet: its root, the platform config and the specs asked for. */
interface LoadedFleet {
  root: string;
  platform: PlatformConfig;
  specs: ServiceSpec[];
}

/** A service folder whose spec could not be loaded, with its error diagnostics. */
export interface BrokenSpec {
  id: string;
  diagnostics: Diagnostic[];
}

/**
 * Loads the given services (all of them when `ids` is undefined). Prints diagnostics; returns
 * undefined when the platform config or any spec has errors. Unknown services are usage errors
 * that list the services there are. With `onBroken`, a spec with errors (or a service folder
 * that cannot be read) is handed to it instead and the others still load: the HTML catalog
 * shows such services as broken cards.
 */
export function loadFleet(
  io: CliIO,
  opts: FleetOptions,
  ids?: readonly string[],
  onBroken?: (broken: BrokenSpec) => void,
): LoadedFleet | undefined {
  const ctx = resolveFleet(io, opts, true);
  const root = ctx.fleet!.root;
  if (!ctx.platform || hasErrors(ctx.diagnostics)) {
    printDiagnostics(io, ctx.diagnostics, {});
    return undefined;
  }
  const scan = scanServices(root);
  let brokenCount = 0;
  const available = scan.ids;
  if (ids === undefined && scan.problems.length > 0) {
    printDiagnostics(io, scan.problems, {});
    const folderOf = (d: Diagnostic): string | undefined => /^services\/([^/]+)/.exec(d.file ?? '')?.[1];
    const errors = scan.problems.filter((d) => d.severity === 'error');
    if (onBroken && errors.every((d) => folderOf(d) !== undefined)) {
      const byFolder = new Map<string, Diagnostic[]>();
      for (const d of errors) byFolder.set(folderOf(d)!, [...(byFolder.get(folderOf(d)!) ?? []), d]);
      for (const [id, diagnostics] of byFolder) {
        brokenCount++;
        onBroken({ id, diagnostics });
      }
    } else if (hasErrors(scan.problems)) {
      io.stderr('msp: fix the errors above first (msp validate --all)\n');
      return undefined;
    }
  }
  const wanted = ids ?? available;
  if (wanted.length === 0 && brokenCount === 0)
    throw new UsageError(`no services found under ${join(root, 'services')}`);
  for (const id of wanted)
    if (!available.includes(id))
      throw new UsageError(
        `service "${id}" does not exist; available services: ${available.join(', ') || 'none'}`,
      );
  const specs: ServiceSpec[] = [];
  const notes = new Set<string>();
  let failed = false;
  for (const id of wanted) {
    const loaded = loadSpec(join(root, 'services', id, 'service.yaml'), ctx.platform, io.cwd);
    if (loaded.diagnostics.length > 0) printDiagnostics(io, loaded.diagnostics, loaded.sources);
    for (const n of runNotes(loaded.diagnostics)) notes.add(n);
    if (loaded.value && !hasErrors(loaded.diagnostics)) specs.push(loaded.value);
    else if (onBroken) {
      brokenCount++;
      onBroken({ id, diagnostics: loaded.diagnostics.filter((d) => d.severity === 'error') });
    } else failed = true;
  }
  if (brokenCount > 0) for (const n of notes) io.stderr(`${n}\n`);
  if (failed) {
    for (const n of notes) io.stderr(`${n}\n`);
    io.stderr('msp: fix the errors above first (msp validate --all)\n');
    return undefined;
  }
  return { root, platform: ctx.platform, specs };
}

/** The environment `envId` of `spec`, or a usage error listing its environments. */
export function findEnvironment(spec: ServiceSpec, envId: string): EnvironmentSpec {
  const env = spec.environments.find((e) => e.id === envId);
  if (!env)
    throw new UsageError(
      `service "${spec.id}" has no environment "${envId}"; its environments: ${spec.environments.map((e) => e.id).join(', ')}`,
    );
  return env;
}

/**
 * The fleet repository's revision (`git rev-parse HEAD` in the fleet root, ignoring system and
 * global git config), or undefined when git or the repository is missing.
 */
function gitRevision(root: string, io: CliIO): string | undefined {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...io.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const rev = r.status === 0 ? r.stdout.trim() : '';
  return /^[0-9a-f]{7,64}$/.test(rev) ? rev : undefined;
}

/** `--revision`: a given revision, `auto` for git's, or none. */
export function resolveRevision(opt: string | undefined, root: string, io: CliIO): string | undefined {
  if (opt === undefined || opt === '') return undefined;
  if (opt === 'auto') return gitRevision(root, io);
  if (!/^[0-9A-Za-z._/-]{1,100}$/.test(opt))
    throw new UsageError(`--revision "${opt}" is not a git revision`);
  return opt;
}

/**
 * `msp ops <service>`: writes the service's operations page (atomically replacing
 * `services/<id>/docs/`), prints it with `--print` (with git's revision unless `--revision`
 * says otherwise), or checks it with `--check`.
 */
export async function runOps(opts: OpsOptions, io: CliIO): Promise<number> {
  if (opts.print && opts.check) throw new UsageError('--print and --check cannot be combined');
  const fleet = loadFleet(io, opts, [opts.service]);
  if (!fleet) return EXIT.INVALID;
  const spec = fleet.specs[0]!;
  const revision = resolveRevision(opts.revision ?? (opts.print ? 'auto' : undefined), fleet.root, io);
  const files = buildServiceDocs(spec, fleet.platform, revision ? { revision } : {});
  if (opts.print) {
    for (const f of files) io.stdout(f.content);
    return EXIT.OK;
  }
  const locked = takeFleetLock(
    io,
    fleet.root,
    `msp ops ${spec.id}${opts.check ? ' --check' : ''}`,
    opts.check ? 'read' : 'write',
  );
  if ('exit' in locked) return locked.exit;
  try {
    const problem = recoverService(io, fleet.root, spec.id, locked.canRecover);
    if (problem !== undefined) return problem;
    return opsLocked(opts, io, fleet.root, spec.id, files);
  } finally {
    locked.lock?.release();
  }
}

/**
 * Finishes or undoes an interrupted write of a service's generated folders before reading or
 * writing them (the caller holds the fleet lock). Returns an exit code when it cannot.
 */
export function recoverService(io: CliIO, root: string, id: string, canRecover: boolean): number | undefined {
  const dir = join(root, 'services', id);
  if (!hasLeftovers(dir)) return undefined;
  if (!canRecover) {
    io.stderr(
      `msp: services/${id} holds an interrupted msp write that this read-only checkout cannot finish; run msp generate ${id} with write access\n`,
    );
    return EXIT.INVALID;
  }
  printDiagnostics(
    io,
    recoverInterrupted(dir).map((l) => leftoverDiagnostic(root, l)),
    {},
  );
  return undefined;
}

function opsLocked(
  opts: OpsOptions,
  io: CliIO,
  root: string,
  id: string,
  files: ReturnType<typeof buildServiceDocs>,
): number {
  if (opts.check) {
    const stale = staleServiceDocs(root, id, files);
    for (const p of stale) io.stdout(`stale ${p}\n`);
    if (stale.length === 0) return EXIT.OK;
    io.stderr(`Operations docs are stale: run \`msp ops ${id}\` and commit the result.\n`);
    return EXIT.INVALID;
  }
  const stale = writeServiceDocs(root, id, files);
  for (const f of files) io.stdout(`${stale.includes(f.path) ? 'wrote' : 'unchanged'} ${f.path}\n`);
  return EXIT.OK;
}
