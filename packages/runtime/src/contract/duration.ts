const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a duration written like Go's `time.ParseDuration` with the units `ms`, `s`, `m` and `h`
 * (for example `300s`, `1m30s`, `500ms`, `1.5h`) into milliseconds.
 *
 * @returns the duration in milliseconds, or `undefined` when the text is not a valid non-negative
 *   duration. A bare `0` is accepted. Never throws.
 */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '0') return 0;
  if (s === '') return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (m === null) return undefined;
    total += Number(m[1]) * (UNIT_MS[m[2]!] ?? Number.NaN);
    pos = re.lastIndex;
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** Formats milliseconds the way Cloud Logging expects durations (`"1.234s"`). */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(9).replace(/\.?0+$/, '')}s`;
}
