/**
 * Checks users' custom Terraform next to a generated stack (docs/custom-terraform.md) with the
 * same provider-schema checker as generated code. Terraform reads every `*.tf.json` and `*.tf`
 * of a stack folder as one module, so a custom file may refer to the generated blocks (and to
 * the stack's `locals`): the generated documents are declared first, then the custom one is
 * checked, and every diagnostic is located at its line and column in the custom file. Blocks
 * declared twice (custom vs generated) are errors, as Terraform would report them. Pure.
 */
// The ES module build: the package's main entry is a UMD wrapper that bundlers cannot follow.
import * as jsonc from 'jsonc-parser/lib/esm/main.js';
import { type Diagnostic, error, type KeyPath, type SourceRange } from '../diagnostics/diagnostic.ts';
import { checkTerraformJson } from './check.ts';
import { loadVendoredSchemas, type SchemaIndex } from './schema.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A 1-based line/column position of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number; offset: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1, offset };
}

function rangeOf(file: string, text: string, offset: number, length: number): SourceRange {
  return { file, start: positionOf(text, offset), end: positionOf(text, offset + length) };
}

/** `resource.t.n` → `t.n`, `variable.x` → `var.x`, `locals.x` → `local.x`: Terraform's own address. */
function blockAddress(declared: string): string {
  return declared
    .replace(/^resource\./, '')
    .replace(/^variable\./, 'var.')
    .replace(/^locals\./, 'local.')
    .replace(/^required_providers\./, 'terraform.required_providers.');
}

/** The addresses a document declares, for duplicate detection: `resource.t.n`, `output.x`, … */
function declarations(doc: unknown): Map<string, KeyPath> {
  const out = new Map<string, KeyPath>();
  if (!isObject(doc)) return out;
  for (const section of ['resource', 'data'] as const) {
    const byType = doc[section];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType))
      if (isObject(byName))
        for (const name of Object.keys(byName)) out.set(`${section}.${type}.${name}`, [section, type, name]);
  }
  for (const section of ['variable', 'output', 'locals'] as const) {
    const m = doc[section];
    if (isObject(m)) for (const name of Object.keys(m)) out.set(`${section}.${name}`, [section, name]);
  }
  const rp = isObject(doc.terraform) ? doc.terraform.required_providers : undefined;
  if (isObject(rp))
    for (const name of Object.keys(rp))
      out.set(`required_providers.${name}`, ['terraform', 'required_providers', name]);
  return out;
}

/**
 * Checks a parsed custom document against the generated documents of the same stack folder.
 * Diagnostics carry `path` into the custom document (no ranges: see {@link checkCustomTerraformJson}).
 */
function checkCustomDocument(
  doc: unknown,
  generated: readonly unknown[],
  schemas: SchemaIndex = loadVendoredSchemas(),
): Diagnostic[] {
  // module, moved, import, removed and check blocks are Terraform's own: not schema-checked.
  const checked = isObject(doc)
    ? Object.fromEntries(Object.entries(doc).filter(([k]) => !UNCHECKED_SECTIONS.includes(k)))
    : doc;
  const diags = checkTerraformJson(checked, schemas, { alsoDeclared: generated });
  const mine = declarations(doc);
  const theirs = new Map<string, KeyPath>();
  for (const g of generated) for (const [k, v] of declarations(g)) theirs.set(k, v);
  for (const [address, path] of mine)
    if (theirs.has(address))
      diags.push(
        error('TF_DUPLICATE_DECLARATION', 'Already declared by the generated stack', path, {
          address: blockAddress(address),
          detail: 'Terraform reads every file of the folder as one module; a name may be declared once.',
          hint: 'Rename the block in your file, or refer to the generated one instead.',
        }),
      );
  if (isObject(doc) && isObject(doc.terraform))
    for (const key of ['backend', 'cloud'])
      if (doc.terraform[key] !== undefined)
        diags.push(
          error(
            'TF_CUSTOM_BACKEND',
            `The generated stack already configures its ${key}`,
            ['terraform', key],
            {
              detail: 'A Terraform module has one backend; msp configures it for every stack it generates.',
              hint: `Remove terraform.${key} from your file.`,
            },
          ),
        );
  return diags;
}

/**
 * Checks the text of a custom `*.tf.json` file (`file` is the path shown in messages) against the
 * generated documents of its stack folder. Every diagnostic has a range in `file`: JSON syntax
 * errors where they occur, schema errors at the key they are about (or the nearest enclosing one).
 */
export function checkCustomTerraformJson(
  file: string,
  text: string,
  generated: readonly unknown[],
  schemas?: SchemaIndex,
): Diagnostic[] {
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    const found = errors.map((e) => ({
      what: jsonc.printParseErrorCode(e.error),
      offset: e.offset,
      length: e.length,
    }));
    return (found.length > 0 ? found : [{ what: 'empty file', offset: 0, length: 0 }]).map((e) =>
      error('TF_CUSTOM_SYNTAX', `Invalid JSON: ${e.what}`, [], {
        file,
        range: rangeOf(file, text, e.offset, e.length),
        hint: 'Terraform JSON files must be plain JSON: no comments, no trailing commas.',
      }),
    );
  }
  const doc: unknown = jsonc.getNodeValue(root);
  return checkCustomDocument(doc, generated, schemas).map((d) => ({
    ...d,
    file,
    range: locateInJson(root, text, file, d.path),
  }));
}

/** The range of the key at `path` (or of the nearest existing ancestor). */
function locateInJson(root: jsonc.Node, text: string, file: string, path: KeyPath): SourceRange {
  for (let n = path.length; n >= 0; n--) {
    const node = jsonc.findNodeAtLocation(root, path.slice(0, n));
    if (!node) continue;
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    const at = key ?? node;
    return rangeOf(file, text, at.offset, at.length);
  }
  return rangeOf(file, text, 0, 0);
}

/** Top-level blocks Terraform allows that the schema check does not cover: skipped. */
const UNCHECKED_SECTIONS = ['module', 'moved', 'import', 'removed', 'check'];

/** Parsing results of a native `*.tf` file (see `src/io/hcl.ts`). */
interface HclParseResult {
  json?: unknown;
  error?: { line: number; column: number; message: string };
  unavailable?: string;
}

/**
 * The HCL parser's JSON (every block an array of bodies) in the shape the checker reads:
 * resource, data, variable and output bodies and `lifecycle` as objects, `locals` merged.
 */
export function normalizeHclJson(doc: unknown): unknown {
  if (!isObject(doc)) return doc;
  const one = (v: unknown) => (Array.isArray(v) && v.length === 1 ? v[0] : v);
  const out: Obj = {};
  for (const [section, value] of Object.entries(doc)) {
    if (section === 'resource' || section === 'data') {
      const byType: Obj = {};
      for (const [type, byName] of Object.entries(isObject(value) ? value : {})) {
        const names: Obj = {};
        for (const [name, body] of Object.entries(isObject(byName) ? byName : {})) {
          const b = one(body);
          names[name] = isObject(b) && b.lifecycle !== undefined ? { ...b, lifecycle: one(b.lifecycle) } : b;
        }
        byType[type] = names;
      }
      out[section] = byType;
    } else if (section === 'variable' || section === 'output') {
      out[section] = Object.fromEntries(
        Object.entries(isObject(value) ? value : {}).map(([k, v]) => [k, one(v)]),
      );
    } else if (section === 'locals') {
      out.locals = Array.isArray(value) ? Object.assign({}, ...value.filter(isObject)) : value;
    } else if (section === 'terraform') {
      out.terraform = Array.isArray(value) ? Object.assign({}, ...value.filter(isObject)) : value;
      const t = out.terraform;
      if (isObject(t) && Array.isArray(t.required_providers))
        out.terraform = {
          ...t,
          required_providers: Object.assign({}, ...t.required_providers.filter(isObject)),
        };
    } else out[section] = value;
  }
  return out;
}

/** Line of `resource "type" "name"` (or the block the path is in) and of the attribute in it. */
function locateInHcl(file: string, text: string, path: KeyPath): SourceRange {
  const lines = text.split('\n');
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [section, a, b] = path.map(String);
  let header: RegExp | undefined;
  if ((section === 'resource' || section === 'data') && a && b)
    header = new RegExp(`^\\s*${section}\\s+"${esc(a)}"\\s+"${esc(b)}"`);
  else if ((section === 'variable' || section === 'output' || section === 'provider') && a)
    header = new RegExp(`^\\s*${section}\\s+"${esc(a)}"`);
  else if (section === 'locals' && a) header = new RegExp(`^\\s*${esc(a)}\\s*=`);
  else if (section) header = new RegExp(`^\\s*${esc(section)}\\b`);
  const at = (line: number, col: number) => ({
    file,
    start: { line: line + 1, column: col + 1, offset: 0 },
    end: { line: line + 1, column: col + 1, offset: 0 },
  });
  const start = header ? lines.findIndex((l) => header!.test(l)) : -1;
  if (start < 0) return at(0, 0);
  // The first attribute or nested block named in the rest of the path, inside the block.
  const depth = section === 'resource' || section === 'data' ? 3 : 2;
  const names = path.slice(depth).filter((p): p is string => typeof p === 'string');
  let line = start;
  for (const name of names) {
    const re = new RegExp(`^\\s*${esc(name)}\\s*(=|\\{)`);
    const found = lines.findIndex((l, i) => i > line && re.test(l));
    if (found < 0) break;
    line = found;
  }
  return at(line, lines[line]!.search(/\S/));
}

/**
 * Checks a native `*.tf` file from its parse result: a located syntax error, or the schema check
 * of its blocks (located at the block, or the attribute, they are about).
 */
export function checkCustomHcl(
  file: string,
  text: string,
  parsed: HclParseResult,
  generated: readonly unknown[],
  schemas?: SchemaIndex,
): Diagnostic[] {
  if (parsed.unavailable)
    return [
      {
        severity: 'warning',
        code: 'TF_CUSTOM_NOT_CHECKED',
        message: `Not checked: ${parsed.unavailable}`,
        path: [],
        file,
      },
    ];
  if (parsed.error) {
    const { line, column, message } = parsed.error;
    return [
      error('TF_CUSTOM_SYNTAX', `Invalid HCL: ${message}`, [], {
        file,
        range: { file, start: { line, column, offset: 0 }, end: { line, column, offset: 0 } },
      }),
    ];
  }
  return checkCustomDocument(normalizeHclJson(parsed.json), generated, schemas).map((d) => ({
    ...d,
    file,
    range: locateInHcl(file, text, d.path),
  }));
}
