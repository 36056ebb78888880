/**
 * "Did you mean": the one suggestion helper for every stage (spec keys and values, sibling
 * files, the platform config, the Terraform schema check), plus the plain-text rendering of
 * found values for messages.
 */

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment),
 * case-insensitive: `mdoe` is one edit from `mode`. Gives up early once the distance is
 * certainly above `limit` (then returns `limit + 1`), which keeps lookups over large candidate
 * lists (provider schemas) cheap.
 */
function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let prev2 = new Array<number>(y.length + 1).fill(0);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Array<number>(y.length + 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The closest candidate, or undefined when none is close: at most 1 edit for words of up to 4
 * characters, 2 up to 8, 3 beyond; or a candidate that contains a word of 4+ characters and is
 * at most half as long again (`memory` → `memoryGB`). Never a word unrelated to the input, never
 * the input itself. Ties go to the first candidate in sort order, so the answer is stable.
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((c) => c !== input);
  let best: string | undefined;
  const limit = input.length <= 4 ? 1 : input.length <= 8 ? 2 : 3;
  let bestD = limit + 1;
  for (const c of list) {
    const dist = editDistance(input, c, limit);
    if (dist < bestD || (dist === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = dist;
    }
  }
  if (best !== undefined && bestD < input.length) return best;
  const needle = input.toLowerCase();
  if (needle.length >= 4) {
    const containing = list
      .filter((c) => c.toLowerCase().includes(needle) && c.length <= Math.ceil(input.length * 1.5) + 1)
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    if (containing[0] !== undefined) return containing[0];
  }
  return undefined;
}

/** `Did you mean "x"?` for the closest candidate ({@link suggest}), or undefined. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const c = suggest(input, candidates);
  return c === undefined ? undefined : `Did you mean "${c}"?`;
}

/**
 * A user value as plain text for a message, never calling the value's own methods: a YAML
 * mapping may hold a `toString` or `valueOf` key, and `String()` on it throws. Strings as they
 * are, numbers and booleans as written, nothing as '', collections by kind.
 */
export function plainText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${v}`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

/** Short, single-line rendering of a found value for messages. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (Array.isArray(v)) s = 'a list';
  else if (typeof v === 'object') s = 'a mapping';
  else s = plainText(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
