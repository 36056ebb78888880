/**
 * Env values keep MSP's two Go-template fields, `{{ .ProjectID }}` and `{{ .ServiceDnsName }}`,
 * which we resolve ourselves (never Terraform). Any other `{{ ... }}` is an error at validation.
 * MSP used html/template, which HTML-escaped the values; project IDs and DNS names contain no
 * HTML-special characters, so plain substitution gives the same result.
 */
const FIELDS = ['ProjectID', 'ServiceDnsName'] as const;
type TemplateField = (typeof FIELDS)[number];

interface Action {
  start: number;
  /** Index just past the closing `}}`. */
  end: number;
  /** The action body without trim markers and surrounding whitespace, e.g. `.ProjectID`. */
  body: string;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Finds `{{ ... }}` actions (each closed by the first `}}` after it) in one linear pass; a regex
 * with `\s*(.*?)\s*` backtracked polynomially on long runs of spaces. `stray` is set when a
 * `{{` is never closed or a `}}` appears outside an action.
 */
function scanActions(value: string): { actions: Action[]; stray: boolean } {
  const actions: Action[] = [];
  let stray = false;
  let i = 0;
  for (;;) {
    const open = value.indexOf('{{', i);
    const closeOutside = value.indexOf('}}', i);
    if (closeOutside >= 0 && (open < 0 || closeOutside < open)) stray = true;
    if (open < 0) break;
    const close = value.indexOf('}}', open + 2);
    if (close < 0) {
      stray = true;
      break;
    }
    let a = open + 2;
    let b = close;
    if (value[a] === '-') a++;
    while (a < b && isSpace(value[a])) a++;
    if (b > a && value[b - 1] === '-') b--;
    while (b > a && isSpace(value[b - 1])) b--;
    actions.push({ start: open, end: close + 2, body: value.slice(a, b) });
    i = close + 2;
  }
  return { actions, stray };
}

export function findTemplateProblems(value: string): { message: string; upstream: string }[] {
  const out: { message: string; upstream: string }[] = [];
  const { actions, stray } = scanActions(value);
  for (const act of actions) {
    const field = /^\.([A-Za-z]+)$/.exec(act.body)?.[1];
    if (!field || !FIELDS.includes(field as TemplateField)) {
      const text = value.slice(act.start, act.end);
      out.push({
        message: `Unsupported template ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`,
        upstream: field ? `execute template: "${value}"` : `parse env var template: "${value}"`,
      });
    }
  }
  if (stray)
    out.push({ message: 'Unbalanced template braces', upstream: `parse env var template: "${value}"` });
  return out;
}

/** Substitutes the two fields. Call only on values that passed `findTemplateProblems`. */
export function renderTemplate(value: string, fields: Record<TemplateField, string>): string {
  let out = '';
  let i = 0;
  for (const act of scanActions(value).actions) {
    out += value.slice(i, act.start) + (fields[act.body.slice(1) as TemplateField] ?? '');
    i = act.end;
  }
  return out + value.slice(i);
}
