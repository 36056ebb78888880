/**
 * A 5-field unix cron parser (what Cloud Scheduler accepts) and MSP's "longest interval" rule:
 * the largest gap between consecutive runs over 672 runs (24×7×4), which must be at least 15m (MSP rejects only shorter gaps) and <8 days.
 * MSP measured from the wall clock; we start at a fixed instant (Monday 2024-01-01 00:00 UTC) so
 * results are deterministic. Macros (@hourly, @daily, @weekly, @monthly, @yearly) are expanded.
 */

interface CronSchedule {
  minutes: boolean[];
  hours: boolean[];
  dom: boolean[];
  months: boolean[];
  dow: boolean[];
  domStar: boolean;
  dowStar: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** `@daily` as `[@][dD][aA][iI][lL][yY]`: macros are read in any case. */
const anyCase = (s: string) =>
  [...s].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');

/**
 * A JSON Schema pattern for what `parseCron` reads: five fields or a macro, spaces around
 * allowed. (What each field may say, and how often it runs, is the validator's business.)
 */
export const CRON_PATTERN = `^\\s*(?:\\S+(?:\\s+\\S+){4}|${Object.keys(MACROS).map(anyCase).join('|')})\\s*$`;

function parseCron(expr: string): { value: CronSchedule } | { error: string } {
  const trimmed = expr.trim();
  const text = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const fields = text.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5)
    return { error: `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}` };
  const spec: [number, number, string[]?][] = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12, MONTHS],
    [0, 7, DAYS],
  ];
  const sets: boolean[][] = [];
  const names = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];
  for (let i = 0; i < 5; i++) {
    const [lo, hi, nm] = spec[i]!;
    const r = parseField(fields[i]!, lo, hi, nm);
    if ('error' in r) return { error: `${names[i]} field "${fields[i]}": ${r.error}` };
    sets.push(r.set);
  }
  const dow = sets[4]!;
  if (dow[7]) dow[0] = true;
  return {
    value: {
      minutes: sets[0]!,
      hours: sets[1]!,
      dom: sets[2]!,
      months: sets[3]!,
      dow,
      domStar: fields[2] === '*' || fields[2] === '?',
      dowStar: fields[4] === '*' || fields[4] === '?',
    },
  };
}

function parseField(
  field: string,
  lo: number,
  hi: number,
  names?: string[],
): { set: boolean[] } | { error: string } {
  const set = new Array<boolean>(hi + 1).fill(false);
  const num = (s: string): number | undefined => {
    if (/^\d+$/.test(s)) return Number(s);
    const idx = names?.indexOf(s.toUpperCase()) ?? -1;
    if (idx >= 0) return names === MONTHS ? idx + 1 : idx;
    return undefined;
  };
  for (const part of field.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) return { error: `cannot parse "${part}"` };
    const step = m[2] !== undefined ? Number(m[2]) : 1;
    if (step < 1) return { error: 'step must be at least 1' };
    let start: number;
    let end: number;
    if (m[1] === '*' || m[1] === '?') {
      start = lo;
      end = names === DAYS ? 6 : hi;
    } else {
      const range = m[1]!.split('-');
      if (range.length > 2) return { error: `cannot parse "${part}"` };
      const a = num(range[0]!);
      const b = range.length === 2 ? num(range[1]!) : m[2] !== undefined ? hi : a;
      if (a === undefined || b === undefined) return { error: `cannot parse "${part}"` };
      start = a;
      end = b;
    }
    if (start < lo || end > hi || start > end) return { error: `value out of range ${lo}-${hi}` };
    for (let v = start; v <= end; v += step) set[v] = true;
  }
  return { set };
}

const START = Date.UTC(2024, 0, 1, 0, 0); // a Monday

function dayMatches(s: CronSchedule, d: Date): boolean {
  if (!s.months[d.getUTCMonth() + 1]) return false;
  const dom = s.dom[d.getUTCDate()]!;
  const dow = s.dow[d.getUTCDay()]!;
  // Vixie cron: when both are restricted, either may match.
  if (!s.domStar && !s.dowStar) return dom || dow;
  return dom && dow;
}

/** Next run strictly after `t` (ms), or undefined when none within ~5 years. */
function nextRun(s: CronSchedule, t: number): number | undefined {
  let cur = new Date(Math.floor(t / 60000) * 60000 + 60000);
  const limit = t + 5 * 366 * 86400000;
  while (cur.getTime() <= limit) {
    if (!dayMatches(s, cur)) {
      cur = new Date(Date.UTC(cur.getUTCFullYear(), cur.getUTCMonth(), cur.getUTCDate() + 1));
      continue;
    }
    const h = cur.getUTCHours();
    if (!s.hours[h]) {
      cur = new Date(Date.UTC(cur.getUTCFullYear(), cur.getUTCMonth(), cur.getUTCDate(), h + 1));
      continue;
    }
    const min = cur.getUTCMinutes();
    let found = -1;
    for (let m = min; m < 60; m++)
      if (s.minutes[m]) {
        found = m;
        break;
      }
    if (found >= 0) return Date.UTC(cur.getUTCFullYear(), cur.getUTCMonth(), cur.getUTCDate(), h, found);
    cur = new Date(Date.UTC(cur.getUTCFullYear(), cur.getUTCMonth(), cur.getUTCDate(), h + 1));
  }
  return undefined;
}

/** Longest gap in minutes between consecutive runs over 672 runs (MSP's off-by-one kept: last gap unread). */
function maxIntervalMinutes(s: CronSchedule): number | undefined {
  const runs = 24 * 7 * 4;
  const first = nextRun(s, START);
  if (first === undefined) return undefined;
  let prev = first;
  let max = 0;
  for (let i = 1; i < runs - 1; i++) {
    const next = nextRun(s, prev);
    if (next === undefined) return undefined;
    max = Math.max(max, (next - prev) / 60000);
    prev = next;
    // Already too long: stop once four years are covered, so the reported gap is the true
    // longest one (e.g. 744h for a monthly cron, as MSP reports), not just the first.
    if (max >= 8 * 1440 && prev - first >= 4 * 366 * 86400000) break;
  }
  return max;
}

/** Go-style duration text for messages, e.g. `5m0s`, `744h0m0s`. */
export function formatGoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return h > 0 ? `${h}h${m}m0s` : `${m}m0s`;
}

const intervalCache = new Map<string, { error: string } | { minutes: number | undefined }>();

/**
 * Parses `expr` and measures its longest interval, memoised by expression: validation and
 * resolution both need it, and fleets repeat the same few schedules.
 */
export function cronMaxInterval(expr: string): { error: string } | { minutes: number | undefined } {
  let r = intervalCache.get(expr);
  if (!r) {
    const c = parseCron(expr);
    r = 'error' in c ? { error: c.error } : { minutes: maxIntervalMinutes(c.value) };
    if (intervalCache.size > 1000) intervalCache.clear();
    intervalCache.set(expr, r);
  }
  return r;
}
