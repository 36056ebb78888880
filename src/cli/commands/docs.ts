/**
 * `msp docs`: regenerates every service's operations page and the fleet index
 * (`docs/services.md`), checks them with `--check`, or writes the static HTML catalog with
 * `--html <dir>` (Mermaid copied from the installed `mermaid` package; no network needed to
 * build or to view it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import { type BrokenService, buildCatalog, CATALOG_MARKER, MERMAID_FILE } from '../../docs/catalog.ts';
import { buildFleetIndex } from '../../docs/fleet-index.ts';
import { FLEET_INDEX_PATH } from '../../docs/paths.ts';
import { buildServiceDocs } from '../../docs/service-page.ts';
import { writeFileAtomic } from '../../io/atomic.ts';
import { displayPath, loadSpec } from '../../io/load.ts';
import { staleServiceDocs, writeServiceDocs } from '../../io/service-docs.ts';
import { replaceTree } from '../../io/write-service.ts';
import type { PlatformConfig } from '../../platform/model.ts';
import type { ServiceSpec } from '../../spec/model.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { takeFleetLock } from '../lock.ts';
import { openUrl, whyNoBrowser } from './logs.ts';
import { type BrokenSpec, type FleetOptions, loadFleet, recoverService, resolveRevision } from './ops.ts';

interface DocsOptions extends FleetOptions {
  /** Write the HTML catalog into this folder instead of the Markdown docs. */
  html?: string;
  /** Exit 1 when committed Markdown docs are stale; write nothing. */
  check?: boolean;
  /** Revision for the generation note; `auto` reads git (the default for `--html`). */
  revision?: string;
  /** Open the result (the catalog's index.html, else the fleet index) in a browser, or say what to open. */
  open?: boolean;
}

/**
 * `--open`: hands `file` to the browser, or, where none can be opened (no opener, no display),
 * prints what to open instead of failing or staying silent.
 */
function openResult(file: string, io: CliIO): void {
  const url = pathToFileURL(file).href;
  if (openUrl(url, io)) {
    io.stdout(`opening ${displayPath(file, io.cwd)}\n`);
    return;
  }
  io.stderr(`msp: ${whyNoBrowser(io)}; open it yourself: ${displayPath(file, io.cwd)} (${url})\n`);
}

/** The prebuilt Mermaid bundle of the installed `mermaid` package (a classic script). */
function mermaidScriptPath(): string {
  return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
}

/**
 * The fleet index (`docs/services.md`) as `msp docs` writes it, whether the file on disk is
 * stale, and how to write it; undefined when a spec does not load (its errors are reported by
 * whoever loaded it).
 */
export function fleetIndexState(
  root: string,
  ids: readonly string[],
  platform: PlatformConfig,
  cwd: string,
): { path: string; stale: boolean; write: () => void } | undefined {
  const specs: ServiceSpec[] = [];
  for (const id of ids) {
    const loaded = loadSpec(join(root, 'services', id, 'service.yaml'), platform, cwd);
    if (!loaded.value || hasErrors(loaded.diagnostics)) return undefined;
    specs.push(loaded.value);
  }
  const index = buildFleetIndex(specs, platform, {});
  const file = join(root, ...index.path.split('/'));
  const stale = !existsSync(file) || readFileSync(file, 'utf8') !== index.content;
  return {
    path: index.path,
    stale,
    write: () => {
      mkdirSync(dirname(file), { recursive: true });
      writeFileAtomic(file, index.content);
    },
  };
}

export async function runDocs(opts: DocsOptions, io: CliIO): Promise<number> {
  if (opts.html !== undefined && opts.check) throw new UsageError('--html and --check cannot be combined');
  if (opts.open && opts.check) throw new UsageError('--open and --check cannot be combined');
  if (opts.html === '') throw new UsageError('--html needs a folder');
  if (opts.html !== undefined) {
    // The catalog is built even when some specs have errors (they show as broken cards); the
    // command still exits 1 for them. A broken platform config still stops everything.
    const broken: BrokenSpec[] = [];
    const all = loadFleet(io, opts, undefined, (b) => broken.push(b));
    if (!all) return EXIT.INVALID;
    const code = writeCatalog(opts.html, all, opts, io, brokenServices(all.root, broken, io));
    if (code !== EXIT.OK || broken.length === 0) return code;
    io.stderr(
      `msp: ${broken.length} spec${broken.length === 1 ? ' has' : 's have'} errors (${broken.map((b) => b.id).join(', ')}): the catalog shows ${broken.length === 1 ? 'it as a broken card' : 'them as broken cards'}; fix the errors above (msp validate --all)\n`,
    );
    return EXIT.INVALID;
  }
  const fleet = loadFleet(io, opts);
  if (!fleet) return EXIT.INVALID;

  const locked = takeFleetLock(
    io,
    fleet.root,
    `msp docs${opts.check ? ' --check' : ''}`,
    opts.check ? 'read' : 'write',
  );
  if ('exit' in locked) return locked.exit;
  try {
    for (const s of fleet.specs) {
      const problem = recoverService(io, fleet.root, s.id, locked.canRecover);
      if (problem !== undefined) return problem;
    }
    const code = docsLocked(fleet, opts, io);
    if (code === EXIT.OK && opts.open) openResult(join(fleet.root, ...FLEET_INDEX_PATH.split('/')), io);
    return code;
  } finally {
    locked.lock?.release();
  }
}

function docsLocked(fleet: NonNullable<ReturnType<typeof loadFleet>>, opts: DocsOptions, io: CliIO): number {
  const revision = resolveRevision(opts.revision, fleet.root, io);
  const docsOpts = revision ? { revision } : {};
  const index = buildFleetIndex(fleet.specs, fleet.platform, docsOpts);
  const indexPath = join(fleet.root, ...index.path.split('/'));
  const indexStale = !existsSync(indexPath) || readFileSync(indexPath, 'utf8') !== index.content;
  if (opts.check) {
    const stale = [
      ...fleet.specs.flatMap((s) =>
        staleServiceDocs(fleet.root, s.id, buildServiceDocs(s, fleet.platform, docsOpts)),
      ),
      ...(indexStale ? [index.path] : []),
    ];
    for (const p of stale) io.stdout(`stale ${p}\n`);
    if (stale.length === 0) return EXIT.OK;
    io.stderr('Operations docs are stale: run `msp docs` and commit the result.\n');
    return EXIT.INVALID;
  }
  let written = 0;
  for (const s of fleet.specs) {
    const stale = writeServiceDocs(fleet.root, s.id, buildServiceDocs(s, fleet.platform, docsOpts));
    if (stale.length > 0) {
      written++;
      io.stdout(`wrote services/${s.id}/docs/\n`);
    }
  }
  if (indexStale) {
    mkdirSync(dirname(indexPath), { recursive: true });
    writeFileAtomic(indexPath, index.content);
    io.stdout(`wrote ${index.path}\n`);
  }
  io.stdout(
    `${fleet.specs.length} service${fleet.specs.length === 1 ? '' : 's'}: ${written} updated, ${fleet.specs.length - written} unchanged; index ${indexStale ? 'updated' : 'unchanged'}\n`,
  );
  return EXIT.OK;
}

/** The broken cards' data: each error with its file relative to the fleet root, line and column. */
function brokenServices(root: string, broken: readonly BrokenSpec[], io: CliIO): BrokenService[] {
  const fleetPath = (file: string) => relative(root, resolve(io.cwd, file)).split(sep).join('/');
  return broken.map((b) => ({
    id: b.id,
    file: `services/${b.id}/service.yaml`,
    errors: b.diagnostics.map((d) => {
      const file = d.range?.file ?? d.file;
      return {
        code: d.code,
        message: d.message,
        ...(file !== undefined ? { file: fleetPath(file) } : {}),
        ...(d.range ? { line: d.range.start.line, column: d.range.start.column } : {}),
      };
    }),
  }));
}

function writeCatalog(
  dir: string,
  fleet: NonNullable<ReturnType<typeof loadFleet>>,
  opts: DocsOptions,
  io: CliIO,
  broken: readonly BrokenService[] = [],
): number {
  const target = resolve(io.cwd, dir);
  const shown = displayPath(target, io.cwd);
  if (existsSync(target)) {
    const entries = readdirSync(target);
    if (entries.length > 0 && !entries.includes(CATALOG_MARKER))
      throw new UsageError(
        `${shown} is not empty and is not an msp catalog (no ${CATALOG_MARKER}); choose a new or empty folder`,
      );
  }
  let mermaid: Buffer;
  try {
    mermaid = readFileSync(mermaidScriptPath());
  } catch {
    io.stderr(
      'msp: cannot find mermaid/dist/mermaid.min.js: the `mermaid` package is missing from this installation (reinstall msp with its dependencies)\n',
    );
    return EXIT.INTERNAL;
  }
  const revision = resolveRevision(opts.revision ?? 'auto', fleet.root, io);
  const files = [
    ...buildCatalog(fleet.specs, fleet.platform, revision ? { revision } : {}, broken),
    { path: MERMAID_FILE, content: mermaid },
  ];
  replaceTree(dirname(target), basename(target), files);
  io.stdout(
    `wrote the catalog of ${fleet.specs.length} service${fleet.specs.length === 1 ? '' : 's'}${broken.length > 0 ? ` and ${broken.length} broken card${broken.length === 1 ? '' : 's'}` : ''} to ${shown}/ (open ${join(shown, 'index.html')})\n`,
  );
  if (opts.open) openResult(join(target, 'index.html'), io);
  return EXIT.OK;
}
