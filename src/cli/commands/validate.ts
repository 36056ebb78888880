import { join, resolve } from 'node:path';
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.ts';
import { renderDiagnostics, runNotes } from '../../diagnostics/render.ts';
import { checkFleet, type FleetEntry } from '../../fleet/checks.ts';
import { runPool, workerCount } from '../../fleet/pool.ts';
import { validateTask } from '../../fleet/task-validate.ts';
import { findFleetRoot, scanServices } from '../../io/discover.ts';
import { displayPath, locateInFiles } from '../../io/load.ts';
import { resolveFleet } from '../context.ts';
import { renderInternalError } from '../generate-report.ts';
import { type CliIO, EXIT, UsageError, useColor } from '../io.ts';
import { fileDiagnosticsToJson, printDiagnostics, VALIDATE_JSON_VERSION } from '../output.ts';

interface ValidateOptions {
  files: string[];
  all?: boolean;
  root?: string;
  platform?: string;
  format?: 'text' | 'json';
}

/**
 * `msp validate`: checks specs (and the platform config, and with --all the rules across the
 * fleet). Exit 0 valid, 1 invalid, 2 usage. Large fleets are validated on worker threads.
 */
export async function runValidate(opts: ValidateOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`unknown --format "${format}" (use text or json)`);
  if (opts.all && opts.files.length > 0) throw new UsageError('give files or --all, not both');
  if (!opts.all && opts.files.length === 0) {
    // No arguments inside a fleet means the whole fleet, like `--all`.
    if (!findFleetRoot(opts.root ? resolve(io.cwd, opts.root) : io.cwd))
      throw new UsageError(
        'nothing to validate: give spec files, or run inside a fleet (a folder with platform.yaml or services/) or pass --root <dir>',
      );
    opts = { ...opts, all: true };
  }
  const ctx = resolveFleet(
    io,
    opts,
    !!opts.all,
    opts.files[0] ? resolve(io.cwd, opts.files[0], '..') : undefined,
  );
  const perFile = new Map<string, Diagnostic[]>();
  const platformShown =
    opts.platform ?? (ctx.fleet?.platformFile ? displayPath(ctx.fleet.platformFile, io.cwd) : undefined);
  if (ctx.diagnostics.length > 0 || platformShown)
    perFile.set(platformShown ?? 'platform', [...ctx.diagnostics]);
  const fileList = (file: string): Diagnostic[] => {
    const l = perFile.get(file) ?? [];
    if (!perFile.has(file)) perFile.set(file, l);
    return l;
  };
  const root = ctx.fleet?.root;
  const scan = opts.all ? scanServices(root!) : undefined;
  const ids = scan ? scan.ids : opts.files.map((f) => resolve(io.cwd, f));
  // A fleet just started by `msp init` has a platform.yaml and no service yet: validate that.
  if (opts.all && ids.length === 0 && scan!.problems.length === 0 && !ctx.fleet?.platformFile)
    throw new UsageError(`no services found under ${join(root!, 'services')}`);
  const text = format === 'text';
  if (text) printDiagnostics(io, ctx.diagnostics, {});
  // Service folders that could not be read are reported, never silently skipped.
  for (const d of scan?.problems ?? []) perFile.set(d.file!, [...(perFile.get(d.file!) ?? []), d]);
  if (text) printDiagnostics(io, scan?.problems ?? [], {});
  const entries: FleetEntry[] = [];
  // Progress on a terminal for long runs; never in CI or when output is piped (isTTY is false).
  const progress = text && io.isTTY && ids.length >= 20;
  if (ctx.platform) {
    await runPool(
      'validate',
      ids,
      {
        ...(opts.all ? { root: root! } : {}),
        cwd: io.cwd,
      },
      ctx.platform,
      {
        workers: workerCount(ids.length, io.env),
        task: validateTask,
        onResult: (r, done, total) => {
          // Each diagnostic is filed under its own file (a README or table schema next to the spec).
          fileList(r.file);
          for (const d of r.diagnostics) fileList(d.range?.file ?? d.file ?? r.file).push(d);
          if (progress) io.stderr('\r\x1b[K');
          if (text)
            io.stderr(
              r.internalError
                ? renderInternalError(r.id, r.internalError, !!io.env.MSP_DEBUG)
                : renderDiagnostics(r.diagnostics, r.sources, { color: useColor(io), verbose: !!io.verbose }),
            );
          if (progress && done < total) io.stderr(`validating ${done}/${total} specs…`);
          if (r.raw && opts.all) entries.push({ dirName: r.id, file: r.file, raw: r.raw });
        },
      },
    );
    const sources: Record<string, string | undefined> = {};
    const fleetDiags = locateInFiles(checkFleet(entries), io.cwd, sources);
    for (const d of fleetDiags) fileList(d.file!).push(d);
    if (text) printDiagnostics(io, fleetDiags, sources);
  }
  const all = [...perFile.values()].flat();
  const failed = hasErrors(all);
  if (text) for (const n of runNotes(all)) io.stderr(`${n}\n`);
  if (text && opts.all && ids.length === 0 && !failed)
    io.stderr('No services yet: add one with `msp init <id>`.\n');
  if (format === 'json') {
    const out = {
      version: VALIDATE_JSON_VERSION,
      valid: !failed,
      files: [...perFile.entries()].map(([file, diags]) => fileDiagnosticsToJson(file, diags)),
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const nErr = all.filter((d) => d.severity === 'error').length;
    const nWarn = all.length - nErr;
    const n = ids.length;
    const s = (k: number) => (k === 1 ? '' : 's');
    io.stdout(
      failed
        ? `${n} spec${s(n)} checked: ${nErr} error${s(nErr)}, ${nWarn} warning${s(nWarn)}\n`
        : `${n} spec${s(n)} valid${nWarn > 0 ? ` (${nWarn} warning${s(nWarn)})` : ''}\n`,
    );
  }
  return failed ? EXIT.INVALID : EXIT.OK;
}
