/**
 * Part of the schema check: every name a resource body gives an API (resource names, IDs,
 * labels) against the naming rules of `naming-rules.ts`. A literal name is checked whole
 * (length and pattern); a name built with interpolations is checked for its literal part alone
 * (already too long means too long whatever the references turn into). Pure.
 */
import type { KeyPath } from '../diagnostics/diagnostic.ts';
import type { CheckContext } from './check-context.ts';
import { findTemplateSequence } from './escape.ts';
import { LABEL_ATTRIBUTES, LABEL_KEY, LABEL_VALUE, NAMING_RULES, type NameRule } from './naming-rules.ts';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const unescapeLiteral = (s: string) => s.replace(/\$\$\{|%%\{/g, (m) => m.slice(1));

/**
 * The literal text of a Terraform template string (escapes undone, `${…}`/`%{…}` sequences
 * dropped) and whether that is all of it.
 */
export function templateLiteralText(template: string): { text: string; complete: boolean } {
  let text = '';
  let complete = true;
  let i = 0;
  while (i < template.length) {
    const rest = template.slice(i);
    const at = findTemplateSequence(rest);
    if (at < 0) {
      text += unescapeLiteral(rest);
      break;
    }
    text += unescapeLiteral(rest.slice(0, at));
    complete = false;
    // Skip to the brace closing the sequence; quoted strings inside may hold braces.
    let depth = 0;
    let j = i + at + 1;
    for (; j < template.length; j++) {
      const c = template[j];
      if (c === '"') {
        for (j++; j < template.length && template[j] !== '"'; j++) if (template[j] === '\\') j++;
      } else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    i = j + 1;
  }
  return { text, complete };
}

/** Checks one value against a rule; reports at `path`. */
function checkName(
  ctx: CheckContext,
  address: string,
  rule: NameRule,
  value: unknown,
  path: KeyPath,
  label: string,
): void {
  if (typeof value !== 'string') return;
  const { text, complete } = templateLiteralText(value);
  const len = [...text].length;
  const extra = { found: text, detail: `${rule.what}: see ${rule.doc}` };
  const range = rule.min === rule.max ? `${rule.max}` : `${rule.min}–${rule.max}`;
  if (len > rule.max) {
    ctx.error(
      'TF_NAME_TOO_LONG',
      `${label} "${text}" is ${complete ? '' : 'at least '}${len} characters, ${rule.what} allows at most ${rule.max}`,
      path,
      { ...extra, address, expected: `${range} characters` },
    );
    return;
  }
  if (!complete) return;
  if (len < rule.min) {
    ctx.error(
      'TF_NAME_TOO_SHORT',
      `${label} "${text}" is ${len} characters, ${rule.what} needs at least ${rule.min}`,
      path,
      { ...extra, address, expected: `${range} characters` },
    );
  } else if (rule.pattern && !rule.pattern.test(text)) {
    ctx.error('TF_NAME_INVALID', `${label} "${text}" is not a valid ${rule.what}`, path, {
      ...extra,
      address,
      expected: rule.patternText ?? String(rule.pattern),
    });
  }
}

/**
 * Checks the names in every resource body of `resources` (the document's `resource` object)
 * against {@link NAMING_RULES} and the label rules. Diagnostics: `TF_NAME_TOO_LONG`,
 * `TF_NAME_TOO_SHORT`, `TF_NAME_INVALID`, with `found` holding the literal name.
 */
export function checkNames(ctx: CheckContext, resources: unknown): void {
  if (!isObject(resources)) return;
  for (const [type, byName] of Object.entries(resources)) {
    const rules = NAMING_RULES[type];
    const labelAttrs = LABEL_ATTRIBUTES[type];
    if ((!rules && !labelAttrs) || !isObject(byName)) continue;
    for (const [name, body] of Object.entries(byName)) {
      if (!isObject(body)) continue;
      const address = `${type}.${name}`;
      for (const [attr, rule] of Object.entries(rules ?? {}))
        checkName(ctx, address, rule, body[attr], ['resource', type, name, attr], attr);
      for (const attr of labelAttrs ?? []) {
        const labels = body[attr];
        if (!isObject(labels)) continue;
        for (const [k, v] of Object.entries(labels)) {
          const p: KeyPath = ['resource', type, name, attr, k];
          checkName(ctx, address, LABEL_KEY, k, p, `${attr} key`);
          checkName(ctx, address, LABEL_VALUE, v, p, `${attr}.${k}`);
        }
      }
    }
  }
}
