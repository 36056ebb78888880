import { join, resolve } from 'node:path';
import { type Diagnostic, hasErrors, sortDiagnostics } from '../../diagnostics/diagnostic.ts';
import { checkFleet, type FleetEntry } from '../../fleet/checks.ts';
import { listServiceDirs } from '../../fleet/discover.ts';
import { displayPath, loadSpec } from '../../io/load.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
import { diagnosticToJson, printDiagnostics } from '../output.ts';

export interface ValidateOptions {
  files: string[];
  all?: boolean;
  root?: string;
  platform?: string;
  format?: 'text' | 'json';
}

/** `msp validate`: checks specs (and the platform config); 0 valid, 1 invalid, 2 usage. */
export async function runValidate(opts: ValidateOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`unknown --format "${format}" (use text or json)`);
  if (opts.all && opts.files.length > 0) throw new UsageError('give files or --all, not both');
  if (!opts.all && opts.files.length === 0)
    throw new UsageError('nothing to validate: give spec files or --all');
  const ctx = resolveFleet(
    io,
    opts,
    !!opts.all,
    opts.files[0] ? resolve(io.cwd, opts.files[0], '..') : undefined,
  );
  const perFile = new Map<string, Diagnostic[]>();
  const sources: Record<string, string | undefined> = {};
  const platformShown = ctx.fleet?.platformFile ? displayPath(ctx.fleet.platformFile, io.cwd) : undefined;
  if (ctx.diagnostics.length > 0 || platformShown)
    perFile.set(platformShown ?? 'platform', [...ctx.diagnostics]);
  const files = opts.all
    ? listServiceDirs(ctx.fleet!.root).map((d) => join(ctx.fleet!.root, 'services', d, 'service.yaml'))
    : opts.files.map((f) => resolve(io.cwd, f));
  if (opts.all && files.length === 0)
    throw new UsageError(`no services found under ${join(ctx.fleet!.root, 'services')}`);
  const entries: FleetEntry[] = [];
  if (ctx.platform) {
    for (const f of files) {
      const r = loadSpec(f, ctx.platform, io.cwd);
      sources[r.shownPath] = r.text;
      const list = perFile.get(r.shownPath) ?? [];
      list.push(...r.diagnostics);
      perFile.set(r.shownPath, list);
      if (r.raw && opts.all)
        entries.push({ dirName: f.split(/[/\\]/).slice(-2)[0]!, file: r.shownPath, raw: r.raw });
    }
    for (const d of checkFleet(entries)) perFile.get(d.file!)?.push(d);
  }
  const all = sortDiagnostics([...perFile.values()].flat());
  const failed = hasErrors(all);
  if (format === 'json') {
    const out = {
      files: [...perFile.entries()].map(([file, diags]) => ({
        file,
        errors: sortDiagnostics(diags).map(diagnosticToJson),
      })),
      valid: !failed,
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    printDiagnostics(io, all, sources);
    const nErr = all.filter((d) => d.severity === 'error').length;
    const nWarn = all.length - nErr;
    const n = files.length;
    io.stdout(
      failed
        ? `${n} spec${n === 1 ? '' : 's'} checked: ${nErr} error${nErr === 1 ? '' : 's'}, ${nWarn} warning${nWarn === 1 ? '' : 's'}\n`
        : `${n} spec${n === 1 ? '' : 's'} valid${nWarn > 0 ? ` (${nWarn} warning${nWarn === 1 ? '' : 's'})` : ''}\n`,
    );
  }
  return failed ? EXIT.INVALID : EXIT.OK;
}
