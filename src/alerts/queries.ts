/**
 * Query text for the configurable alerts: the response-code ratio MQL built from a code or a
 * code class and excluded codes, and custom queries normalised for Cloud Monitoring.
 */

/** What a response-code ratio alert counts. */
export interface ResponseCodeSelector {
  /** An exact status code, e.g. 404. */
  code?: number;
  /** A class such as `5xx`. */
  codeClass?: string;
  /** Codes left out of the class, e.g. `["501"]`. */
  excludeCodes: readonly string[];
}

/** A double literal for MQL: always with a fractional part (`1` → `1.0`). */
export function mqlDouble(n: number): string {
  const s = String(n);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** An MQL string literal (single-quoted; `\` and `'` escaped). */
export function mqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The MQL predicate selecting the counted requests. */
export function responseCodePredicate(sel: ResponseCodeSelector): string {
  const terms: string[] = [];
  if (sel.code !== undefined) terms.push(`metric.response_code == ${mqlString(String(sel.code))}`);
  else if (sel.codeClass !== undefined)
    terms.push(`metric.response_code_class == ${mqlString(sel.codeClass.toLowerCase())}`);
  for (const c of sel.excludeCodes) terms.push(`metric.response_code != ${mqlString(c)}`);
  return terms.length > 0 ? terms.join(' && ') : 'true';
}

/**
 * MQL for "the share of the Cloud Run service's requests answered with the selected codes is
 * above `ratio`": request counts per revision in 15 s buckets, the selected ones divided by all
 * of them (0 when none matched), compared with `ratio`.
 */
export function responseCodeRatioQuery(
  serviceName: string,
  sel: ResponseCodeSelector,
  ratio: number,
): string {
  return [
    'fetch cloud_run_revision',
    `| metric 'run.googleapis.com/request_count'`,
    `| filter resource.service_name == ${mqlString(serviceName)}`,
    '| align delta(15s)',
    '| every 15s',
    '| {',
    `    filter ${responseCodePredicate(sel)}`,
    '    | group_by [resource.revision_name], sum(val())',
    '  ;',
    '    group_by [resource.revision_name], sum(val())',
    '  }',
    '| outer_join 0',
    '| value [response_code_ratio: cast_double(val(0)) / cast_double(val(1))]',
    `| condition gt(val(), ${mqlDouble(ratio)})`,
  ].join('\n');
}

/** An MQL query as written, without trailing blank lines or spaces. */
export function normalizeMql(query: string): string {
  return query.replace(/\s+$/, '');
}

/** A PromQL query flattened to one line: lines trimmed and joined with single spaces. */
export function flattenPromql(query: string): string {
  return query
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}
