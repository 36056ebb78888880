/** Rules of `monitoring.alerts`: response-code ratio alerts and custom alerts. */

import { type Diagnostic, error, type KeyPath } from '../diagnostics/diagnostic.ts';
import { queryCode } from '../query/queries.ts';
import { ALERT_ID, CODE_CLASS, CUSTOM_ALERT_NAME, HTTP_CODE, RANGES } from './constraints.ts';
import { SPEC_DEFAULTS } from './defaults.ts';
import { firstAt, type RuleContext, type ServiceRule } from './rules-context.ts';

function checkResponseCodeAlerts({ spec }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  /** Alert id → index of its first alert. */
  const ids = new Map<string, number>();
  (spec.monitoring?.alerts?.responseCodeRatios ?? []).forEach((a, i) => {
    const p = (...k: (string | number)[]): KeyPath => ['monitoring', 'alerts', 'responseCodeRatios', i, ...k];
    if (a.id === '')
      out.push(
        error('SPEC_ALERT_ID_MISSING', 'Alert id is required', p('id'), {
          upstream: 'responseCodeRatios[].id is required and cannot be empty',
        }),
      );
    else if (ids.has(a.id))
      out.push(
        error('SPEC_ALERT_ID_DUPLICATE', `Response code alert id "${a.id}" is used more than once`, p('id'), {
          upstream: `response code alert IDs must be unique, found duplicate ID: ${a.id}`,
          related: firstAt(['monitoring', 'alerts', 'responseCodeRatios', ids.get(a.id)!, 'id']),
        }),
      );
    else if (!ALERT_ID.test(a.id))
      out.push(
        error('SPEC_ALERT_ID_INVALID', `Invalid alert id "${a.id}"`, p('id'), {
          expected: 'letters, digits, `_` and `-`',
        }),
      );
    if (!ids.has(a.id)) ids.set(a.id, i);
    if (a.name === '')
      out.push(
        error('SPEC_ALERT_NAME_MISSING', 'Alert name is required', p('name'), {
          upstream: 'responseCodeRatios[].name is required',
        }),
      );
    if (a.code !== undefined && a.code <= 0)
      out.push(
        error('SPEC_ALERT_CODE_NOT_POSITIVE', 'Status code must be positive', p('code'), {
          upstream: 'responseCodeRatios[].code must be positive',
        }),
      );
    if (a.code !== undefined && (a.code < 100 || a.code > 599) && a.code > 0)
      out.push(
        error('SPEC_ALERT_CODE_NOT_HTTP', 'Status code must be an HTTP status code (100–599)', p('code'), {
          found: String(a.code),
        }),
      );
    if (a.codeClass !== undefined && !CODE_CLASS.test(a.codeClass))
      out.push(
        error('SPEC_ALERT_CODE_CLASS', 'Code class must look like 4xx or 5xx', p('codeClass'), {
          found: a.codeClass,
          upstream: 'responseCodeRatios[].codeClass must match the format Nxx (e.g. 4xx, 5xx)',
          hint: /^[1-5]XX$/.test(a.codeClass) ? `Did you mean "${a.codeClass.toLowerCase()}"?` : undefined,
        }),
      );
    if (a.code !== undefined && a.codeClass !== undefined)
      out.push(
        error('SPEC_ALERT_CODE_AND_CLASS', 'Set only one of `code` and `codeClass`', p('code'), {
          upstream:
            'only one of responseCodeRatios[].code or responseCodeRatios[].codeClass should be specified',
        }),
      );
    if (a.code === undefined && a.codeClass === undefined)
      out.push(
        error('SPEC_ALERT_CODE_MISSING', 'Set one of `code` or `codeClass`', p('id'), {
          detail: 'Stricter than MSP, which produced an alert matching nothing.',
        }),
      );
    (a.excludeCodes ?? []).forEach((c, j) => {
      if (!HTTP_CODE.test(c))
        out.push(
          error(
            'SPEC_ALERT_EXCLUDE_CODE',
            'Excluded code must be an HTTP status code like "501"',
            p('excludeCodes', j),
            {
              found: c,
            },
          ),
        );
    });
    out.push(
      ...durationProblems(
        a.durationMinutes,
        p('durationMinutes'),
        'responseCodeRatios[].duration must be less than 1440 minutes',
      ),
    );
    if (a.ratio < RANGES.ratio.min || a.ratio > RANGES.ratio.max)
      out.push(
        error('SPEC_ALERT_RATIO', 'Ratio must be between 0 and 1', p('ratio'), {
          upstream: 'responseCodeRatios[].ratio must be between 0 and 1',
          found: String(a.ratio),
        }),
      );
  });
  return out;
}

function durationProblems(minutes: number | undefined, path: KeyPath, upstream: string): Diagnostic[] {
  const m = minutes ?? SPEC_DEFAULTS.alertDurationMinutes;
  if (m > RANGES.alertDurationMinutes.max)
    return [
      error('SPEC_ALERT_DURATION_TOO_LONG', 'durationMinutes must be at most 1440', path, { upstream }),
    ];
  if (m < 0) return [error('SPEC_ALERT_DURATION_NEGATIVE', 'durationMinutes must not be negative', path)];
  return [];
}

function checkCustomAlerts({ spec }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  /** Normalised name → index of its first alert. */
  const names = new Map<string, number>();
  (spec.monitoring?.alerts?.customAlerts ?? []).forEach((a, i) => {
    const p = (...k: string[]): KeyPath => ['monitoring', 'alerts', 'customAlerts', i, ...k];
    const id = a.name.toLowerCase().replaceAll(' ', '-');
    if (a.name === '')
      out.push(
        error('SPEC_ALERT_NAME_MISSING', 'Alert name is required', p('name'), {
          upstream: 'customAlerts[].name is required',
        }),
      );
    else if (!CUSTOM_ALERT_NAME.test(id))
      out.push(
        error(
          'SPEC_CUSTOM_ALERT_NAME_INVALID',
          `Custom alert name "${a.name}" may contain only letters, digits, spaces and hyphens`,
          p('name'),
          { upstream: `custom alert name must match the format ^[-A-Za-z0-9 ]+$, got: \`${a.name}\`` },
        ),
      );
    if (names.has(id))
      out.push(
        error(
          'SPEC_CUSTOM_ALERT_NAME_DUPLICATE',
          `Custom alert name "${a.name}" is used more than once`,
          p('name'),
          {
            upstream: `custom alert names must be unique, found duplicate Name: \`${a.name}\``,
            detail: 'Names are compared case-insensitively, with spaces equal to hyphens.',
            related: firstAt(['monitoring', 'alerts', 'customAlerts', names.get(id)!, 'name']),
          },
        ),
      );
    if (!names.has(id)) names.set(id, i);
    if (a.condition.query.trim() === '')
      out.push(
        error('SPEC_CUSTOM_ALERT_QUERY_EMPTY', 'Query cannot be empty', p('condition', 'query'), {
          upstream: 'customAlerts[].condition.query cannot be empty',
        }),
      );
    else if (queryCode(a.condition.query).trim() === '')
      out.push(
        error('SPEC_CUSTOM_ALERT_QUERY_COMMENTS', 'Query is only comments', p('condition', 'query'), {
          detail: 'Every line starts a `#` comment, so Cloud Monitoring would receive no query.',
          hint: 'Write the query below the comments, one expression per line or across lines.',
        }),
      );
    out.push(
      ...durationProblems(
        a.condition.durationMinutes,
        p('condition', 'durationMinutes'),
        'customAlerts[].condition.durationMinutes must be less than 1440 minutes',
      ),
    );
  });
  return out;
}

/** Rules of the alerts; a partial spec keeps the shape-valid ones. */
export const MONITORING_RULES: readonly ServiceRule[] = [
  { name: 'response code alerts', check: checkResponseCodeAlerts },
  { name: 'custom alerts', check: checkCustomAlerts },
];
