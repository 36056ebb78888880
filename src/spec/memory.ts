/**
 * Parses Cloud Run memory strings the way MSP does (docker/go-units RAMInBytes-like, base 1024):
 * suffixes exactly B, Ki, Mi, Gi, Ti, Pi, Ei; decimals and concatenated parts (`1Gi512Mi`);
 * an optional leading sign. Returns bytes, or an error text matching MSP's wording.
 */
const UNITS: Record<string, number> = {
  B: 1,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};

/** One part of a size: a number (decimals allowed) and its unit. */
const NUMBER = '[0-9]*\\.?[0-9]+|[0-9]+\\.';

/**
 * A JSON Schema pattern for what `parseMemory` reads: `0`, or parts of a number and a unit,
 * with an optional sign. (Whether the size is in range is the validator's business.)
 */
export const MEMORY_PATTERN = `^(?:0|[+-]?(?:(?:${NUMBER})(?:${Object.keys(UNITS).join('|')}))+)$`;

export function parseMemory(input: string): { bytes: number } | { error: string } {
  if (input === '0') return { bytes: 0 };
  let s = input;
  let sign = 1;
  if (s.startsWith('+') || s.startsWith('-')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '') return { error: `units: invalid ${input}` };
  let total = 0;
  const part = new RegExp(`^(${NUMBER})([A-Za-z]*)`);
  while (s.length > 0) {
    const m = part.exec(s);
    if (!m) return { error: `units: invalid ${input}` };
    const unit = m[2]!;
    const mult = UNITS[unit];
    if (mult === undefined) return { error: `units: unknown unit ${unit} in ${input}` };
    total += Number(m[1]) * mult;
    s = s.slice(m[0].length);
  }
  return { bytes: sign * total };
}

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
