/**
 * `msp resolve-images [service...] | --all [--check] [--verify] [--timeout <seconds>]`: resolves
 * the tag of every `deploy.type: subscription` environment to its manifest digest through the
 * registry API and writes `services/<id>/images.lock.yaml`, which `msp generate` pins into the
 * cloudrun stack (docs/images.md). Nothing is written unless every tag resolved; lock files are
 * written atomically and only when they change; what moved is printed per environment.
 * `--check` writes nothing and exits 1 when a lock file is behind (a tag moved), for a
 * scheduled CI job.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.ts';
import { runNotes } from '../../diagnostics/render.ts';
import { credentialsFrom } from '../../images/auth.ts';
import { diffImageLocks, type ImageLock, renderImageLock, renderLockChange } from '../../images/lock.ts';
import {
  failureDiagnostics,
  type ImageService,
  lockForService,
  planResolutions,
  resolveAll,
} from '../../images/plan.ts';
import { DEFAULT_TIMEOUT_MS, type HttpTransport, type ResolvedDigest } from '../../images/resolve.ts';
import { scanServices } from '../../io/discover.ts';
import { readImageLock, writeImageLock } from '../../io/image-lock.ts';
import { loadSpec, locateInFiles } from '../../io/load.ts';
import { readCredentialSources } from '../../io/registry-credentials.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { takeFleetLock } from '../lock.ts';
import { printDiagnostics } from '../output.ts';

interface ResolveImagesOptions {
  services?: string[];
  all?: boolean;
  /** Write nothing; exit 1 when a lock file would change. */
  check?: boolean;
  /** Always fetch the manifest and check its digest by hashing it. */
  verify?: boolean;
  /** Bound of each registry request, in seconds (default 30). */
  timeout?: string;
  root?: string;
  platform?: string;
}

/** The longest `--timeout` accepted, in seconds. */
const MAX_TIMEOUT_S = 600;

/**
 * Runs the command. `transport` is the HTTP layer (default: the global `fetch`); tests pass a
 * fake one. Exit 0 done / up to date, 1 a tag could not be resolved, an input is invalid or
 * (with `--check`) a lock file is behind, 2 usage error.
 */
export async function runResolveImages(
  opts: ResolveImagesOptions,
  io: CliIO,
  transport: HttpTransport = (url, init) => fetch(url, init),
): Promise<number> {
  const named = opts.services ?? [];
  if (opts.all && named.length > 0) throw new UsageError('give service ids or --all, not both');
  if (!opts.all && named.length === 0) throw new UsageError('nothing to resolve: give service ids or --all');
  const timeoutMs = parseTimeout(opts.timeout);
  const ctx = resolveFleet(io, opts, true);
  const root = ctx.fleet!.root;
  if (!ctx.platform || hasErrors(ctx.diagnostics)) {
    printDiagnostics(io, ctx.diagnostics, {});
    return EXIT.INVALID;
  }
  const scan = opts.all ? scanServices(root) : { ids: named, problems: [] };
  printDiagnostics(io, scan.problems, {});
  for (const id of scan.ids)
    if (!existsSync(join(root, 'services', id, 'service.yaml')))
      throw new UsageError(
        `service "${id}" not found (${relative(io.cwd, join(root, 'services', id, 'service.yaml'))} does not exist)`,
      );

  // Every spec is read first, so all problems are reported together and nothing is resolved for
  // a fleet that cannot be generated anyway.
  const services: (ImageService & { dir: string })[] = [];
  const sources: Record<string, string | undefined> = {};
  let invalid = hasErrors(scan.problems);
  const notes = new Set<string>();
  for (const id of scan.ids) {
    const dir = join(root, 'services', id);
    const loaded = loadSpec(join(dir, 'service.yaml'), ctx.platform, io.cwd);
    Object.assign(sources, loaded.sources);
    if (loaded.diagnostics.length > 0) printDiagnostics(io, loaded.diagnostics, loaded.sources);
    for (const n of runNotes(loaded.diagnostics)) notes.add(n);
    if (!loaded.value || hasErrors(loaded.diagnostics)) invalid = true;
    else services.push({ spec: loaded.value, specFile: loaded.shownPath, dir });
  }
  const plan = planResolutions(services);
  report(io, plan.diagnostics, sources);
  if (invalid || hasErrors(plan.diagnostics)) {
    for (const n of notes) io.stderr(`${n}\n`);
    io.stderr('msp: nothing resolved and no lock file changed: fix the errors above first\n');
    return EXIT.INVALID;
  }
  const followers = services.filter((s) => s.spec.environments.some((e) => e.deploy.type === 'subscription'));
  for (const id of named)
    if (!followers.some((s) => s.spec.id === id))
      io.stderr(
        `msp: services/${id} has no environment with \`deploy.type: subscription\`; nothing to resolve\n`,
      );

  const creds = readCredentialSources(io.env, io.cwd);
  for (const p of creds.problems) io.stderr(`msp: warning: ${p}\n`);
  const results = await resolveAll(plan.resolutions, {
    transport,
    credentials: credentialsFrom(creds.sources),
    timeoutMs,
    verify: opts.verify === true,
    tokens: new Map(),
  });
  const failures: Diagnostic[] = [];
  const resolved = new Map<string, ResolvedDigest>();
  for (const r of plan.resolutions) {
    const res = results.get(r.key)!;
    if ('failure' in res) failures.push(...failureDiagnostics(r, res.failure));
    else resolved.set(r.key, res.value);
  }
  if (failures.length > 0) {
    report(io, failures, sources);
    const bad = plan.resolutions.length - resolved.size;
    io.stderr(
      `msp: nothing written: ${bad} of ${plan.resolutions.length} tag${plan.resolutions.length === 1 ? '' : 's'} could not be resolved (see above); every lock file is unchanged\n`,
    );
    return EXIT.INVALID;
  }

  // Lock files are compared and written under the fleet lock, so a concurrent generate never
  // reads one half-way through a run.
  const locked = takeFleetLock(
    io,
    root,
    `msp resolve-images${opts.check ? ' --check' : ''}`,
    opts.check ? 'read' : 'write',
  );
  if ('exit' in locked) return locked.exit;
  try {
    return writeLocks(opts, io, services, resolved, sources);
  } finally {
    locked.lock?.release();
  }
}

function writeLocks(
  opts: ResolveImagesOptions,
  io: CliIO,
  services: readonly (ImageService & { dir: string })[],
  resolved: ReadonlyMap<string, ResolvedDigest>,
  sources: Record<string, string | undefined>,
): number {
  const writes: { dir: string; text: string; shown: string }[] = [];
  let moved = 0;
  let same = 0;
  for (const s of services) {
    const old = readImageLock(s.dir, io.cwd);
    const next: ImageLock = lockForService(s.spec, resolved);
    const follows = Object.keys(next.environments).length > 0;
    // A service that never followed a tag gets no lock file.
    if (!follows && !old.exists) continue;
    if (old.text !== undefined) sources[old.shown] = old.text;
    if (old.exists && !old.lock) {
      // A broken lock file is replaced (it is generated); say what was wrong with it.
      report(io, old.diagnostics, sources, 'warning');
    }
    const text = renderImageLock(next);
    for (const c of diffImageLocks(old.lock, next)) {
      if (c.kind === 'unchanged') same++;
      else {
        moved++;
        io.stdout(`${renderLockChange(s.spec.id, c)}\n`);
      }
    }
    if (text !== old.text) writes.push({ dir: s.dir, text, shown: old.shown });
  }
  const summary = `${moved} changed, ${same} unchanged`;
  if (opts.check) {
    if (writes.length === 0) {
      io.stderr(`msp resolve-images --check: every lock file is up to date (${summary})\n`);
      return EXIT.OK;
    }
    for (const w of writes) io.stderr(`stale ${w.shown}\n`);
    io.stderr(
      `msp resolve-images --check: ${writes.length} lock file${writes.length === 1 ? ' is' : 's are'} behind the registry (${summary}); run msp resolve-images and msp generate\n`,
    );
    return EXIT.INVALID;
  }
  for (const w of writes) writeImageLock(w.dir, w.text);
  for (const w of writes) io.stderr(`wrote ${w.shown}\n`);
  io.stderr(
    writes.length > 0
      ? `msp resolve-images: ${summary}; run msp generate for ${writes.length === 1 ? 'that service' : 'those services'} to deploy the new digests\n`
      : `msp resolve-images: every lock file is up to date (${summary})\n`,
  );
  return EXIT.OK;
}

function report(
  io: CliIO,
  diags: readonly Diagnostic[],
  sources: Record<string, string | undefined>,
  as?: 'warning',
): void {
  if (diags.length === 0) return;
  const located = locateInFiles(
    as ? diags.map((d) => ({ ...d, severity: 'warning' as const })) : diags,
    io.cwd,
    sources,
  );
  printDiagnostics(io, located, sources);
}

function parseTimeout(v: string | undefined): number {
  if (v === undefined) return DEFAULT_TIMEOUT_MS;
  const n = Number(v);
  if (!/^[0-9]+(?:\.[0-9]+)?$/.test(v) || !(n > 0) || n > MAX_TIMEOUT_S)
    throw new UsageError(
      `--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_S} (got "${v}")`,
    );
  return Math.round(n * 1000);
}
