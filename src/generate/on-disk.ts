/**
 * Generating one service on disk (IO edge): hash the inputs and skip when unchanged, load and
 * validate the spec, generate, schema-check, then write the terraform/ tree and the operations
 * page (docs/) atomically, diff (--check) or list (--dry-run). Returns its output as text so callers (main thread or a worker) can print it in
 * service order.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import { renderDiagnostic, renderDiagnostics } from '../diagnostics/render.ts';
import { SERVICE_DOCS_DIR } from '../docs/paths.ts';
import { buildServiceDocs } from '../docs/service-page.ts';
import { loadSpec } from '../io/load.ts';
import { serviceDocsTree, staleServiceDocs } from '../io/service-docs.ts';
import { type OutputFile, readTree, recoverInterrupted, replaceTrees } from '../io/write-service.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { generateService, hashInputs, MANIFEST_FILE } from './service.ts';

export type Outcome = 'generated' | 'unchanged' | 'stale' | 'failed' | 'would-change';

export interface ServiceJob {
  id: string;
  root: string;
  cwd: string;
  env?: string;
  check?: boolean;
  dryRun?: boolean;
  force?: boolean;
  /** Platform config text (for the input hash), or undefined for the built-in defaults. */
  platformText?: string;
  toolVersion: string;
  color: boolean;
  /** Test hook: fail after writing the new tree, before it goes live. */
  failBeforeSwap?: boolean;
}

export interface ServiceResult {
  id: string;
  outcome: Outcome;
  stdout: string;
  stderr: string;
}

/** Hash of everything a service's output depends on, read without parsing the spec. */
export function serviceInputHash(
  serviceDir: string,
  platformText: string | undefined,
  toolVersion: string,
): string {
  const names = readdirSync(serviceDir)
    .filter((n) => n === 'service.yaml' || n === 'README.md' || n.endsWith('.bigquerytable.json'))
    .sort();
  const parts: (string | Uint8Array)[] = [toolVersion, platformText ?? 'built-in'];
  for (const n of names) parts.push(n, readFileSync(join(serviceDir, n)));
  return hashInputs(parts);
}

export function generateServiceOnDisk(job: ServiceJob, platform: PlatformConfig): ServiceResult {
  let stdout = '';
  let stderr = '';
  const done = (outcome: Outcome): ServiceResult => ({ id: job.id, outcome, stdout, stderr });
  const serviceDir = join(job.root, 'services', job.id);
  const outDir = join(serviceDir, 'terraform');
  // Finish or undo an interrupted earlier write first, in every mode: --check and --dry-run
  // must compare against a whole tree, not a half-swapped one.
  recoverInterrupted(serviceDir);

  const inputHash = serviceInputHash(serviceDir, job.platformText, job.toolVersion);
  const manifestPath = join(outDir, MANIFEST_FILE);
  if (!job.check && !job.force && !job.env && existsSync(manifestPath)) {
    try {
      if (JSON.parse(readFileSync(manifestPath, 'utf8')).inputHash === inputHash) return done('unchanged');
    } catch {
      // an unreadable manifest means regenerate
    }
  }

  const loaded = loadSpec(join(serviceDir, 'service.yaml'), platform, job.cwd);
  stderr += renderDiagnostics(loaded.diagnostics, loaded.text, job.color);
  if (!loaded.value || hasErrors(loaded.diagnostics)) return done('failed');
  const spec = loaded.value;
  if (job.env && !spec.environments.some((e) => e.id === job.env)) {
    stderr += `msp: service "${job.id}" has no environment "${job.env}" (it has ${spec.environments.map((e) => e.id).join(', ') || 'none'})\n`;
    return done('failed');
  }
  const specPath = `services/${job.id}/service.yaml`;
  const gen = generateService({
    spec,
    platform,
    toolVersion: job.toolVersion,
    specPath,
    inputHash: job.env ? '' : inputHash,
  });
  for (const d of gen.diagnostics) stderr += `${renderDiagnostic(d, undefined, job.color)}\n\n`;
  if (hasErrors(gen.diagnostics)) {
    stderr += `${specPath}: not written: the generated Terraform failed the provider-schema check (a bug in msp or in the platform config)\n`;
    return done('failed');
  }
  let files = gen.files;
  const existing = readTree(outDir);
  if (job.env) {
    const prefix = `${job.env}/`;
    files = [
      ...existing.filter((f) => !f.path.startsWith(prefix) && f.path !== MANIFEST_FILE),
      ...gen.files.filter((f) => f.path.startsWith(prefix) || f.path === MANIFEST_FILE),
    ].sort((a, b) => (a.path < b.path ? -1 : 1));
  }
  const changes = diffTrees(existing, files);
  // The operations page is generated from the same inputs (no revision: it would be stale once committed).
  const docs = buildServiceDocs(spec, platform);
  const staleDocs = staleServiceDocs(job.root, job.id, docs);
  if (job.check) {
    for (const c of changes) stdout += renderChange(c, `services/${job.id}/terraform/`);
    for (const p of staleDocs) stdout += `stale ${p} (run msp generate or msp ops ${job.id})\n`;
    return done(changes.length + staleDocs.length > 0 ? 'stale' : 'unchanged');
  }
  if (job.dryRun) {
    for (const c of changes) stdout += `${c.kind.padEnd(8)} services/${job.id}/terraform/${c.path}\n`;
    for (const p of staleDocs) stdout += `${'changed'.padEnd(8)} ${p}\n`;
    return done(changes.length + staleDocs.length > 0 ? 'would-change' : 'unchanged');
  }
  if (changes.length === 0 && staleDocs.length === 0) return done('unchanged');
  // Both folders go live as one unit, so a kill never leaves new Terraform beside old docs.
  replaceTrees(
    serviceDir,
    [
      ...(changes.length > 0 ? [{ name: 'terraform', files }] : []),
      ...(staleDocs.length > 0 ? [{ name: SERVICE_DOCS_DIR, files: serviceDocsTree(job.id, docs) }] : []),
    ],
    job.failBeforeSwap ? { beforeSwap: injectedFailure } : {},
  );
  return done('generated');
}

function injectedFailure(): never {
  throw new Error('injected failure before swap');
}

export interface Change {
  kind: 'added' | 'removed' | 'changed';
  path: string;
  before?: string | Uint8Array;
  after?: string | Uint8Array;
}

const bytes = (c: string | Uint8Array) => Buffer.from(c);

/** Files added, removed or changed between two trees, sorted by path. */
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
  if (/\.(gz|tar|tgz|zip)$/.test(c.path)) return `Binary file ${prefix}${c.path} ${c.kind}\n`;
  const text = (v: string | Uint8Array | undefined) => (v === undefined ? '' : bytes(v).toString('utf8'));
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
