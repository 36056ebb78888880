/**
 * Generating one service on disk (IO edge): hash the inputs and skip when unchanged (and the
 * output on disk still matches the manifest), load and validate the spec, generate,
 * schema-check, then write the terraform/ tree and the operations page (docs/) atomically as one
 * unit, diff (--check) or list (--dry-run). Files in terraform/ that msp did not write are kept
 * (see `src/generate/manifest.ts`). Returns what happened as data (`generate-report.ts`), which
 * the CLI renders in service order whether the service ran in the main thread or a worker. The
 * caller holds the fleet lock (io/lock.ts) when `recover` is set.
 */
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type Diagnostic, error, hasErrors, warning } from '../diagnostics/diagnostic.ts';
import { SERVICE_DOCS_DIR } from '../docs/paths.ts';
import { buildServiceDocs, type DocsFile } from '../docs/service-page.ts';
import {
  classifyExisting,
  MANIFEST_FILE,
  type Ownership,
  parseManifest,
  type ReadManifest,
  renderManifest,
  sha256,
} from '../generate/manifest.ts';
import type { OutputFile } from '../generate/output-file.ts';
import { platformProvides } from '../generate/platform.ts';
import {
  type GeneratedService,
  type GenerateServiceInput,
  generateService,
  hashInputs,
} from '../generate/service.ts';
import { platformHash, type StagedEnvironment, stagedEnvironments } from '../generate/staged.ts';
import { IMAGE_LOCK_FILE } from '../images/lock.ts';
import type { ImagePins } from '../images/pin.ts';
import type { Category, PlatformConfig } from '../platform/model.ts';
import { placeholdersForGenerate } from '../platform/placeholders.ts';
import { platformContext } from '../platform-stack/context.ts';
import { type FleetService, fleetServiceOf } from '../platform-stack/model.ts';
import { attachRanges, parseYamlSource } from '../source/yaml-document.ts';
import type { ServiceSpec } from '../spec/model.ts';
import { checkCustomFiles } from './custom-files.ts';
import { fsErrorDiagnostic, isFsError } from './errors.ts';
import { providesFor } from './generate-platform.ts';
import type { Change, ReportEntry } from './generate-report.ts';
import { readServiceImagePins } from './image-pins.ts';
import { type LoadedSpec, loadSpec, locateInFiles, readRegularFile } from './load.ts';
import { serviceDocsTree, staleServiceDocs } from './service-docs.ts';
import {
  hasLeftovers,
  leftoverDiagnostic,
  listTree,
  readTree,
  recoverInterrupted,
  replaceTrees,
  type TreeReplacement,
} from './write-service.ts';

export type Outcome = 'generated' | 'unchanged' | 'stale' | 'failed' | 'would-change';

export interface ServiceJob {
  id: string;
  root: string;
  cwd: string;
  env?: string;
  /** Only environments of these categories (staged upgrades). */
  categories?: Category[];
  /**
   * What service stacks are checked against: `disk` — the committed platform output (a single
   * service is generated against what is applied); `inputs` (default) — what the platform output
   * generated from the same inputs creates (`--all` writes it in the same run).
   */
  platformOutput?: 'disk' | 'inputs';
  check?: boolean;
  dryRun?: boolean;
  force?: boolean;
  /** Platform config text (for the input hash), or undefined for the built-in defaults. */
  platformText?: string;
  toolVersion: string;
  /**
   * Whether this run may finish or undo an interrupted earlier write (it holds the fleet lock).
   * False on a read-only checkout: then an interrupted write is reported, not repaired.
   */
  recover?: boolean;
}

export interface ServiceResult {
  id: string;
  outcome: Outcome;
  /** What happened, in order (rendered by the CLI). */
  report: ReportEntry[];
  /** What the platform output needs of the service (from its spec, or its manifest when skipped). */
  summary?: FleetService;
  /** Staged check (`--check --category`): per environment, what differs. */
  staged?: StagedEnvironment[];
}

/**
 * Hash of everything a service's output depends on, read without parsing the spec; undefined
 * when an input cannot be read safely (then the service is loaded, which reports why).
 */
function serviceInputHash(
  serviceDir: string,
  platformText: string | undefined,
  toolVersion: string,
): string | undefined {
  const names = readdirSync(serviceDir)
    .filter(
      (n) =>
        n === 'service.yaml' ||
        n === 'README.md' ||
        n === IMAGE_LOCK_FILE ||
        n.endsWith('.bigquerytable.json'),
    )
    .sort();
  const parts: (string | Uint8Array)[] = [toolVersion, platformText ?? 'built-in'];
  for (const n of names) {
    const r = readRegularFile(join(serviceDir, n));
    if (!('bytes' in r)) return undefined;
    parts.push(n, r.bytes);
  }
  return hashInputs(parts);
}

/** Whether every file the manifest lists is on disk with the bytes it recorded, docs included. */
function outputMatchesManifest(serviceDir: string, m: ReadManifest): boolean {
  if (!m.files || !m.docs) return false;
  const same = (dir: string, hashes: Record<string, string>) =>
    Object.entries(hashes).every(([p, h]) => {
      const r = readRegularFile(join(dir, ...p.split('/')), Number.MAX_SAFE_INTEGER);
      return 'bytes' in r && sha256(r.bytes) === h;
    });
  const docsDir = join(serviceDir, SERVICE_DOCS_DIR);
  let docsOnDisk: string[];
  try {
    docsOnDisk = listTree(docsDir).map((e) => e.path);
  } catch {
    return false;
  }
  const docsWanted = Object.keys(m.docs).sort();
  return (
    docsOnDisk.length === docsWanted.length &&
    docsOnDisk.every((p, i) => p === docsWanted[i]) &&
    same(join(serviceDir, 'terraform'), m.files) &&
    same(docsDir, m.docs)
  );
}

/** Generates one service on disk; never throws for file-system problems (they fail the service). */
export function generateServiceOnDisk(job: ServiceJob, platform: PlatformConfig): ServiceResult {
  const out: GenerateOut = { report: [] };
  const extra = () => ({
    ...(out.summary ? { summary: out.summary } : {}),
    ...(out.staged ? { staged: out.staged } : {}),
  });
  try {
    const outcome = generateIn(job, platform, out);
    return { id: job.id, outcome, report: out.report, ...extra() };
  } catch (e) {
    if (!isFsError(e)) throw e;
    out.report.push({
      kind: 'diagnostics',
      diagnostics: [fsErrorDiagnostic(e, job.cwd, `The previous output of services/${job.id} is unchanged.`)],
    });
    return { id: job.id, outcome: 'failed', report: out.report, ...extra() };
  }
}

interface GenerateOut {
  report: ReportEntry[];
  summary?: FleetService;
  staged?: StagedEnvironment[];
}

/*
 * The steps of one service, in order; each reports into `out` and returns what the next needs,
 * or undefined when the service has failed (or, for the skip, when it is done):
 *   checkServiceDir     the folder is inside the fleet; an interrupted write is finished first
 *   readInputs          the input hash and the previous manifest; skip when nothing changed
 *   loadService         read and resolve the spec (defaults, platform checks), the image pins
 *   buildOutput         the stacks and the operations page, schema-checked; its diagnostics located
 *   readLiveTree        what terraform/ holds now (no links, no special files)
 *   planWrite           the files to write and what happens to those on disk (one environment
 *                       or category beside the others as they are)
 *   checkCustomTerraform  the custom files beside the generated ones, checked like generated code
 *   finishRun           --check, --dry-run, or write both folders atomically
 */

/** One service's run: its job, where it lives, where its report goes. */
interface Run {
  job: ServiceJob;
  platform: PlatformConfig;
  out: GenerateOut;
  serviceDir: string;
  /** `services/<id>/terraform`. */
  outDir: string;
  /** `services/<id>`, as the report shows it. */
  shown: string;
  /** `services/<id>/service.yaml`, relative to the fleet root. */
  specPath: string;
  /** One environment or some categories only (`generate <service> <env>`, `--category`). */
  partial: boolean;
}

function generateIn(job: ServiceJob, platform: PlatformConfig, out: GenerateOut): Outcome {
  const serviceDir = join(job.root, 'services', job.id);
  const run: Run = {
    job,
    platform,
    out,
    serviceDir,
    outDir: join(serviceDir, 'terraform'),
    shown: `services/${job.id}`,
    specPath: `services/${job.id}/service.yaml`,
    partial: job.env !== undefined || job.categories !== undefined,
  };
  if (!checkServiceDir(run)) return 'failed';
  const inputs = readInputs(run);
  if (inputs.skip) {
    out.summary = inputs.skip;
    return 'unchanged';
  }
  const service = loadService(run);
  if (!service) return 'failed';
  const built = buildOutput(run, inputs, service);
  if (!built) return 'failed';
  const live = readLiveTree(run);
  if (!live) return 'failed';
  const plan = planWrite(run, inputs, service, built, live);
  if (!checkCustomTerraform(run, plan, built)) return 'failed';
  return finishRun(run, inputs, service, built, plan);
}

function reportOne(run: Run, d: Diagnostic): void {
  run.out.report.push({ kind: 'diagnostics', diagnostics: [d] });
}

/** The folder is inside the fleet; an interrupted earlier write is finished or undone first. */
function checkServiceDir(run: Run): boolean {
  const outside = escapesFleet(run.job.root, run.serviceDir);
  if (outside) {
    reportOne(run, outside);
    return false;
  }
  // Finish or undo an interrupted earlier write first, in every mode: --check and --dry-run
  // must compare against a whole tree, not a half-swapped one.
  if (hasLeftovers(run.serviceDir)) {
    if (run.job.recover === false) {
      reportOne(
        run,
        warning('IO_INTERRUPTED_WRITE', 'An interrupted msp write was not recovered (read-only run)', [], {
          file: run.shown,
          detail:
            'The output below is the last complete one; the next msp generate with write access finishes or undoes it.',
        }),
      );
    } else
      for (const l of recoverInterrupted(run.serviceDir)) reportOne(run, leftoverDiagnostic(run.job.root, l));
  }
  return true;
}

interface Inputs {
  /** Undefined when an input cannot be read safely (the load then says why). */
  inputHash: string | undefined;
  /** The manifest of the previous run, when there is one. */
  manifest: ReadManifest | undefined;
  /** When nothing changed since the previous run: the service's summary from its manifest. */
  skip?: FleetService;
}

/** The input hash and the previous manifest, without parsing the spec; whether to skip. */
function readInputs(run: Run): Inputs {
  const { job, platform } = run;
  // A run that allowed placeholders must not make a later strict run skip the service.
  const inputHash = serviceInputHash(
    run.serviceDir,
    platform.allowPlaceholders ? `${job.platformText ?? 'built-in'}\0allow-placeholders` : job.platformText,
    job.toolVersion,
  );
  const manifestRead = readRegularFile(join(run.outDir, MANIFEST_FILE));
  const manifest =
    'bytes' in manifestRead ? parseManifest(Buffer.from(manifestRead.bytes).toString('utf8')) : undefined;
  if (
    !job.check &&
    !job.force &&
    !run.partial &&
    inputHash !== undefined &&
    manifest?.inputHash === inputHash &&
    manifest.service !== undefined &&
    outputMatchesManifest(run.serviceDir, manifest)
  )
    return { inputHash, manifest, skip: manifest.service };
  return { inputHash, manifest };
}

interface LoadedService {
  loaded: LoadedSpec;
  spec: ServiceSpec;
  pins: ImagePins;
  summary: FleetService;
  /** Whether an environment is generated in this run. */
  selected: (e: { id: string; category: Category }) => boolean;
}

/** The spec read and resolved (placeholders are errors unless allowed), and the image pins. */
function loadService(run: Run): LoadedService | undefined {
  const { job, platform, out } = run;
  const loaded = loadSpec(join(run.serviceDir, 'service.yaml'), platform, job.cwd);
  // Placeholders and `TODO`s are warnings at validate and errors here unless allowed.
  const specDiagnostics = placeholdersForGenerate(loaded.diagnostics, platform.allowPlaceholders);
  if (specDiagnostics.length > 0)
    out.report.push({ kind: 'diagnostics', diagnostics: specDiagnostics, sources: loaded.sources });
  if (!loaded.value || hasErrors(specDiagnostics)) return undefined;
  const spec = loaded.value;
  if (job.env && !spec.environments.some((e) => e.id === job.env)) {
    out.report.push({
      kind: 'unknown-environment',
      service: job.id,
      env: job.env,
      available: spec.environments.map((e) => e.id),
    });
    return undefined;
  }
  // Subscription environments deploy the digests of images.lock.yaml (docs/images.md).
  const images = readServiceImagePins(run.serviceDir, spec, loaded.shownPath, loaded.text, job.cwd);
  if (images.diagnostics.length > 0)
    out.report.push({ kind: 'diagnostics', diagnostics: images.diagnostics, sources: images.sources });
  if (!images.pins) {
    out.report.push({ kind: 'not-written', target: run.specPath, reason: 'image-lock' });
    return undefined;
  }
  const summary: FleetService = fleetServiceOf(spec);
  out.summary = summary;
  const selected = (e: { id: string; category: Category }) =>
    (job.env === undefined || e.id === job.env) &&
    (job.categories === undefined || job.categories.includes(e.category));
  return { loaded, spec, pins: images.pins, summary, selected };
}

interface BuiltOutput {
  /** What {@link generateService} was given (a partial run generates the whole service again from it). */
  genInput: GenerateServiceInput;
  gen: GeneratedService;
  docs: DocsFile[];
  /** The operations page's files, relative to `docs/`. */
  docsTree: OutputFile[];
  platformHash: string;
}

/**
 * The service's stacks (schema-checked) and operations page, from the same inputs. Names GCP
 * would reject are located on the spec or platform.yaml key they come from.
 */
function buildOutput(run: Run, inputs: Inputs, service: LoadedService): BuiltOutput | undefined {
  const { job, platform, out, specPath } = run;
  const { loaded, spec, summary } = service;
  const currentPlatformHash = platformHash(job.platformText);
  // The operations page is generated from the same inputs (no revision: it would be stale once committed).
  const docs = buildServiceDocs(spec, platform);
  const docsTree = serviceDocsTree(job.id, docs);
  const genInput: GenerateServiceInput = {
    spec,
    platform,
    toolVersion: job.toolVersion,
    specPath,
    // A partial run leaves other environments as they were: the whole-service hash no longer holds.
    inputHash: run.partial ? '' : (inputs.inputHash ?? ''),
    docs: docsTree,
    raw: loaded.raw,
    platformHash: currentPlatformHash,
    imagePins: service.pins,
    provides:
      job.platformOutput === 'disk'
        ? providesFor(job.root, platform, summary, job.toolVersion)
        : platformProvides(platformContext(platform, [summary], job.toolVersion, platform.source)),
  };
  const gen = generateService({
    ...genInput,
    ...(run.partial
      ? { only: service.selected, previous: inputs.manifest ? { manifest: inputs.manifest } : {} }
      : {}),
  });
  // Names GCP would reject are reported on the spec key they come from: locate those in service.yaml.
  const onSpec = gen.diagnostics.filter((d) => d.file === specPath);
  const src =
    onSpec.length > 0 && loaded.text ? parseYamlSource(loaded.shownPath, loaded.text).value : undefined;
  if (src)
    out.report.push({
      kind: 'diagnostics',
      diagnostics: attachRanges(
        src,
        onSpec.map((d) => ({ ...d, file: loaded.shownPath })),
      ),
      sources: { [loaded.shownPath]: loaded.text },
    });
  else for (const d of onSpec) reportOne(run, d);
  // A workspace name rejected because of the platform's workspacePattern points at that key.
  const onPlatform = gen.diagnostics.filter((d) => d.file === platform.source && d.file !== specPath);
  if (onPlatform.length > 0) {
    const texts: Record<string, string | undefined> = {};
    out.report.push({
      kind: 'diagnostics',
      diagnostics: locateInFiles(onPlatform, job.cwd, texts),
      sources: texts,
    });
  }
  for (const d of gen.diagnostics) if (d.file !== specPath && !onPlatform.includes(d)) reportOne(run, d);
  if (hasErrors(gen.diagnostics) || !gen.value) {
    out.report.push({
      kind: 'not-written',
      target: specPath,
      reason: hasErrors(onSpec)
        ? 'spec-name'
        : hasErrors(onPlatform)
          ? 'platform-name'
          : gen.diagnostics.some((d) => d.code === 'PLATFORM_NOT_PROVIDED' && d.severity === 'error')
            ? 'not-provided'
            : 'schema-check',
    });
    return undefined;
  }
  return { genInput, gen: gen.value, docs, docsTree, platformHash: currentPlatformHash };
}

/** The paths in terraform/ now; undefined (reported) when a generated folder is a link or holds a special file. */
function readLiveTree(run: Run): string[] | undefined {
  for (const dir of [run.outDir, join(run.serviceDir, SERVICE_DOCS_DIR)]) {
    const link = symlinkAt(dir);
    if (link) {
      reportOne(
        run,
        error('IO_SYMLINK_OUTPUT', 'Generated folder is a symbolic link', [], {
          file: relative(run.job.root, dir).split(sep).join('/'),
          detail: 'msp writes generated folders only inside the fleet, never through a link.',
          hint: 'Replace the link with a folder (or remove it) and run msp generate again.',
        }),
      );
      return undefined;
    }
  }
  const live = listTree(run.outDir);
  const special = live.filter((e) => e.kind === 'other');
  if (special.length > 0) {
    for (const e of special)
      reportOne(
        run,
        error('IO_NOT_A_FILE', 'Not a regular file (a FIFO, socket or device) in a generated folder', [], {
          file: `${run.shown}/terraform/${e.path}`,
          hint: 'Move it out of terraform/; msp cannot keep it across a write.',
        }),
      );
    return undefined;
  }
  return live.map((e) => e.path);
}

interface WritePlan {
  /** The files of terraform/ this run writes, the manifest included. */
  files: OutputFile[];
  own: Ownership;
  /** terraform/'s current bytes of the files written or removed. */
  before: OutputFile[];
  changes: Change[];
}

/**
 * What is written: the whole service, or one environment (or some categories) beside the others
 * as they are; and what happens to the files already on disk.
 */
function planWrite(
  run: Run,
  inputs: Inputs,
  service: LoadedService,
  built: BuiltOutput,
  livePaths: string[],
): WritePlan {
  const { job, outDir } = run;
  const { manifest, inputHash } = inputs;
  const { gen, genInput, docsTree } = built;
  let files = gen.files;
  let own = classifyExisting(livePaths, manifest?.owned, new Set(files.map((f) => f.path)));
  if (run.partial) {
    const selectedIds = new Set(service.spec.environments.filter(service.selected).map((e) => e.id));
    const inSelection = (p: string) => selectedIds.has(p.split('/')[0]!);
    const envFiles = gen.files.filter((f) => inSelection(f.path));
    const written = new Set([...envFiles.map((f) => f.path), MANIFEST_FILE]);
    const removed = livePaths.filter((p) => inSelection(p) && !written.has(p) && manifest?.owned.has(p));
    const otherOwned = livePaths.filter((p) => !inSelection(p) && manifest?.owned.has(p));
    const otherHashes = Object.fromEntries(
      readTree(outDir, otherOwned).map((f) => [f.path, sha256(f.content)]),
    );
    // One environment generated while the others are exactly what this run would write: the
    // tree is then the same as a whole-service run, so its manifest (input hash included) is
    // written, and a later `generate --check` passes and a later run skips the service.
    let wholeManifest: OutputFile | undefined;
    if (job.env !== undefined && job.categories === undefined && inputHash !== undefined) {
      const whole = generateService({ ...genInput, inputHash });
      const others = (whole.value?.files ?? []).filter(
        (f) => !inSelection(f.path) && f.path !== MANIFEST_FILE,
      );
      if (
        whole.value &&
        others.length === otherOwned.length &&
        others.every((f) => otherHashes[f.path] === sha256(f.content))
      )
        wholeManifest = whole.value.files.find((f) => f.path === MANIFEST_FILE);
    }
    const manifestFile: OutputFile = {
      path: MANIFEST_FILE,
      content: renderManifest({
        tool: `msp ${job.toolVersion}`,
        source: run.specPath,
        inputHash: '',
        service: service.summary,
        environments: gen.environments,
        files: { ...otherHashes, ...Object.fromEntries(envFiles.map((f) => [f.path, sha256(f.content)])) },
        docs: Object.fromEntries(docsTree.map((f) => [f.path, sha256(f.content)])),
      }),
    };
    files = [...envFiles, wholeManifest ?? manifestFile];
    const keep = livePaths.filter((p) => !written.has(p) && !removed.includes(p));
    own = {
      ...classifyExisting(livePaths, manifest?.owned, new Set([...written, ...otherOwned])),
      keep,
      removed,
    };
  }
  const before = readTree(outDir, [...files.map((f) => f.path), ...own.removed]);
  return { files, own, before, changes: diffTrees(before, files) };
}

/**
 * Files msp did not write: warnings for those Terraform does not read or whose stack is gone;
 * custom Terraform in the stack folders checked like generated code (docs/custom-terraform.md).
 */
function checkCustomTerraform(run: Run, plan: WritePlan, built: BuiltOutput): boolean {
  const { out, shown } = run;
  for (const p of plan.own.unexpected)
    reportOne(
      run,
      warning(
        'IO_UNEXPECTED_FILE',
        'File not generated by msp, outside any stack folder: kept, but Terraform does not read it here',
        [],
        {
          file: `${shown}/terraform/${p}`,
          hint: 'Custom Terraform goes in terraform/<env>/stacks/<stack>/ (see docs/custom-terraform.md); move or delete this file.',
        },
      ),
    );
  for (const p of plan.own.orphaned)
    reportOne(
      run,
      warning('IO_ORPHANED_CUSTOM_FILE', 'Custom file kept in a stack folder msp no longer generates', [], {
        file: `${shown}/terraform/${p}`,
        hint: 'The stack or environment is gone from the spec: move this file to a stack that exists, or delete it.',
      }),
    );
  const customDiags = checkCustomFiles(run.outDir, `${shown}/terraform`, plan.own.custom, built.gen.files);
  for (const c of customDiags)
    out.report.push({ kind: 'diagnostics', diagnostics: c.diagnostics, sources: c.sources });
  if (customDiags.some((c) => hasErrors(c.diagnostics))) {
    out.report.push({ kind: 'not-written', target: run.specPath, reason: 'custom-terraform' });
    return false;
  }
  return true;
}

/**
 * The end of the run: the staged check (`--check --category`), the diff (`--check`), what would
 * change (`--dry-run`), or the write: terraform/ and docs/ go live as one unit.
 */
function finishRun(
  run: Run,
  inputs: Inputs,
  service: LoadedService,
  built: BuiltOutput,
  plan: WritePlan,
): Outcome {
  const { job, out, shown } = run;
  const { files, own, changes } = plan;
  const staleDocs = staleServiceDocs(job.root, job.id, built.docs);
  if (job.check && job.categories) {
    out.staged = stagedEnvironments(
      service.spec,
      job.categories,
      inputs.manifest,
      plan.before,
      files,
      job.toolVersion,
      built.platformHash,
    );
    return out.staged.some((e) => e.behind || e.stacks.length > 0) ? 'stale' : 'unchanged';
  }
  if (job.check) {
    for (const c of changes) out.report.push({ kind: 'diff', folder: `${shown}/terraform`, change: c });
    for (const p of staleDocs) out.report.push({ kind: 'stale-doc', service: job.id, path: p });
    return changes.length + staleDocs.length > 0 ? 'stale' : 'unchanged';
  }
  if (job.dryRun) {
    for (const c of changes)
      out.report.push({ kind: 'would-change', change: c.kind, path: `${shown}/terraform/${c.path}` });
    for (const p of staleDocs) out.report.push({ kind: 'would-change', change: 'changed', path: p });
    return changes.length + staleDocs.length > 0 ? 'would-change' : 'unchanged';
  }
  // --force rewrites both folders even when they already hold the same bytes.
  const writeTerraform = job.force || changes.length > 0;
  const writeDocs = job.force || staleDocs.length > 0;
  if (!writeTerraform && !writeDocs) return 'unchanged';
  const trees: TreeReplacement[] = [
    ...(writeTerraform ? [{ name: 'terraform', files, keep: own.keep }] : []),
    ...(writeDocs ? [{ name: SERVICE_DOCS_DIR, files: built.docsTree }] : []),
  ];
  // Both folders go live as one unit, so a kill never leaves new Terraform beside old docs.
  const warnings = replaceTrees(run.serviceDir, trees);
  for (const l of warnings) reportOne(run, leftoverDiagnostic(run.job.root, l));
  return 'generated';
}

/** A located error when `serviceDir` resolves (through a symbolic link) outside the fleet root. */
function escapesFleet(root: string, serviceDir: string): Diagnostic | undefined {
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(serviceDir);
    realRoot = realpathSync(root);
  } catch {
    return undefined; // reported when the spec is read
  }
  const rel = relative(realRoot, real);
  if (rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && rel.split(sep)[0] !== '..')
    return undefined;
  return error('IO_OUTSIDE_FLEET', 'Service folder is a link to a place outside the fleet', [], {
    file: relative(root, serviceDir).split(sep).join('/'),
    found: real,
    detail: 'msp generate writes only inside the fleet root, so it does not follow this link.',
    hint: 'Keep the service folder inside the fleet (move it in, or link to a folder within the fleet).',
  });
}

function symlinkAt(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
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
