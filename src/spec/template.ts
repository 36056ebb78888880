/**
 * Env values keep MSP's two Go-template fields, `{{ .ProjectID }}` and `{{ .ServiceDnsName }}`,
 * which we resolve ourselves (never Terraform). Any other `{{ ... }}` is an error at validation.
 * MSP used html/template, which HTML-escaped the values; project IDs and DNS names contain no
 * HTML-special characters, so plain substitution gives the same result.
 */
const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;
const FIELDS = ['ProjectID', 'ServiceDnsName'] as const;
export type TemplateField = (typeof FIELDS)[number];

export function findTemplateProblems(value: string): { message: string; upstream: string }[] {
  const out: { message: string; upstream: string }[] = [];
  for (const m of value.matchAll(ACTION)) {
    const body = m[1]!;
    const field = /^\.([A-Za-z]+)$/.exec(body)?.[1];
    if (!field || !FIELDS.includes(field as TemplateField))
      out.push({
        message: `Unsupported template ${m[0]}`,
        upstream: field ? `execute template: "${value}"` : `parse env var template: "${value}"`,
      });
  }
  const stripped = value.replace(ACTION, '');
  if (stripped.includes('{{') || stripped.includes('}}'))
    out.push({ message: 'Unbalanced template braces', upstream: `parse env var template: "${value}"` });
  return out;
}

/** Substitutes the two fields. Call only on values that passed `findTemplateProblems`. */
export function renderTemplate(value: string, fields: Record<TemplateField, string>): string {
  return value.replace(ACTION, (_all, body: string) => fields[body.slice(1) as TemplateField] ?? '');
}
