/**
 * The platform output on disk (IO edge): `platform/terraform/` at the fleet root, generated from
 * the platform config and the summaries of every service, written as one unit (the same tree
 * swap as a service's folders), diffed (`--check`) or listed (`--dry-run`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import { sha256 } from '../generate/manifest.ts';
import { generatePlatform, PLATFORM_MANIFEST_FILE, platformProvides } from '../generate/platform.ts';
import { hashInputs } from '../generate/service.ts';
import { PLATFORM_OUTPUT_DIR } from '../naming/platform-names.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { platformContext } from '../platform-stack/context.ts';
import type { FleetService, PlatformProvides } from '../platform-stack/model.ts';
import type { ReportEntry } from './generate-report.ts';
import { diffTrees, type Outcome } from './generate-service.ts';
import {
  type Leftover,
  leftoverDiagnostic,
  listTree,
  readTree,
  recoverInterrupted,
  replaceTrees,
} from './write-service.ts';

interface PlatformJob {
  root: string;
  platform: PlatformConfig;
  /** Platform config text, or undefined for the built-in defaults. */
  platformText?: string;
  /** The platform config relative to the fleet root, or `built-in defaults`. */
  source: string;
  services: readonly FleetService[];
  toolVersion: string;
  check?: boolean;
  dryRun?: boolean;
  /** Rebuild even when the inputs are unchanged. */
  force?: boolean;
}

interface PlatformResult {
  outcome: Outcome;
  /** What happened, in order (rendered by the CLI). */
  report: ReportEntry[];
}

interface PlatformManifest {
  provides?: PlatformProvides;
  services?: FleetService[];
  inputHash?: string;
  /** The files msp owns → SHA-256 (hex) of their bytes. */
  files: Record<string, string>;
}

/** The manifest of the committed platform output, when there is a readable one. */
function readPlatformManifest(root: string): PlatformManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(root, PLATFORM_OUTPUT_DIR, PLATFORM_MANIFEST_FILE), 'utf8'));
    if (typeof m !== 'object' || m === null) return undefined;
    const files = typeof m.files === 'object' && m.files !== null && !Array.isArray(m.files) ? m.files : {};
    return { ...m, files };
  } catch {
    return undefined;
  }
}

/** Whether every file the manifest lists is on disk with the bytes it recorded. */
function outputMatches(dir: string, m: PlatformManifest): boolean {
  const entries = Object.entries(m.files);
  return (
    entries.length > 0 &&
    entries.every(([p, h]) => {
      try {
        return sha256(readFileSync(join(dir, ...p.split('/')))) === h;
      } catch {
        return false;
      }
    })
  );
}

/**
 * What service stacks are checked against: the committed platform output's `provides` when it
 * exists, else what the platform output would create for this service from the platform config.
 */
export function providesFor(
  root: string,
  platform: PlatformConfig,
  summary: FleetService,
  toolVersion: string,
): PlatformProvides {
  return (
    readPlatformManifest(root)?.provides ??
    platformProvides(platformContext(platform, [summary], toolVersion, platform.source))
  );
}

export function generatePlatformOnDisk(job: PlatformJob): PlatformResult {
  const report: ReportEntry[] = [];
  const done = (outcome: Outcome): PlatformResult => ({ outcome, report });
  const parent = join(job.root, 'platform');
  const leftovers = (ls: readonly Leftover[]) => {
    if (ls.length > 0)
      report.push({ kind: 'diagnostics', diagnostics: ls.map((l) => leftoverDiagnostic(job.root, l)) });
  };
  leftovers(recoverInterrupted(parent));
  const services = [...job.services].sort((a, b) => (a.id < b.id ? -1 : 1));
  const inputHash = hashInputs([job.toolVersion, job.platformText ?? 'built-in', JSON.stringify(services)]);
  const dir = join(parent, 'terraform');
  const previous = readPlatformManifest(job.root);
  // Skipped like an unchanged service: same inputs, and the files on disk are the ones recorded.
  if (!job.check && !job.force && previous?.inputHash === inputHash && outputMatches(dir, previous))
    return done('unchanged');
  const gen = generatePlatform({
    platform: job.platform,
    services,
    toolVersion: job.toolVersion,
    source: job.source,
    inputHash,
  });
  if (gen.diagnostics.length > 0) report.push({ kind: 'diagnostics', diagnostics: gen.diagnostics });
  if (hasErrors(gen.diagnostics) || !gen.value) {
    report.push({ kind: 'not-written', target: PLATFORM_OUTPUT_DIR, reason: 'platform-problems' });
    return done('failed');
  }
  const built = gen.value;
  // Like a service's output, msp owns only the files its manifest lists: the lock file, custom
  // Terraform and `.terraform/` of a stack folder are kept.
  const owned = new Set(Object.keys(previous?.files ?? {}));
  const generated = new Set(built.files.map((f) => f.path));
  const live = listTree(dir).filter((e) => e.kind !== 'other');
  const keep = live
    .map((e) => e.path)
    .filter((p) => !generated.has(p) && !owned.has(p) && p !== PLATFORM_MANIFEST_FILE);
  const existing = readTree(dir, [...generated, ...[...owned].filter((p) => !generated.has(p))]);
  const changes = diffTrees(existing, built.files);
  if (job.check) {
    for (const c of changes) report.push({ kind: 'diff', folder: PLATFORM_OUTPUT_DIR, change: c });
    return done(changes.length > 0 ? 'stale' : 'unchanged');
  }
  if (job.dryRun) {
    for (const c of changes)
      report.push({ kind: 'would-change', change: c.kind, path: `${PLATFORM_OUTPUT_DIR}/${c.path}` });
    return done(changes.length > 0 ? 'would-change' : 'unchanged');
  }
  if (changes.length === 0) return done('unchanged');
  leftovers(replaceTrees(parent, [{ name: 'terraform', files: built.files, keep }]));
  return done('generated');
}
