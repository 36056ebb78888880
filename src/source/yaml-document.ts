import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  visit,
  type YAMLMap,
} from 'yaml';
import { DOCUMENT_CODES, type DocumentKind } from '../diagnostics/codes/index.ts';
import {
  type Diagnostic,
  error,
  type KeyPath,
  type Result,
  type SourceRange,
} from '../diagnostics/diagnostic.ts';
import { findIndentProblem } from './indentation.ts';
import { fileSizeProblem, LIMITS } from './limits.ts';

/** A parsed YAML file: the document (for positions and edits) and its plain value. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain JS value, or undefined when the document could not be read. */
  value: unknown;
}

/**
 * Decodes bytes as strict UTF-8 and parses one YAML document with source positions.
 * Never throws: every problem (size, encoding, tabs, syntax, duplicate keys, aliases, depth)
 * comes back as a located diagnostic, and the result has no `value` when nothing usable was read.
 * The steps run in order and the first that finds a problem ends the read: {@link decodeText},
 * {@link checkBeforeParsing}, {@link parseOneDocument}, {@link syntaxProblems},
 * {@link tagAndAliasProblems}, {@link buildValue}, {@link unwritableTextProblems}.
 */
export function parseYamlSource(
  file: string,
  input: string | Uint8Array,
  kind: DocumentKind = 'SPEC',
): Result<YamlSource> {
  const ctx: ReadContext = { file, codes: DOCUMENT_CODES[kind] };
  const decoded = decodeText(ctx, input);
  if ('problem' in decoded) return { diagnostics: [decoded.problem] };
  const { text } = decoded;
  const tooBig = checkBeforeParsing(ctx, text);
  if (tooBig) return { diagnostics: [tooBig] };
  const parsed = parseOneDocument(ctx, text);
  if ('problem' in parsed) return { diagnostics: [parsed.problem] };
  const { doc, lineCounter } = parsed;
  const at: Positions = { file, rangeOf: rangeIn(file, lineCounter) };
  const syntax = syntaxProblems(ctx, at, doc, text);
  if (syntax.length > 0) return { diagnostics: syntax };
  const references = tagAndAliasProblems(ctx, at, doc);
  if (references.length > 0) return { diagnostics: references };
  const built = buildValue(ctx, at, doc);
  if ('problem' in built) return { diagnostics: [built.problem] };
  const source: YamlSource = { file, text, doc, lineCounter, value: built.value };
  const unwritable = unwritableTextProblems(ctx, source);
  if (unwritable.length > 0) return { diagnostics: unwritable };
  return { value: source, diagnostics: [] };
}

/** What every step of a read knows: the file shown in diagnostics and its kind's codes. */
interface ReadContext {
  file: string;
  codes: (typeof DOCUMENT_CODES)[DocumentKind];
}

/** Ranges in the parsed text. */
interface Positions {
  file: string;
  rangeOf: (pos: readonly [number, number]) => SourceRange;
}

/** Diagnostics a read reports at most (the rest are usually follow-on errors). */
const MAX_READ_DIAGNOSTICS = 20;

/** A range of zero width at a line and column (line 1, column 1 by default). */
function pointAt(file: string, line = 1, column = 1, offset = 0): SourceRange {
  return { file, start: { line, column, offset }, end: { line, column, offset } };
}

function rangeIn(file: string, lineCounter: LineCounter): Positions['rangeOf'] {
  return (pos) => {
    const s = lineCounter.linePos(pos[0]);
    const e = lineCounter.linePos(pos[1]);
    return {
      file,
      start: { line: s.line, column: s.col, offset: pos[0] },
      end: { line: e.line, column: e.col, offset: pos[1] },
    };
  };
}

/** Step 1: the size limit, strict UTF-8 and a leading byte-order mark dropped. */
function decodeText(
  ctx: ReadContext,
  input: string | Uint8Array,
): { text: string } | { problem: Diagnostic } {
  const { file, codes } = ctx;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  const tooLarge = fileSizeProblem(size);
  if (tooLarge)
    return {
      problem: error(codes.FILE_TOO_LARGE, tooLarge.message, [], {
        file,
        range: pointAt(file),
        hint: tooLarge.hint,
      }),
    };
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      const bad = firstInvalidUtf8(input);
      const before = new TextDecoder('utf-8').decode(input.subarray(0, bad));
      const lines = before.split('\n');
      return {
        problem: error(codes.NOT_UTF8, 'File is not valid UTF-8', [], {
          file,
          range: pointAt(file, lines.length, (lines[lines.length - 1]?.length ?? 0) + 1, before.length),
          detail: `Byte ${bad} starts an invalid UTF-8 sequence.`,
          hint: 'Save the file as UTF-8.',
        }),
      };
    }
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/**
 * Step 2: nesting depth and the number of values, checked before parsing: the YAML composer
 * recurses per level, and its syntax tree costs about a kilobyte per value (a 4 MiB flow list
 * of two million values took 2.1 GB).
 */
function checkBeforeParsing(ctx: ReadContext, text: string): Diagnostic | undefined {
  const { file, codes } = ctx;
  const scanned = prescan(text);
  if (scanned === undefined) return undefined;
  const pos = linePosOf(text, scanned.offset);
  const range = pointAt(file, pos.line, pos.col, scanned.offset);
  return scanned.problem === 'depth'
    ? error(codes.TOO_DEEP, `Nesting is deeper than ${LIMITS.maxDepth} levels`, [], {
        file,
        range,
        hint: 'service.yaml needs only a few levels; this looks like generated or corrupted input.',
      })
    : error(
        codes.TOO_MANY_VALUES,
        `The document has more than ${LIMITS.maxNodes.toLocaleString('en-US')} values`,
        [],
        {
          file,
          range,
          detail: `This is where the ${(LIMITS.maxNodes + 1).toLocaleString('en-US')}th value starts. The limit keeps memory bounded (docs/limits.md).`,
          hint: 'A service.yaml has a few hundred values; this looks like generated or corrupted input.',
        },
      );
}

/** Step 3: the YAML parser, with positions. */
function parseOneDocument(
  ctx: ReadContext,
  text: string,
): { doc: Document.Parsed; lineCounter: LineCounter } | { problem: Diagnostic } {
  const lineCounter = new LineCounter();
  try {
    const doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      // Checked by keyProblems in linear time: yaml's own check is quadratic in the keys of one mapping.
      uniqueKeys: false,
      strict: true,
      keepSourceTokens: false,
    });
    return { doc, lineCounter };
  } catch (e) {
    return {
      problem: error(ctx.codes.YAML_SYNTAX, `YAML could not be parsed: ${(e as Error).message}`, [], {
        file: ctx.file,
        range: pointAt(ctx.file),
      }),
    };
  }
}

/**
 * Step 4: the parser's errors and the keys of every mapping (plain text, unique), in text
 * order, then narrowed to what the user should fix first ({@link focusSyntaxProblems}).
 */
function syntaxProblems(ctx: ReadContext, at: Positions, doc: Document.Parsed, text: string): Diagnostic[] {
  const found = parserErrors(ctx, at, doc);
  keyProblems(ctx, at, doc, found);
  found.sort((a, b) => (a.range?.start.offset ?? 0) - (b.range?.start.offset ?? 0));
  return focusSyntaxProblems(ctx, found, text);
}

/** The parser's own errors: syntax, tabs, duplicate keys, several documents, too deep. */
function parserErrors(ctx: ReadContext, at: Positions, doc: Document.Parsed): Diagnostic[] {
  const { file, codes } = ctx;
  const out: Diagnostic[] = [];
  let sawTooDeep = false;
  for (const err of doc.errors) {
    if (out.length >= MAX_READ_DIAGNOSTICS) break;
    const isTab = err.code === 'TAB_AS_INDENT' || /tab/i.test(err.message);
    // The parser catches its own stack overflow on nesting the pre-scan cannot see (mid-line `? ? ?`).
    const tooDeep = /call stack/i.test(err.message);
    if (tooDeep && sawTooDeep) continue;
    sawTooDeep ||= tooDeep;
    if (err.code === 'MULTIPLE_DOCS') {
      out.push(
        error(codes.MULTIPLE_DOCUMENTS, 'The file holds more than one YAML document', [], {
          file,
          range: at.rangeOf(err.pos),
          detail: 'A `---` line starts a second document here; msp reads exactly one document per file.',
          hint: 'Remove the `---` line (and merge what follows into the first document), or move it to its own file.',
        }),
      );
      continue;
    }
    const code =
      err.code === 'DUPLICATE_KEY'
        ? codes.DUPLICATE_KEY
        : isTab
          ? codes.YAML_TAB
          : tooDeep
            ? codes.TOO_DEEP
            : codes.YAML_SYNTAX;
    out.push(
      error(code, tooDeep ? 'Nesting is too deep to parse' : firstLine(err.message), [], {
        file,
        range: at.rangeOf(err.pos),
        hint:
          err.code === 'DUPLICATE_KEY'
            ? 'Each key may appear once per mapping: merge the two entries.'
            : isTab
              ? 'Indent with spaces; YAML does not allow tabs for indentation.'
              : undefined,
      }),
    );
  }
  return out;
}

/** Mapping keys that are not plain text, and repeated keys; added to `out` up to the cap. */
function keyProblems(ctx: ReadContext, at: Positions, doc: Document.Parsed, out: Diagnostic[]): void {
  const { file, codes } = ctx;
  try {
    visit(doc, {
      Map(_k, map) {
        const seen = new Set<unknown>();
        for (const pair of map.items) {
          const key = pair.key;
          // A tagged scalar can be an object too (`!!binary k` is bytes, `!!timestamp` a Date).
          if (!isScalar(key) || (typeof key.value === 'object' && key.value !== null)) {
            // `{a: 1}: x` or `[a]: x`: YAML allows it, a spec never means it, and turning it
            // into a JS object would only stringify the key (with a process warning).
            const r = (key as { range?: [number, number, number] } | null)?.range;
            if (out.length < MAX_READ_DIAGNOSTICS && key !== null)
              out.push(
                error(codes.COMPLEX_KEY, 'Mapping keys must be plain text, not a mapping or a list', [], {
                  file,
                  range: r ? at.rangeOf([r[0], r[1]]) : pointAt(file),
                  hint: 'Write the key as a plain word, e.g. `gcpRegion: us-west1`; check the indentation and colons.',
                }),
              );
            continue;
          }
          if (!seen.has(key.value)) {
            seen.add(key.value);
            continue;
          }
          if (out.length >= MAX_READ_DIAGNOSTICS || !key.range) continue;
          out.push(
            error(codes.DUPLICATE_KEY, 'Map keys must be unique', [], {
              file,
              range: at.rangeOf([key.range[0], key.range[1]]),
              found: JSON.stringify(String(key.value)).slice(0, 80),
              hint: 'Each key may appear once per mapping: merge the two entries.',
            }),
          );
        }
      },
    });
  } catch {
    // Only reachable on nesting the parser already reported; nothing more to add.
  }
}

/**
 * The syntax problems worth showing: a tab used as indentation derails the parser (the errors
 * after it are only follow-ons); a mis-indented line derails it into several messages, often
 * on the line before, so it is reported once, on the line itself, with the indentation that fits.
 */
function focusSyntaxProblems(ctx: ReadContext, found: Diagnostic[], text: string): Diagnostic[] {
  const { file, codes } = ctx;
  if (found.some((d) => d.code === codes.YAML_TAB)) return found.filter((d) => d.code === codes.YAML_TAB);
  const first = found.find((d) => d.code === codes.YAML_SYNTAX);
  if (first) {
    const p = findIndentProblem(text);
    if (p && p.line <= (first.range?.start.line ?? 0) + 1) {
      const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
      const fits = p.allowed.map(spaces);
      return [
        error(codes.YAML_INDENT, 'This line is not indented like the lines around it', [], {
          file,
          range: pointAt(file, p.line, p.column, p.offset),
          found: spaces(p.column - 1),
          expected: fits.length === 1 ? fits[0]! : `one of ${fits.join(', ')}`,
          hint: `Indent this line by ${fits[0]}${p.previous ? `, like \`${p.previous}\` above` : ''}; a deeper indent only follows a line that ends with \`:\`.`,
        }),
      ];
    }
  }
  return found;
}

/**
 * Step 5: unknown tags (`!foo bar` would silently become a plain string: the value would not be
 * what the file says), undefined aliases and oversized alias expansions, before building.
 */
function tagAndAliasProblems(ctx: ReadContext, at: Positions, doc: Document.Parsed): Diagnostic[] {
  const { file, codes } = ctx;
  const out: Diagnostic[] = [];
  for (const w of doc.warnings)
    if (w.code === 'TAG_RESOLVE_FAILED' && out.length < MAX_READ_DIAGNOSTICS)
      out.push(
        error(codes.UNKNOWN_TAG, firstLine(w.message).replace(/^Unresolved tag/, 'Unknown YAML tag'), [], {
          file,
          range: at.rangeOf(w.pos),
          detail: 'msp reads plain YAML values only; a tag would be dropped and change what the value means.',
          hint: 'Remove the tag (the `!…` word before the value), or quote the whole value if the `!` is part of the text.',
        }),
      );
  const aliasProblem = checkAliases(doc);
  if (aliasProblem)
    out.push(
      aliasProblem.kind === 'undefined'
        ? error(codes.UNDEFINED_ALIAS, `Alias \`*${aliasProblem.name}\` refers to no anchor`, [], {
            file,
            range: at.rangeOf(aliasProblem.pos),
            detail: `No \`&${aliasProblem.name}\` anchor is defined before this alias.`,
            hint: `Define \`&${aliasProblem.name}\` on a value above this line, or write the value out.`,
          })
        : error(codes.ALIAS_LIMIT, 'Aliases expand to too much data', [], {
            file,
            range: at.rangeOf(aliasProblem.pos),
            detail:
              aliasProblem.kind === 'count'
                ? `Expanding aliases would exceed ${LIMITS.maxAliasCount} nodes (a guard against "billion laughs" documents).`
                : `Expanded, the aliases would add more than ${LIMITS.maxAliasBytes} bytes of source (a guard against amplification).`,
            hint: 'Write the values out instead of nesting aliases.',
          }),
    );
  return out;
}

/** Step 6: the plain JS value (aliases expanded within the limit). */
function buildValue(
  ctx: ReadContext,
  at: Positions,
  doc: Document.Parsed,
): { value: unknown } | { problem: Diagnostic } {
  const { file, codes } = ctx;
  try {
    return { value: doc.toJS({ maxAliasCount: LIMITS.maxAliasCount }) };
  } catch (e) {
    const msg = (e as Error).message;
    const alias = /alias/i.test(msg);
    // Point at the first alias rather than the top of the file.
    let firstAlias: [number, number] | undefined;
    if (alias)
      visit(doc, {
        Alias(_k, node) {
          if (node.range) firstAlias = [node.range[0], node.range[1]];
          return visit.BREAK;
        },
      });
    return {
      problem: error(
        alias ? codes.ALIAS_LIMIT : codes.YAML_SYNTAX,
        alias ? 'Too many alias expansions' : firstLine(msg),
        [],
        {
          file,
          range: firstAlias ? at.rangeOf(firstAlias) : pointAt(file),
          detail: alias
            ? `Expanding aliases would exceed ${LIMITS.maxAliasCount} nodes (a guard against "billion laughs" documents).`
            : undefined,
          hint: alias ? 'Write the values out instead of nesting aliases.' : undefined,
        },
      ),
    };
  }
}

/**
 * Step 7: strings that cannot be written out as they are: a lone UTF-16 surrogate (from a
 * `\ud800` escape) has no UTF-8 form, and NUL is refused by every API the values reach.
 */
function unwritableTextProblems(ctx: ReadContext, source: YamlSource): Diagnostic[] {
  const { file, codes } = ctx;
  return findUnwritableStrings(source.value)
    .slice(0, MAX_READ_DIAGNOSTICS)
    .map((b) =>
      error(
        codes.UNWRITABLE_TEXT,
        b.why === 'surrogate'
          ? 'Text holds a lone UTF-16 surrogate, which has no UTF-8 form'
          : 'Text holds a NUL character',
        b.path,
        {
          file,
          range: locate(source, b.path, b.onKey ? 'key' : 'value'),
          detail:
            b.why === 'surrogate'
              ? 'It comes from a `\\uD800`–`\\uDFFF` escape without its pair; it cannot be written to Terraform or docs unchanged.'
              : 'It comes from a `\\0` or `\\x00` escape; no GCP API, Terraform or terminal takes it unchanged.',
          hint:
            b.why === 'surrogate'
              ? 'Write the character itself, or both halves of the surrogate pair.'
              : 'Remove the escape.',
        },
      ),
    );
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).replace(/\s+at line \d+, column \d+:?$/, '').trim();
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    // The second byte's range excludes overlong forms, surrogates (ED A0–BF) and values past U+10FFFF.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    const b1 = bytes[i + 1];
    if (b1 === undefined || b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/** Line and column (1-based) of a UTF-16 offset in `text`. */
function linePosOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * Cheap pre-scan before parsing, linear in the text: nesting depth (flow brackets, block
 * indentation, compact `- - -` / `? ?` at line starts) and the number of values (content lines,
 * list entries, flow items). Returns where a limit is passed, or undefined. It follows YAML's
 * rules closely enough not to count what is text: `{` or a quote inside a plain scalar
 * (`a{{b`, `it's`), comments, and block scalars (`|`, `>`).
 */
function prescan(text: string): { offset: number; problem: 'depth' | 'values' } | undefined {
  let flow = 0;
  let quote: string | undefined;
  const indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  let values = 0;
  // Compact block indicators at the start of a line (`- - - x`, `? ? x`) each open a level.
  let compact = 0;
  // Whether the next character may start a node (a flow collection or a quoted scalar).
  let nodeStart = true;
  // Inside a block scalar: lines indented deeper than this are its text.
  let blockScalarIndent = -1;
  let lineIndent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (lineStart) {
      if (blockScalarIndent >= 0 && quote === undefined) {
        // Measure this line's indentation; text lines of the block scalar are skipped whole.
        let j = i;
        while (text[j] === ' ') j++;
        if (text[j] === '\n' || text[j] === '\r' || j - i > blockScalarIndent) {
          const eol = text.indexOf('\n', i);
          if (eol === -1) return undefined;
          i = eol;
          continue;
        }
        blockScalarIndent = -1;
      }
      if (c === ' ' || c === '-' || c === '?') {
        const next = text[i + 1];
        if (c !== ' ' && (next === ' ' || next === '\n' || next === undefined)) {
          compact++;
          values++;
        } else if (c !== ' ') {
          lineStart = false;
          i--;
          continue;
        }
        indent++;
        continue;
      }
      if (c !== '\n' && c !== '\r' && c !== '#' && flow === 0 && quote === undefined) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        if (indents.length + compact > LIMITS.maxDepth) return { offset: i, problem: 'depth' };
        values++;
      }
      if (flow === 0 && quote === undefined) lineIndent = indent;
      if (values > LIMITS.maxNodes) return { offset: i, problem: 'values' };
      lineStart = false;
      nodeStart = true;
    }
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      compact = 0;
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      } else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
      continue;
    }
    const atNodeStart = nodeStart;
    nodeStart = false;
    if ((c === '"' || c === "'") && atNodeStart) quote = c;
    else if ((c === '[' || c === '{') && (atNodeStart || flow > 0)) {
      flow++;
      values++;
      nodeStart = true;
      if (flow + indents.length > LIMITS.maxDepth) return { offset: i, problem: 'depth' };
      if (values > LIMITS.maxNodes) return { offset: i, problem: 'values' };
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
    else if (c === ',' && flow > 0) {
      values++;
      nodeStart = true;
      if (values > LIMITS.maxNodes) return { offset: i, problem: 'values' };
    } else if ((c === ':' || c === '-' || c === '?') && /[\s,\]}]/.test(text[i + 1] ?? ' ')) {
      nodeStart = true;
      if (c === ':' && flow > 0) values++;
    } else if ((c === '|' || c === '>') && atNodeStart && flow === 0) {
      // A block scalar header (`|`, `>-`, `|2+` …) ends its line; its text follows, indented.
      const rest = /^[|>][1-9+-]{0,2}[ \t]*(#.*)?\r?$/.exec(
        text.slice(i, text.indexOf('\n', i) === -1 ? undefined : text.indexOf('\n', i)),
      );
      if (rest) blockScalarIndent = lineIndent;
    } else if (c === '&' || c === '!') {
      // An anchor or a tag comes before the node itself.
      while (i + 1 < text.length && !/[\s,[\]{}]/.test(text[i + 1]!)) i++;
      nodeStart = true;
    }
  }
  return undefined;
}

/**
 * Aliases checked before the document is built: every alias names an anchor defined before it,
 * and all of them together expand to at most LIMITS.maxAliasBytes of source (an anchored
 * node's source length, counting the aliases inside it) and LIMITS.maxAliasCount nodes.
 */
function checkAliases(
  doc: Document.Parsed,
): { kind: 'undefined' | 'count' | 'bytes'; name?: string; pos: [number, number] } | undefined {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  let total = 0;
  let count = 0;
  let problem: ReturnType<typeof checkAliases>;
  const sizeOf = (n: Node): number => {
    const known = sizes.get(n);
    if (known !== undefined) return known;
    const r = n.range;
    let size = r ? r[1] - r[0] : 0;
    // Aliases inside an anchored node expand with it.
    visit(n, {
      Alias(_k, a) {
        const target = anchors.get(a.source);
        if (target && target !== n) size += sizeOf(target);
      },
    });
    sizes.set(n, size);
    return size;
  };
  try {
    visit(doc, {
      Node(_k, node) {
        if (isAlias(node)) {
          const target = anchors.get(node.source);
          const pos: [number, number] = node.range ? [node.range[0], node.range[1]] : [0, 0];
          if (!target) {
            problem = { kind: 'undefined', name: node.source, pos };
            return visit.BREAK;
          }
          count++;
          total += sizeOf(target);
          if (total > LIMITS.maxAliasBytes) {
            problem = { kind: 'bytes', pos };
            return visit.BREAK;
          }
          if (count > LIMITS.maxAliasCount) {
            problem = { kind: 'count', pos };
            return visit.BREAK;
          }
          return undefined;
        }
        const anchor = (node as { anchor?: string }).anchor;
        if (anchor) anchors.set(anchor, node as Node);
        return undefined;
      },
    });
  } catch {
    // Only reachable on nesting the parser already reported.
  }
  return problem;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Paths of strings (values or keys) holding a lone surrogate or NUL. */
function findUnwritableStrings(
  value: unknown,
): { path: KeyPath; why: 'surrogate' | 'nul'; onKey: boolean }[] {
  const out: { path: KeyPath; why: 'surrogate' | 'nul'; onKey: boolean }[] = [];
  const check = (s: string, path: KeyPath, onKey: boolean) => {
    if (s.includes('\0')) out.push({ path, why: 'nul', onKey });
    else if (LONE_SURROGATE.test(s)) out.push({ path, why: 'surrogate', onKey });
  };
  // Aliases share (and may nest) objects: each is checked once.
  const seen = new Set<object>();
  const walk = (v: unknown, path: KeyPath) => {
    if (out.length >= 20) return;
    if (typeof v === 'string') check(v, path, false);
    else if (v && typeof v === 'object') {
      if (seen.has(v)) return;
      seen.add(v);
      walkObject(v, path);
    }
  };
  const walkObject = (v: object, path: KeyPath) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], [...path, i]);
    } else
      for (const [k, x] of Object.entries(v)) {
        check(k, [...path, k], true);
        walk(x, [...path, k]);
      }
  };
  walk(value, []);
  return out;
}

/** The node at a key path, and the pair holding it when the last step is a mapping key. */
// Locating thousands of diagnostics in one big mapping must not scan it once per diagnostic.
const pairIndexes = new WeakMap<object, Map<string, Pair>>();

function pairIndex(map: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items)
      if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value)))
        index.set(String(p.key.value), p as Pair);
    pairIndexes.set(map, index);
  }
  return index;
}

export function nodeAt(
  doc: Document,
  path: KeyPath,
): { node?: Node; keyNode?: Node; parent?: Node; parentKey?: Node } {
  let cur: unknown = doc.contents;
  let keyNode: Node | undefined;
  let parent: Node | undefined;
  for (const part of path) {
    while (isAlias(cur)) cur = cur.resolve(doc);
    if (isMap(cur)) {
      const pair = pairIndex(cur).get(String(part));
      // `parentKey`: the key holding the mapping that lacks `part`, when there is one.
      if (!pair) return { parent: cur as Node, ...(keyNode ? { parentKey: keyNode } : {}) };
      parent = cur as Node;
      keyNode = pair.key as Node;
      cur = pair.value;
    } else if (isSeq(cur) && typeof part === 'number') {
      parent = cur as Node;
      keyNode = undefined;
      cur = cur.items[part];
      if (cur === undefined) return { parent };
    } else {
      return { parent: (cur as Node) ?? parent };
    }
  }
  return { node: (cur as Node) ?? undefined, keyNode, parent };
}

/**
 * Turns a key path into a source range. `on: 'key'` points at the mapping key (for unknown or
 * misplaced keys); otherwise at the value. Missing keys point at the nearest existing parent.
 */
export function locate(src: YamlSource, path: KeyPath, on: 'key' | 'value' = 'value'): SourceRange {
  const { node, keyNode, parent, parentKey } = nodeAt(src.doc, path);
  const target = on === 'key' ? (keyNode ?? node) : (node ?? keyNode);
  const r = (target as { range?: [number, number, number] } | undefined)?.range ??
    (parent as { range?: [number, number, number] } | undefined)?.range ?? [0, 0, 0];
  // A null value has an empty range at its position, and a block mapping or sequence starts on
  // the line after its key: point at the key in both cases.
  const isBlock = (isMap(node) || isSeq(node)) && !(node as { flow?: boolean }).flow;
  const useKey = target === node && node && (r[0] === r[1] || isBlock) && keyNode?.range;
  // A key missing from a block mapping: point at that mapping's own key, not its first entry.
  const parentIsBlock = isMap(parent) && !(parent as { flow?: boolean }).flow;
  const useParentKey = !target && parentIsBlock && parentKey?.range;
  const [start, end] = useKey
    ? [keyNode!.range![0], keyNode!.range![1]]
    : useParentKey
      ? [parentKey!.range![0], parentKey!.range![1]]
      : [r[0], r[1]];
  const s = src.lineCounter.linePos(start);
  const e = src.lineCounter.linePos(end);
  return {
    file: src.file,
    start: { line: s.line, column: s.col, offset: start },
    end: { line: e.line, column: e.col, offset: end },
  };
}

/**
 * Adds ranges to diagnostics that carry only a path, and to their notes about the same document
 * (a related location with an empty `file`, e.g. the first of two duplicated environment ids).
 */
export function attachRanges(src: YamlSource, diags: Diagnostic[]): Diagnostic[] {
  return diags.map((d) => {
    const related = d.related?.some((r) => r.file === '' && !r.range)
      ? d.related.map((r) =>
          r.file === '' && !r.range ? { ...r, file: src.file, range: locate(src, r.path, 'value') } : r,
        )
      : d.related;
    const withRelated = related === d.related ? d : { ...d, related };
    return d.range
      ? withRelated
      : {
          ...withRelated,
          file: src.file,
          range: locate(
            src,
            d.path,
            d.code.endsWith('UNKNOWN_KEY') || d.code.endsWith('LEGACY_KEY') ? 'key' : 'value',
          ),
        };
  });
}
