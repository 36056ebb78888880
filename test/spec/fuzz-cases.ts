/**
 * Fuzz cases for the spec pipeline, shared by test/spec/fuzz.test.ts (a few thousand cases) and
 * scripts/fuzz-spec.ts (a larger run). A case starts from an example spec of examples/services,
 * applies structural mutations to its value (delete keys, swap value types, insert unknown keys,
 * odd strings and numbers, deep nesting) and then text mutations (duplicate lines, tabs, cuts,
 * raw bytes), and is checked by `checkResult` (and `checkGenerates` for specs that validate).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify } from 'yaml';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { generateService } from '../../src/generate/service.ts';
import { type ParseSpecResult, parseSpec } from '../../src/pipeline/parse-spec.ts';
import { builtinPlatform } from '../../src/platform/parse.ts';

const REPO = join(import.meta.dirname, '..', '..');

export interface Example {
  name: string;
  text: string;
  value: unknown;
  siblings: Record<string, string>;
}

/** The example specs with the files next to them (README, BigQuery schemas). */
export function loadExamples(): Example[] {
  const dir = join(REPO, 'examples', 'services');
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const siblings: Record<string, string> = {};
      for (const f of readdirSync(join(dir, name)))
        if (f !== 'service.yaml' && /\.(md|json)$/.test(f))
          siblings[f] = readFileSync(join(dir, name, f), 'utf8');
      const text = readFileSync(join(dir, name, 'service.yaml'), 'utf8');
      return { name, text, value: parseYaml(text), siblings };
    });
}

const nested = (depth: number, leaf: unknown, asList: boolean): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asList ? [v] : { n: v };
  return v;
};

/** Values that stress the validator: odd strings, numbers at the edges, nulls, nesting. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation, on purpose
    '${var.x}',
    '%{ if true }x%{ endif }',
    '{{ .ProjectID }}',
    '{{ .Nope }}',
    '{{',
    '}}{{',
    '$${x}',
    'yes',
    'no',
    'on',
    '~',
    '',
    ' ',
    '-',
    '0',
    '512Mi',
    '1Gi512Mi',
    '8GiB',
    '*/5 * * * *',
    '0 0 30 2 *',
    'projects/p/secrets/s',
    'project/x',
    'roles/editor',
    'h2c',
    'job',
    'rollout',
    'cloudflare',
    'external',
    'dev',
    'a'.repeat(300),
    '🚀🔥',
    'e\u0301',
    '\u202Eevil',
    '\\',
    '"',
    "'",
    '#',
    ': ',
    '- ',
  ),
  fc.integer(),
  fc.integer({ min: -2, max: 100 }),
  fc.double(),
  fc.constantFrom(0, -1, 1, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 1441, 3601),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.tuple(fc.integer({ min: 1, max: 120 }), fc.boolean()).map(([d, asList]) => nested(d, 'x', asList)),
);

/** A step of the walk from the root: picks child `i % n`. */
type Walk = number[];

export type StructOp =
  | { kind: 'delete'; walk: Walk }
  | { kind: 'set'; walk: Walk; value: unknown }
  | { kind: 'insert'; walk: Walk; key: string; value: unknown }
  | { kind: 'swapType'; walk: Walk }
  | { kind: 'duplicateItem'; walk: Walk };

export type TextOp =
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'tab'; at: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insertText'; at: number; text: string }
  | { kind: 'insertBytes'; at: number; bytes: number[] }
  | { kind: 'replaceChar'; at: number; char: string }
  | { kind: 'repeat'; text: string; times: number };

export interface FuzzCase {
  example: number;
  struct: StructOp[];
  text: TextOp[];
}

// At least one step: replacing or deleting the whole document is covered by the hostile tests.
const walk = fc.array(fc.nat(), { minLength: 1, maxLength: 7 });
const keyName = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('servce', 'instance', 'startupProbe', 'scaling', 'schedule', 'domain', 'kind', '<<', 'id'),
);

export const structOp: fc.Arbitrary<StructOp> = fc.oneof(
  walk.map((w) => ({ kind: 'delete' as const, walk: w })),
  fc.record({ kind: fc.constant('set' as const), walk, value: oddValue }),
  fc.record({ kind: fc.constant('insert' as const), walk, key: keyName, value: oddValue }),
  walk.map((w) => ({ kind: 'swapType' as const, walk: w })),
  walk.map((w) => ({ kind: 'duplicateItem' as const, walk: w })),
);

export const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.nat().map((at) => ({ kind: 'duplicateLine' as const, at })),
  fc.nat().map((at) => ({ kind: 'tab' as const, at })),
  fc.nat().map((at) => ({ kind: 'cut' as const, at })),
  fc.record({
    kind: fc.constant('insertText' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '&a ',
        '*a',
        '*undefined',
        '!!binary ',
        '!custom ',
        '? ',
        '- ',
        '[',
        '{',
        '"',
        "'",
        '|',
        '>',
        '---\n',
        '...\n',
        '%YAML 1.1\n',
        '\n  bogus: 1\n',
        '<<: *a\n',
        '#',
      ),
    ),
  }),
  fc.record({
    kind: fc.constant('insertBytes' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('replaceChar' as const),
    at: fc.nat(),
    char: fc.constantFrom(' ', ':', '-', '\t', '\n', '"', '[', '}', '&', '*', '!', '%', '@', '`', '\u0000'),
  }),
  fc.record({
    kind: fc.constant('repeat' as const),
    text: fc.constantFrom('[', '{a: ', '- ', '? ', '&x [*x, ', 'k: ', '  '),
    times: fc.integer({ min: 1, max: 3000 }),
  }),
);

export function fuzzCase(examples: number): fc.Arbitrary<FuzzCase> {
  return fc.record({
    example: fc.nat({ max: examples - 1 }),
    struct: fc.array(structOp, { maxLength: 6 }),
    // Text mutations are rarer: most cases should still parse as YAML and reach the rules.
    text: fc.oneof(
      { weight: 3, arbitrary: fc.constant([] as TextOp[]) },
      { weight: 1, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 3 }) },
    ),
  });
}

function children(node: unknown): [string | number, unknown][] {
  if (Array.isArray(node)) return node.map((v, i) => [i, v]);
  if (node && typeof node === 'object') return Object.entries(node);
  return [];
}

/** Follows `walk` as far as it goes; returns the container and key of the last step. */
function follow(
  root: { v: unknown },
  w: Walk,
): { parent: Record<string | number, unknown>; key: string | number } {
  let parent = root as unknown as Record<string | number, unknown>;
  let key: string | number = 'v';
  for (const step of w) {
    const kids = children(parent[key]);
    if (kids.length === 0) break;
    const next = parent[key] as Record<string | number, unknown>;
    key = kids[step % kids.length]![0];
    parent = next;
  }
  return { parent, key };
}

function swapType(v: unknown): unknown {
  if (typeof v === 'string') return /^\d+$/.test(v) ? Number(v) : [v];
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 0;
  if (v === null) return {};
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  if (typeof v === 'object') return Object.values(v as object);
  return null;
}

function applyStruct(value: unknown, ops: readonly StructOp[]): unknown {
  const root = { v: structuredClone(value) };
  for (const op of ops) {
    const { parent, key } = follow(root, op.walk);
    const target = parent[key];
    switch (op.kind) {
      case 'delete':
        if (parent === (root as unknown)) root.v = undefined;
        else if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case 'set':
        parent[key] = op.value;
        break;
      case 'insert':
        if (target && typeof target === 'object' && !Array.isArray(target))
          (target as Record<string, unknown>)[op.key] = op.value;
        else if (Array.isArray(target)) target.push(op.value);
        else parent[key] = { [op.key]: op.value };
        break;
      case 'swapType':
        parent[key] = swapType(target);
        break;
      case 'duplicateItem':
        if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
        else if (Array.isArray(target) && target.length > 0) target.push(structuredClone(target[0]));
        break;
    }
  }
  return root.v;
}

function applyText(text: string, ops: readonly TextOp[]): string | Uint8Array {
  let s = text;
  let bytes: Buffer | undefined;
  const pos = (at: number, len: number) => (len === 0 ? 0 : at % (len + 1));
  for (const op of ops) {
    if (bytes) break; // after raw bytes, the text is no longer a string
    const lines = s.split('\n');
    switch (op.kind) {
      case 'duplicateLine': {
        const i = op.at % lines.length;
        lines.splice(i, 0, lines[i]!);
        s = lines.join('\n');
        break;
      }
      case 'tab': {
        const i = op.at % lines.length;
        lines[i] = `\t${lines[i]!.replace(/^ {1,2}/, '')}`;
        s = lines.join('\n');
        break;
      }
      case 'cut':
        s = s.slice(0, pos(op.at, s.length));
        break;
      case 'insertText': {
        const p = pos(op.at, s.length);
        s = s.slice(0, p) + op.text + s.slice(p);
        break;
      }
      case 'insertBytes': {
        const b = Buffer.from(s, 'utf8');
        const p = pos(op.at, b.length);
        bytes = Buffer.concat([b.subarray(0, p), Buffer.from(op.bytes), b.subarray(p)]);
        break;
      }
      case 'replaceChar': {
        const p = op.at % Math.max(1, s.length);
        s = s.slice(0, p) + op.char + s.slice(p + 1);
        break;
      }
      case 'repeat':
        s = `${s}\nbogus: ${op.text.repeat(op.times)}\n`;
        break;
    }
  }
  return bytes ?? s;
}

/** The input a case produces: YAML text (or bytes) built from the mutated example. */
export function buildInput(c: FuzzCase, examples: readonly Example[]): string | Uint8Array {
  const ex = examples[c.example]!;
  const base = c.struct.length === 0 ? ex.text : safeStringify(applyStruct(ex.value, c.struct));
  return applyText(base, c.text);
}

function safeStringify(v: unknown): string {
  try {
    // `stringify(undefined)` is undefined: a deleted document becomes an empty file.
    return stringify(v, { aliasDuplicateObjects: false, lineWidth: 0 }) ?? '';
  } catch {
    return String(v);
  }
}

export interface CaseOutcome {
  ms: number;
  result: ParseSpecResult;
}

/** Problems with one result; empty when every invariant holds. */
export function checkResult(input: string | Uint8Array, r: ParseSpecResult): string[] {
  const problems: string[] = [];
  const length = typeof input === 'string' ? input.length : input.byteLength;
  const bad = (d: Diagnostic, why: string) =>
    problems.push(
      `${why}: ${JSON.stringify({ code: d.code, message: d.message, path: d.path, range: d.range })}`,
    );
  for (const d of r.diagnostics) {
    if (typeof d.code !== 'string' || !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(d.code)) bad(d, 'bad code');
    if (typeof d.message !== 'string' || d.message.trim() === '') bad(d, 'empty message');
    if (d.severity !== 'error' && d.severity !== 'warning') bad(d, 'bad severity');
    if (!Array.isArray(d.path) || d.path.some((p) => typeof p !== 'string' && typeof p !== 'number'))
      bad(d, 'bad path');
    if (!d.range) bad(d, 'no range');
    else {
      const { start, end } = d.range;
      if (!(start.line >= 1 && start.column >= 1)) bad(d, 'position below 1:1');
      if (!(Number.isInteger(start.line) && Number.isInteger(start.column))) bad(d, 'non-integer position');
      // Offsets index the decoded text; for the spec file they never pass its end.
      if (d.range.file === 'service.yaml' && (start.offset > length || end.offset < start.offset))
        bad(d, 'offset out of bounds');
    }
  }
  const hasError = r.diagnostics.some((d) => d.severity === 'error');
  if (hasError && r.value) problems.push('a value was returned despite errors');
  if (!hasError && !r.value) problems.push('no value and no error');
  return problems;
}

/**
 * Runs `fn` and returns the process warnings it emitted (Node prints them to stderr, so a
 * warning on bad input is noise a user sees). `process.emitWarning` defers the event, so it is
 * wrapped to catch each call as it happens.
 */
export function withProcessWarnings<T>(fn: () => T): { value: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = process.emitWarning;
  process.emitWarning = ((w: string | Error) => {
    warnings.push(typeof w === 'string' ? w : w.message);
  }) as typeof process.emitWarning;
  try {
    return { value: fn(), warnings };
  } finally {
    process.emitWarning = original;
  }
}

/**
 * Runs one case; throws only when parseSpec itself throws (which is a failure). A process
 * warning parseSpec emits is returned as a problem.
 */
export function runCase(
  c: FuzzCase,
  examples: readonly Example[],
): CaseOutcome & { input: string | Uint8Array; warnings: string[] } {
  const input = buildInput(c, examples);
  const ex = examples[c.example]!;
  const t0 = performance.now();
  const { value: result, warnings } = withProcessWarnings(() =>
    parseSpec({
      file: 'service.yaml',
      text: input,
      platform: builtinPlatform(),
      readSibling: (name) => ex.siblings[name],
      dir: '',
    }),
  );
  return {
    ms: performance.now() - t0,
    result,
    input,
    warnings: warnings.map((w) => `parseSpec emitted a process warning: ${w}`),
  };
}

/** Shows an input for a failure report. */
export function showInput(input: string | Uint8Array): string {
  if (typeof input === 'string')
    return input.length > 4000 ? `${input.slice(0, 4000)}\n… (${input.length} chars)` : input;
  return `<${input.byteLength} bytes> ${Buffer.from(input).toString('base64').slice(0, 4000)}`;
}

/**
 * For a spec that validated: generates every stack and returns the schema-check errors (a
 * valid spec must always give Terraform that passes the provider-schema check).
 */
export function checkGenerates(r: ParseSpecResult): string[] {
  if (!r.value) return [];
  const spec = r.value;
  const { value: gen, warnings } = withProcessWarnings(() =>
    generateService({
      spec,
      platform: builtinPlatform(),
      toolVersion: 'fuzz',
      specPath: 'services/fuzz/service.yaml',
      inputHash: '',
    }),
  );
  return [
    ...gen.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `generated Terraform fails the schema check: ${d.file}: ${d.code} ${d.message}`),
    ...warnings.map((w) => `generate emitted a process warning: ${w}`),
  ];
}
