/**
 * Staged platform upgrades by environment category. A new msp version or `platform.yaml` is
 * rolled out category by category (`generate --category test`, then `internal`, then
 * `external`); each environment's manifest record says which msp version and platform config
 * hash produced it, and `generate --check --category <c>` reports, per category, which
 * environments are behind and what regenerating would change, resource by resource, per stack.
 * Pure, apart from the caller reading the trees.
 */
import { createHash } from 'node:crypto';
import type { Category } from '../platform/model.ts';
import type { ServiceSpec } from '../spec/model.ts';
import type { ReadManifest } from './manifest.ts';
import type { OutputFile } from './output-file.ts';

/** Hash of the platform config text as recorded per environment (`built-in` for the built-in defaults). */
export function platformHash(platformText: string | undefined): string {
  if (platformText === undefined) return 'built-in';
  return createHash('sha256').update(platformText).digest('hex').slice(0, 16);
}

/** Resources (and data sources) that regenerating one stack would add, change and remove. */
interface StackDelta {
  stack: string;
  added: string[];
  changed: string[];
  removed: string[];
}

/** One environment of a staged check. */
export interface StagedEnvironment {
  service: string;
  env: string;
  category: Category;
  /** What produced the committed files, when the manifest records it. */
  recorded?: { tool: string; platformHash: string };
  /** True when the committed files were produced by another msp version or platform config. */
  behind: boolean;
  /** Stacks whose resources would change, in path order. */
  stacks: StackDelta[];
}

const text = (c: string | Uint8Array | undefined) =>
  c === undefined ? undefined : typeof c === 'string' ? c : Buffer.from(c).toString('utf8');

/** Addresses and bodies of the resources and data sources of a `main.tf.json` text. */
function stackResources(json: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (json === undefined) return out;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return out;
  }
  for (const [kind, prefix] of [
    ['resource', ''],
    ['data', 'data.'],
  ] as const) {
    const byType = (doc[kind] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [type, byName] of Object.entries(byType))
      for (const [name, body] of Object.entries(byName))
        out.set(`${prefix}${type}.${name}`, JSON.stringify(body));
  }
  return out;
}

/** What regenerating a stack would do to its resources. */
function diffStackResources(
  stack: string,
  before: string | undefined,
  after: string | undefined,
): StackDelta {
  const b = stackResources(before);
  const a = stackResources(after);
  const delta: StackDelta = { stack, added: [], changed: [], removed: [] };
  for (const [addr, body] of a) {
    const old = b.get(addr);
    if (old === undefined) delta.added.push(addr);
    else if (old !== body) delta.changed.push(addr);
  }
  for (const addr of b.keys()) if (!a.has(addr)) delta.removed.push(addr);
  for (const list of [delta.added, delta.changed, delta.removed]) list.sort();
  return delta;
}

/** The staged check of one service's environments in `categories`. */
export function stagedEnvironments(
  spec: ServiceSpec,
  categories: readonly Category[],
  manifest: ReadManifest | undefined,
  before: readonly OutputFile[],
  after: readonly OutputFile[],
  toolVersion: string,
  currentPlatformHash: string,
): StagedEnvironment[] {
  const b = new Map(before.map((f) => [f.path, f.content]));
  const a = new Map(after.map((f) => [f.path, f.content]));
  const out: StagedEnvironment[] = [];
  for (const env of spec.environments) {
    if (!categories.includes(env.category)) continue;
    const rec = manifest?.environments?.[env.id];
    const stackFiles = [...new Set([...b.keys(), ...a.keys()])]
      .filter((p) => p.startsWith(`${env.id}/stacks/`) && p.endsWith('.tf.json'))
      .sort();
    const stacks = stackFiles
      .map((p) => diffStackResources(p.split('/')[2]!, text(b.get(p)), text(a.get(p))))
      .filter((d) => d.added.length + d.changed.length + d.removed.length > 0);
    out.push({
      service: spec.id,
      env: env.id,
      category: env.category,
      ...(rec ? { recorded: { tool: rec.tool, platformHash: rec.platformHash } } : {}),
      behind: !rec || rec.tool !== `msp ${toolVersion}` || rec.platformHash !== currentPlatformHash,
      stacks,
    });
  }
  return out;
}
