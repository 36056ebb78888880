/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment),
 * case-insensitive, for "did you mean" hints: `mdoe` is one edit from `mode`.
 */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev2 = new Array<number>(y.length + 1).fill(0);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Array<number>(y.length + 1);
    cur[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * The closest candidate, or undefined when none is close: at most 1 edit for words of up to 4
 * characters, 2 up to 8, 3 beyond; or a candidate that contains a word of 4+ characters and is
 * at most half as long again (`memory` → `memoryGB`). Never a word unrelated to the input.
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  const limit = input.length <= 4 ? 1 : input.length <= 8 ? 2 : 3;
  for (const c of candidates) {
    const dist = editDistance(input, c);
    if (dist < bestD || (dist === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = dist;
    }
  }
  if (best !== undefined && bestD <= limit && bestD < input.length) return best;
  const needle = input.toLowerCase();
  if (needle.length >= 4) {
    const containing = candidates
      .filter((c) => c.toLowerCase().includes(needle) && c.length <= Math.ceil(input.length * 1.5) + 1)
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    if (containing[0] !== undefined) return containing[0];
  }
  return undefined;
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
