/** Edit distance (Damerau-free Levenshtein), case-insensitive, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const prev = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (x[i - 1] === y[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[y.length]!;
}

/** The closest candidate within a distance that scales with length, or undefined. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  const limit = Math.max(2, Math.floor(input.length / 3));
  for (const c of candidates) {
    const dist = editDistance(input, c);
    if (dist < bestD || (dist === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = dist;
    }
  }
  if (best !== undefined && (bestD <= limit || best.toLowerCase().includes(input.toLowerCase()))) return best;
  return undefined;
}

/** Short, single-line rendering of a found value for messages. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (Array.isArray(v)) s = 'a list';
  else if (typeof v === 'object') s = 'a mapping';
  else s = String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
