/**
 * Terraform expressions. A plain JS string placed in a body is always a literal (escaped on
 * output); a {@link TfExpr} is the only thing that renders as `${...}`. Expressions come from
 * handles (`handle.ref('id')`), from {@link interpolate} (text mixed with references), from
 * {@link fn} (a function call) and, rarely, from {@link rawExpr} (hand-written HCL).
 */

import { escapeTemplateLiteral, quoteHclString } from './escape.ts';

/** A value that can appear inside an expression: literals, expressions, lists and objects. */
export type HclValue =
  | string
  | number
  | boolean
  | null
  | TfExpr
  | readonly HclValue[]
  | { readonly [key: string]: HclValue };

/** What a {@link TfExpr} is made of; `text` parts of a template are literal text. */
type Part =
  | { kind: 'code'; code: string }
  | { kind: 'value'; value: HclValue }
  | { kind: 'text'; text: string };

/** `ref`: a traversal; `call`: a function call; `raw`: hand-written HCL; `template`: a string template. */
type TfExprKind = 'ref' | 'call' | 'raw' | 'template';

const MISUSE =
  'A TfExpr was converted to a JS string. Use interpolate`...` to mix text and references, ' +
  'and serializeStack() to render a stack.';

/**
 * A Terraform expression. Immutable. Build one with a handle's `ref()`, {@link interpolate},
 * {@link fn} or {@link rawExpr}; the constructor is internal.
 */
export class TfExpr {
  /** @internal */
  readonly kind: TfExprKind;
  /** @internal */
  readonly parts: readonly Part[];

  /** @internal Use the factory functions. */
  constructor(kind: TfExprKind, parts: readonly Part[]) {
    this.kind = kind;
    this.parts = parts;
  }

  /** The expression in HCL syntax, as it appears between `${` and `}`. */
  toHcl(): string {
    if (this.kind === 'template') return `"${renderTemplate(this.parts, hclText)}"`;
    let out = '';
    for (const p of this.parts)
      out += p.kind === 'value' ? renderHclValue(p.value) : p.kind === 'code' ? p.code : '';
    return out;
  }

  /**
   * The Terraform JSON string for this expression: `${<hcl>}`, or for a template the text with
   * its literal parts escaped and its expressions as `${...}`.
   */
  toTemplate(): string {
    if (this.kind === 'template') return renderTemplate(this.parts, escapeTemplateLiteral);
    return `\${${this.toHcl()}}`;
  }

  /** Throws: a TfExpr must not be turned into a JS string by accident (it would lose its meaning). */
  toString(): string {
    throw new Error(MISUSE);
  }

  /** Throws for the same reason as {@link TfExpr.toString}. */
  toJSON(): never {
    throw new Error(MISUSE);
  }
}

/** True when `value` is a {@link TfExpr}. */
export function isTfExpr(value: unknown): value is TfExpr {
  return value instanceof TfExpr;
}

/**
 * A reference expression from root text (`google_project.p`, `var.x`) and a rendered traversal
 * (`.project_id`). Used by handles; stack code calls `handle.ref()` instead.
 */
export function refExpr(root: string, traversal = ''): TfExpr {
  return new TfExpr('ref', [{ kind: 'code', code: root + traversal }]);
}

/**
 * A function call, e.g. `fn('trimsuffix', sa.ref('email'), '.gserviceaccount.com')` renders
 * `${trimsuffix(google_service_account.x.email, ".gserviceaccount.com")}`. String arguments are
 * literals. Throws when `name` is not a function name.
 */
export function fn(name: string, ...args: HclValue[]): TfExpr {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_-]*)*$/.test(name)) {
    throw new Error(`invalid function name ${JSON.stringify(name)}`);
  }
  const parts: Part[] = [{ kind: 'code', code: `${name}(` }];
  args.forEach((value, i) => {
    if (i > 0) parts.push({ kind: 'code', code: ', ' });
    parts.push({ kind: 'value', value });
  });
  parts.push({ kind: 'code', code: ')' });
  return new TfExpr('call', parts);
}

/**
 * Hand-written HCL, for what {@link fn} cannot say (operators, `for` expressions). As a tagged
 * template, the literal pieces are HCL code and the substitutions are values: strings become
 * quoted HCL literals, expressions are inlined. `rawExpr\`${n} * 2\``. Rarely needed.
 */
export function rawExpr(code: TemplateStringsArray | string, ...values: HclValue[]): TfExpr {
  if (typeof code === 'string') return new TfExpr('raw', [{ kind: 'code', code }]);
  const parts: Part[] = [];
  code.forEach((piece, i) => {
    if (piece !== '') parts.push({ kind: 'code', code: piece });
    if (i < values.length) parts.push({ kind: 'value', value: values[i]! });
  });
  return new TfExpr('raw', parts);
}

/**
 * A string template mixing literal text and expressions:
 * `` interpolate`rediss://:${redis.ref('auth_string')}@${redis.ref('host')}` ``. The literal
 * text (and any JS string substituted) stays literal; numbers and booleans are written as text.
 * Throws when a list, object or null is substituted.
 */
export function interpolate(
  strings: TemplateStringsArray,
  ...values: (string | number | boolean | TfExpr)[]
): TfExpr {
  const parts: Part[] = [];
  strings.forEach((piece, i) => {
    if (piece !== '') parts.push({ kind: 'text', text: piece });
    if (i >= values.length) return;
    const v: unknown = values[i];
    if (v instanceof TfExpr) {
      if (v.kind === 'template') parts.push(...v.parts);
      else parts.push({ kind: 'value', value: v });
    } else if (typeof v === 'string') parts.push({ kind: 'text', text: v });
    else if (typeof v === 'number' || typeof v === 'boolean')
      parts.push({ kind: 'text', text: renderScalar(v) });
    else throw new Error(`interpolate: cannot place ${v === null ? 'null' : typeof v} in a string template`);
  });
  return new TfExpr('template', parts);
}

/** Escapes literal text for an HCL quoted template (the inside of `"..."`). */
function hclText(text: string): string {
  const quoted = quoteHclString(text);
  return quoted.slice(1, -1);
}

/**
 * Renders template parts. A literal that ends in `$` right before an interpolation would turn
 * `$` + `${` into the escape `$${`, so such trailing dollars are written as `${"$"}`.
 */
function renderTemplate(parts: readonly Part[], escapeText: (t: string) => string): string {
  let out = '';
  let pending = '';
  for (const p of parts) {
    if (p.kind === 'text') {
      pending += p.text;
      continue;
    }
    const code = p.kind === 'value' ? renderHclValue(p.value) : p.code;
    const head = pending.replace(/\$+$/, '');
    out += escapeText(head);
    if (head.length < pending.length) out += `\${${quoteHclString(pending.slice(head.length))}}`;
    pending = '';
    out += `\${${code}}`;
  }
  return out + escapeText(pending);
}

function renderScalar(v: number | boolean): string {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`cannot write ${v} in Terraform`);
  return String(v);
}

/** Renders a value in HCL expression syntax. Object keys are quoted and sorted for stable output. */
function renderHclValue(value: HclValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteHclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return renderScalar(value);
  if (value instanceof TfExpr) return value.kind === 'raw' ? `(${value.toHcl()})` : value.toHcl();
  if (Array.isArray(value)) return `[${value.map((v) => renderHclValue(v)).join(', ')}]`;
  if (typeof value !== 'object') throw new Error(`cannot write a ${typeof value} in Terraform`);
  const obj = value as { readonly [key: string]: HclValue };
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  if (keys.length === 0) return '{}';
  const items = keys.map((k) => `${quoteHclString(k)} = ${renderHclValue(obj[k]!)}`);
  return `{ ${items.join(', ')} }`;
}
