import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.ts';
import { listServiceDirs } from '../../fleet/discover.ts';
import { generateService, hashInputs, MANIFEST_FILE } from '../../generate/service.ts';
import { loadSpec } from '../../io/load.ts';
import { type OutputFile, readTree, recoverInterrupted, replaceTree } from '../../io/write-service.ts';
import { resolveFleet } from '../context.ts';
import { type CliIO, EXIT, UsageError } from '../io.ts';
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

type Outcome = 'generated' | 'unchanged' | 'stale' | 'failed' | 'would-change';

/**
 * `msp generate <service> [env] | --all`: writes services/<id>/terraform/ atomically per service.
 * `--check` regenerates in memory and prints a diff of stale files (exit 1); `--dry-run` lists
 * what would change. A service with spec or schema-check errors is not written.
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
  const platform = ctx.platform;
  const platformText =
    ctx.fleet?.platformFile && !opts.platform
      ? readFileSync(ctx.fleet.platformFile)
      : opts.platform
        ? readFileSync(join(io.cwd, opts.platform))
        : undefined;
  const ids = opts.all ? listServiceDirs(root) : [opts.service!];
  if (ids.length === 0) throw new UsageError(`no services found under ${join(root, 'services')}`);
  const counts: Record<Outcome, number> = {
    generated: 0,
    unchanged: 0,
    stale: 0,
    failed: 0,
    'would-change': 0,
  };
  for (const id of ids) {
    const outcome = generateOne(id, opts, io, root, platform, platformText);
    counts[outcome]++;
  }
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

function generateOne(
  id: string,
  opts: GenerateOptions,
  io: CliIO,
  root: string,
  platform: NonNullable<ReturnType<typeof resolveFleet>['platform']>,
  platformText: Uint8Array | undefined,
): Outcome {
  const serviceDir = join(root, 'services', id);
  const specFile = join(serviceDir, 'service.yaml');
  if (!existsSync(specFile))
    throw new UsageError(
      `service "${id}" not found (${relative(io.cwd, specFile) || specFile} does not exist)`,
    );
  const loaded = loadSpec(specFile, platform, io.cwd);
  if (loaded.diagnostics.length > 0)
    printDiagnostics(io, loaded.diagnostics, { [loaded.shownPath]: loaded.text });
  if (!loaded.value || hasErrors(loaded.diagnostics)) return 'failed';
  const spec = loaded.value;
  if (opts.env && !spec.environments.some((e) => e.id === opts.env))
    throw new UsageError(
      `service "${id}" has no environment "${opts.env}" (it has ${spec.environments.map((e) => e.id).join(', ') || 'none'})`,
    );

  const specPath = `services/${id}/service.yaml`;
  const sibling = (n: string) =>
    existsSync(join(serviceDir, n)) ? readFileSync(join(serviceDir, n)) : undefined;
  const tables = [
    ...new Set(
      spec.environments.flatMap((e) => e.resources.bigQueryDataset?.tables.map((t) => t.schemaFile) ?? []),
    ),
  ].sort();
  const inputHash = hashInputs([
    VERSION,
    readFileSync(specFile),
    sibling('README.md'),
    platformText ?? 'builtin',
    ...tables.map(sibling),
  ]);

  const outDir = join(serviceDir, 'terraform');
  if (!opts.check && !opts.dryRun) recoverInterrupted(serviceDir, 'terraform');
  const manifestPath = join(outDir, MANIFEST_FILE);
  if (!opts.check && !opts.force && !opts.env && existsSync(manifestPath)) {
    try {
      if (JSON.parse(readFileSync(manifestPath, 'utf8')).inputHash === inputHash) return 'unchanged';
    } catch {
      // unreadable manifest: regenerate
    }
  }

  const gen = generateService({
    spec,
    platform,
    toolVersion: VERSION,
    specPath,
    inputHash: opts.env ? '' : inputHash,
  });
  if (gen.diagnostics.length > 0) printDiagnostics(io, gen.diagnostics, {});
  if (hasErrors(gen.diagnostics)) {
    io.stderr(
      `${specPath}: not written: the generated Terraform failed the provider-schema check (a bug in msp or the platform config)\n`,
    );
    return 'failed';
  }
  let files = gen.files;
  const existing = readTree(outDir);
  if (opts.env) {
    const prefix = `${opts.env}/`;
    files = [
      ...existing.filter((f) => !f.path.startsWith(prefix) && f.path !== MANIFEST_FILE),
      ...gen.files.filter((f) => f.path.startsWith(prefix) || f.path === MANIFEST_FILE),
    ];
  }
  const changes = diffTrees(existing, files);
  if (opts.check) {
    for (const c of changes) io.stdout(renderChange(c, `services/${id}/terraform/`));
    return changes.length > 0 ? 'stale' : 'unchanged';
  }
  if (opts.dryRun) {
    for (const c of changes) io.stdout(`${c.kind.padEnd(8)} services/${id}/terraform/${c.path}\n`);
    return changes.length > 0 ? 'would-change' : 'unchanged';
  }
  if (changes.length === 0) return 'unchanged';
  replaceTree(serviceDir, 'terraform', files, testHooks(io));
  return 'generated';
}

/** Failure injection for crash-safety tests only (MSP_TEST_FAIL_BEFORE_SWAP=1). */
function testHooks(io: CliIO): { beforeSwap?: () => void } {
  if (io.env.MSP_TEST_FAIL_BEFORE_SWAP === '1')
    return {
      beforeSwap: () => {
        throw new Error('injected failure before swap');
      },
    };
  return {};
}

interface Change {
  kind: 'added' | 'removed' | 'changed';
  path: string;
  before?: Uint8Array | string;
  after?: Uint8Array | string;
}

function bytes(c: string | Uint8Array): Buffer {
  return typeof c === 'string' ? Buffer.from(c) : Buffer.from(c);
}

export function diffTrees(before: readonly OutputFile[], after: readonly OutputFile[]): Change[] {
  const b = new Map(before.map((f) => [f.path, f.content]));
  const a = new Map(after.map((f) => [f.path, f.content]));
  const out: Change[] = [];
  for (const path of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(path);
    const y = a.get(path);
    if (x === undefined) out.push({ kind: 'added', path, after: y! });
    else if (y === undefined) out.push({ kind: 'removed', path, before: x });
    else if (!bytes(x).equals(bytes(y))) out.push({ kind: 'changed', path, before: x, after: y });
  }
  return out;
}

function renderChange(c: Change, prefix: string): string {
  const text = (v: string | Uint8Array | undefined) => (v === undefined ? '' : bytes(v).toString('utf8'));
  if (c.path.endsWith('.gz') || c.path.endsWith('.tar')) return `Binary file ${prefix}${c.path} ${c.kind}\n`;
  return createTwoFilesPatch(
    c.kind === 'added' ? '/dev/null' : `a/${prefix}${c.path}`,
    c.kind === 'removed' ? '/dev/null' : `b/${prefix}${c.path}`,
    text(c.before),
    text(c.after),
    '',
    '',
    { context: 3 },
  );
}
