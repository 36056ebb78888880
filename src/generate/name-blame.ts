/**
 * Points a name the schema check rejected (`TF_NAME_*`) back at the spec key that put it
 * there: the generated name is compared with every string of the raw spec that concerns its
 * environment (service keys, that environment, monitoring, rollout), and the longest value
 * found in the name wins — in `abcdefghijklmnopqrst-stage-northamerica-northeast1-https` that
 * is the region. Pure.
 */
import type { KeyPath } from '../diagnostics/diagnostic.ts';

/** A spec value contained in a generated name, and where the spec holds it. */
interface SpecContribution {
  path: KeyPath;
  value: string;
}

/** Shortest value worth blaming: shorter ones ("1", "us") match by accident. */
const MIN_VALUE_LENGTH = 3;

/** Spellings a spec value takes inside generated names. */
function variants(value: string): string[] {
  const lower = value.toLowerCase();
  return [...new Set([lower, lower.replace(/_/g, '-'), lower.replace(/ /g, '-')])];
}

function collect(value: unknown, path: KeyPath, out: SpecContribution[]): void {
  if (typeof value === 'string') {
    if (value.length >= MIN_VALUE_LENGTH) out.push({ path, value });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      collect(v, [...path, i], out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collect(v, [...path, k], out);
  }
}

/**
 * The spec values (of `raw`, the spec as parsed from YAML) that `name` contains, longest first;
 * the first one is the key to report. Only keys that can reach environment `envIndex`'s files
 * are considered. Empty when nothing in the spec explains the name (then it comes from msp or
 * the platform config).
 */
export function specContributions(raw: unknown, envIndex: number, name: string): SpecContribution[] {
  if (raw === null || typeof raw !== 'object') return [];
  const r = raw as Record<string, unknown>;
  const all: SpecContribution[] = [];
  collect(r.service, ['service'], all);
  const envs = Array.isArray(r.environments) ? r.environments : [];
  collect(envs[envIndex], ['environments', envIndex], all);
  collect(r.monitoring, ['monitoring'], all);
  collect(r.rollout, ['rollout'], all);
  const haystack = name.toLowerCase();
  // A value counts only as a whole part of the name (between separators), so a short value
  // such as "abc" is not blamed for "abcdef-prod".
  const within = (v: string) => {
    for (let at = haystack.indexOf(v); at >= 0; at = haystack.indexOf(v, at + 1)) {
      const before = at === 0 ? '' : haystack[at - 1]!;
      const after = haystack[at + v.length] ?? '';
      if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
    }
    return false;
  };
  // Longest value first, a value found as written before one found only re-spelled
  // (`nightly_sync` as `nightly-sync`); on a tie the more specific (deeper) key, then document order.
  const score = (c: SpecContribution) =>
    within(c.value.toLowerCase())
      ? c.value.length + 0.5
      : variants(c.value).some(within)
        ? c.value.length
        : 0;
  const sorted = all
    .map((c, i) => ({ c, i, s: score(c) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || b.c.path.length - a.c.path.length || a.i - b.i)
    .map(({ c }) => c);
  // A value inside a longer one already listed ("api" in "Acme API") explains nothing more.
  const out: SpecContribution[] = [];
  for (const c of sorted)
    if (!out.some((o) => variants(c.value).some((v) => o.value.toLowerCase().includes(v)))) out.push(c);
  return out;
}
