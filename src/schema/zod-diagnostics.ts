/**
 * Shape validation: runs the zod schema over the YAML value and turns its issues into located
 * diagnostics (unknown keys with a suggestion, wrong scalar types, enum values), after two
 * compatibility steps: legacy keys become warnings naming the replacement,
 * and scalars that MSP's yaml.v3 decoder coerces (a number where a string is expected keeps its
 * literal text; yes/no/on/off as booleans) are coerced the same way.
 */
import { isScalar, type Node } from 'yaml';
import type * as z from 'zod';
import { DOCUMENT_CODES, type DocumentKind } from '../diagnostics/codes/index.ts';
import {
  type Diagnostic,
  type DiagnosticCode,
  error,
  type KeyPath,
  type Result,
  warning,
} from '../diagnostics/diagnostic.ts';
import { showValue, suggest } from '../diagnostics/suggest.ts';
import { nodeAt, type YamlSource } from '../source/yaml-document.ts';

export interface LegacyKey {
  /** Path pattern; `*` matches any index or key. */
  pattern: string[];
  replacement: string;
}

/** The codes the shape check reports, per document kind (src/diagnostics/codes/index.ts). */
type ShapeCodes = (typeof DOCUMENT_CODES)[DocumentKind];

/** Validates `src.value` against `schema`. Returns the typed value only when there are no errors. */
export function validateShape<T>(
  src: YamlSource,
  schema: z.ZodType<T>,
  kind: DocumentKind,
  legacy: readonly LegacyKey[] = [],
): Result<T> {
  const codes: ShapeCodes = DOCUMENT_CODES[kind];
  const diagnostics: Diagnostic[] = [];
  let data = structuredClone(src.value);
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(
      error(codes.NOT_A_MAPPING, 'The document must be a mapping of keys to values', [], {
        found: data === null || data === undefined ? 'an empty document' : showValue(data),
        expected: 'a mapping with top-level keys',
        file: src.file,
      }),
    );
    return { diagnostics };
  }
  const legacyCode = 'LEGACY_KEY' in codes ? codes.LEGACY_KEY : undefined;
  if (legacyCode) for (const l of legacy) removeLegacy(data, l, [], diagnostics, legacyCode);

  // Coercions can only remove issues; two passes cover a coercion revealing a nested issue.
  for (let pass = 0; ; pass++) {
    const r = schema.safeParse(data);
    if (r.success) return { value: r.data, diagnostics };
    let patched = false;
    if (pass < 3) {
      for (const issue of r.error.issues) {
        if (issue.code !== 'invalid_type') continue;
        const coerced = coerceScalar(src, issue.path as KeyPath, issue.expected);
        if (coerced !== undefined) {
          data = setAt(data, issue.path as KeyPath, coerced.value);
          patched = true;
        }
      }
    }
    if (patched) continue;
    for (const issue of r.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as KeyPath;
      // A loop, not a spread: one issue may list tens of thousands of unknown keys.
      for (const d of issueToDiagnostics(issue, path, data, schema, codes)) diagnostics.push(d);
    }
    return { diagnostics: dedupe(diagnostics) };
  }
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const k = `${d.code}|${d.path.join('.')}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function coerceScalar(src: YamlSource, path: KeyPath, expected: string): { value: unknown } | undefined {
  const { node } = nodeAt(src.doc, path);
  if (!isScalar(node)) return undefined;
  const plain = node.type === 'PLAIN';
  const text = (node as Node & { source?: string }).source ?? String(node.value);
  if (expected === 'string' && plain && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    return { value: text };
  }
  if (expected === 'boolean' && plain && typeof node.value === 'string') {
    const t = node.value;
    if (/^(y|Y|yes|Yes|YES|on|On|ON)$/.test(t)) return { value: true };
    if (/^(n|N|no|No|NO|off|Off|OFF)$/.test(t)) return { value: false };
  }
  return undefined;
}

function setAt(root: unknown, path: KeyPath, v: unknown): unknown {
  if (path.length === 0) return v;
  let cur = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]!] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = v;
  return root;
}

function getAt(root: unknown, path: KeyPath): unknown {
  let cur = root;
  for (const p of path) {
    // Own keys only: a key the user did not write (`toString`, `constructor`) is not there.
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, p)) return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function removeLegacy(
  node: unknown,
  l: LegacyKey,
  at: KeyPath,
  out: Diagnostic[],
  code: DiagnosticCode,
): void {
  const depth = at.length;
  if (node === null || typeof node !== 'object') return;
  const head = l.pattern[depth]!;
  const last = depth === l.pattern.length - 1;
  const keys: (string | number)[] =
    head === '*' ? (Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node)) : [head];
  for (const k of keys) {
    const child = (node as Record<string | number, unknown>)[k];
    if (child === undefined) continue;
    if (last) {
      if (!Array.isArray(node)) {
        delete (node as Record<string, unknown>)[k as string];
        out.push(
          warning(code, `\`${String(k)}\` is a legacy key and is ignored`, [...at, k], {
            hint: `Use ${l.replacement} instead.`,
            detail: 'MSP silently ignores this key in current versions; it has no effect.',
          }),
        );
      }
    } else removeLegacy(child, l, [...at, k], out, code);
  }
}

type ZodLike = { _zod: { def: Record<string, unknown> & { type: string } } };

/** The object shape keys known at a path of the schema, for "did you mean" and "expected". */
function knownKeysAt(schema: unknown, path: KeyPath): string[] | undefined {
  let cur = unwrap(schema as ZodLike);
  for (const p of path) {
    if (!cur) return undefined;
    const def = cur._zod.def;
    if (def.type === 'object') cur = unwrap((def.shape as Record<string, ZodLike>)[String(p)]);
    else if (def.type === 'array') cur = unwrap(def.element as ZodLike);
    else if (def.type === 'record') cur = unwrap(def.valueType as ZodLike);
    else return undefined;
  }
  if (cur && cur._zod.def.type === 'object') return Object.keys(cur._zod.def.shape as object);
  return undefined;
}

function unwrap(s: ZodLike | undefined): ZodLike | undefined {
  let cur = s;
  while (cur && ['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(cur._zod.def.type)) {
    cur = cur._zod.def.innerType as ZodLike;
  }
  return cur;
}

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

function issueToDiagnostics(
  issue: z.core.$ZodIssue,
  path: KeyPath,
  data: unknown,
  schema: unknown,
  codes: ShapeCodes,
): Diagnostic[] {
  const found = getAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, path) ?? [];
      return issue.keys.map((k) => {
        const s = suggest(k, known);
        return error(codes.UNKNOWN_KEY, `Unknown key \`${k}\``, [...path, k], {
          expected: known.length > 0 ? `one of ${known.map((x) => `\`${x}\``).join(', ')}` : undefined,
          hint: s
            ? `Did you mean \`${s}\`?`
            : 'Remove it, or check the spec reference (docs/spec-reference.md).',
        });
      });
    }
    case 'invalid_type': {
      const key = path[path.length - 1];
      if (found === undefined) {
        const what = typeNames[issue.expected] ?? issue.expected;
        return [
          error(codes.MISSING_KEY, `Missing required key \`${String(key ?? '')}\``, path, {
            expected: what,
            hint: `Add \`${String(key)}\`.`,
          }),
        ];
      }
      const exp = typeNames[issue.expected] ?? issue.expected;
      const isFloatForInt = issue.expected === 'int' && typeof found === 'number';
      return [
        error(codes.WRONG_TYPE, `Expected ${exp}, found ${describeFound(found)}`, path, {
          found: showValue(found),
          expected: exp,
          hint: isFloatForInt
            ? 'Use a whole number.'
            : issue.expected === 'string' && typeof found !== 'object'
              ? 'Quote the value.'
              : undefined,
          upstream: isFloatForInt ? `cannot unmarshal !!float \`${String(found)}\` into int` : undefined,
        }),
      ];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      // zod reports a missing enum key as an invalid value; it is a missing key.
      if (found === undefined && path.length > 0)
        return [
          error(codes.MISSING_KEY, `Missing required key \`${String(path[path.length - 1])}\``, path, {
            expected: `one of ${allowed.join(', ')}`,
            hint: `Add \`${String(path[path.length - 1])}\`.`,
          }),
        ];
      const s = typeof found === 'string' ? suggest(found, issue.values.map(String)) : undefined;
      return [
        error(codes.INVALID_VALUE, `Invalid value ${showValue(found)}`, path, {
          found: showValue(found),
          expected: `one of ${allowed.join(', ')}`,
          hint: s ? `Did you mean ${JSON.stringify(s)}?` : undefined,
        }),
      ];
    }
    case 'invalid_union':
      return [
        error(codes.INVALID_VALUE, `Invalid value ${showValue(found)}`, path, {
          found: showValue(found),
          expected: 'a different value',
        }),
      ];
    case 'too_big':
    case 'too_small':
      return [rangeError(codes, issue, path, found)];
    default:
      return [error(codes.INVALID, issue.message, path, { found: showValue(found) })];
  }
}

/** msp's own wording for values outside a range (never the schema library's). */
function rangeError(
  codes: ShapeCodes,
  issue: {
    code: 'too_big' | 'too_small';
    maximum?: unknown;
    minimum?: unknown;
    inclusive?: boolean;
    origin?: string;
  },
  path: KeyPath,
  found: unknown,
): Diagnostic {
  const big = issue.code === 'too_big';
  const limit = Number(big ? issue.maximum : issue.minimum);
  const bound = `${big ? 'at most' : 'at least'} ${issue.inclusive === false ? (big ? limit - 1 : limit + 1) : limit}`;
  if (typeof found === 'number') {
    const huge = big && !Number.isSafeInteger(found);
    return error(codes.OUT_OF_RANGE, `Number ${showValue(found)} is too ${big ? 'large' : 'small'}`, path, {
      found: showValue(found),
      expected: huge ? 'a whole number of a sensible size (this one cannot be stored exactly)' : bound,
      hint: huge ? 'Check for extra digits.' : undefined,
    });
  }
  const unit = issue.origin === 'array' ? 'item' : 'character';
  return error(
    codes.OUT_OF_RANGE,
    `${issue.origin === 'array' ? 'List' : 'Text'} is too ${big ? 'long' : 'short'}`,
    path,
    {
      found: showValue(found),
      expected: `${bound} ${unit}${limit === 1 ? '' : 's'}`,
    },
  );
}

function describeFound(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? `the number ${v}` : `the decimal number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return `the string ${showValue(v)}`;
}
