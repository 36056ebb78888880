/**
 * Query text for the configurable alerts: the response-code ratio in PromQL, built from a code or
 * a code class and excluded codes, and custom queries normalised for Cloud Monitoring without
 * changing what they mean. Both PromQL and MQL end a `#` comment at the end of its line, so
 * queries keep their line breaks: joining lines would let a comment swallow the rest.
 */

/** What a response-code ratio alert counts. */
interface ResponseCodeSelector {
  /** An exact status code, e.g. 404. */
  code?: number;
  /** A class such as `5xx`. */
  codeClass?: string;
  /** Codes left out of the class, e.g. `["501"]`. */
  excludeCodes: readonly string[];
}

/** Cloud Run's request counter under its PromQL name (`run.googleapis.com/request_count`). */
const REQUEST_COUNT_PROMQL = 'run_googleapis_com:request_count';

/**
 * Window of the request rates. Cloud Run writes `request_count` once a minute; a rate needs
 * several points, so 5 minutes (the shortest window that always holds enough of them).
 */
const RESPONSE_CODE_RATE_WINDOW = '5m';

/** A PromQL string literal (double-quoted; `\`, `"` and line breaks escaped). */
function promqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** A number for PromQL, as JavaScript prints it (`0.1`, `1`, `1e-7`). */
function promqlNumber(n: number): string {
  return String(n);
}

/** The label matchers selecting the counted requests, e.g. `response_code_class="5xx",response_code!="501"`. */
function responseCodeMatchers(sel: ResponseCodeSelector): string[] {
  const m: string[] = [];
  if (sel.code !== undefined) m.push(`response_code=${promqlString(String(sel.code))}`);
  else if (sel.codeClass !== undefined)
    m.push(`response_code_class=${promqlString(sel.codeClass.toLowerCase())}`);
  for (const c of sel.excludeCodes) m.push(`response_code!=${promqlString(c)}`);
  return m;
}

/**
 * PromQL for "the share of the Cloud Run service's requests answered with the selected codes is
 * above `ratio`", per revision: the selected requests' rate divided by all requests' rate.
 * A revision with no selected requests has no numerator series and so no result (MQL's
 * `outer_join 0` gave it the ratio 0; either way it does not fire); one with no requests at all
 * has neither. The hold time is the condition's `duration`.
 */
export function responseCodeRatioQuery(
  serviceName: string,
  sel: ResponseCodeSelector,
  ratio: number,
): string {
  const base = [`monitored_resource="cloud_run_revision"`, `service_name=${promqlString(serviceName)}`];
  const rate = (matchers: string[]) =>
    `sum by (revision_name) (rate(${REQUEST_COUNT_PROMQL}{${matchers.join(',')}}[${RESPONSE_CODE_RATE_WINDOW}]))`;
  return [
    `${rate([...base, ...responseCodeMatchers(sel)])}`,
    '/',
    `${rate(base)}`,
    `> ${promqlNumber(ratio)}`,
  ].join('\n');
}

/**
 * A custom query as sent to Cloud Monitoring: line breaks normalised to `\n`, trailing spaces
 * and leading/trailing blank lines removed. Nothing else changes, so a `#` comment still ends
 * at its line's end and every line after it stays code.
 */
export function normalizeQuery(query: string): string {
  return query
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}

/**
 * The code of a PromQL or MQL query: `#` comments removed (a `#` inside a quoted string or a
 * backquoted string is text, not a comment), lines kept. Used to check that a query is more
 * than comments, and by tests to check that normalising never changes the code.
 */
export function queryCode(query: string): string {
  const out: string[] = [];
  for (const line of query.split(/\r\n|\r|\n/)) {
    let code = '';
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        code += c;
        if (c === '\\' && quote !== '`' && i + 1 < line.length) code += line[++i];
        else if (c === quote) quote = undefined;
      } else if (c === '#') break;
      else {
        if (c === '"' || c === "'" || c === '`') quote = c;
        code += c;
      }
    }
    out.push(code.replace(/[ \t]+$/, ''));
  }
  return out.join('\n');
}
