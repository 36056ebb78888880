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
import { type Diagnostic, error, type KeyPath, type SourceRange } from '../diagnostics/diagnostic.ts';
import { LIMITS } from './limits.ts';

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
 * comes back as a located diagnostic, and `value` is undefined when nothing usable was read.
 */
export function parseYamlSource(
  file: string,
  input: string | Uint8Array,
  codePrefix = 'SPEC',
): {
  source?: YamlSource;
  diagnostics: Diagnostic[];
} {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  const at1 = (line = 1, column = 1, offset = 0): SourceRange => ({
    file,
    start: { line, column, offset },
    end: { line, column, offset },
  });
  if (size > LIMITS.maxFileBytes) {
    return {
      diagnostics: [
        error(
          `${codePrefix}_FILE_TOO_LARGE`,
          `File is ${size} bytes, over the ${LIMITS.maxFileBytes}-byte limit`,
          [],
          {
            file,
            range: at1(),
            hint: 'A service.yaml is a few kilobytes; check that the right file was given.',
          },
        ),
      ],
    };
  }
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
        diagnostics: [
          error(`${codePrefix}_NOT_UTF8`, 'File is not valid UTF-8', [], {
            file,
            range: at1(lines.length, (lines[lines.length - 1]?.length ?? 0) + 1, before.length),
            detail: `Byte ${bad} starts an invalid UTF-8 sequence.`,
            hint: 'Save the file as UTF-8.',
          }),
        ],
      };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const lineCounter = new LineCounter();
  const depthProblem = findExcessiveDepth(text);
  if (depthProblem !== undefined) {
    // Check before parsing: the YAML composer recurses per level.
    const lc = new LineCounter();
    let o = 0;
    for (const l of text.split('\n')) {
      lc.addNewLine(o);
      o += l.length + 1;
    }
    const pos = lc.linePos(depthProblem);
    return {
      diagnostics: [
        error(`${codePrefix}_TOO_DEEP`, `Nesting is deeper than ${LIMITS.maxDepth} levels`, [], {
          file,
          range: at1(pos.line, pos.col, depthProblem),
          hint: 'service.yaml needs only a few levels; this looks like generated or corrupted input.',
        }),
      ],
    };
  }

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      // Checked below in linear time: yaml's own check is quadratic in the keys of one mapping.
      uniqueKeys: false,
      strict: true,
      keepSourceTokens: false,
    });
  } catch (e) {
    return {
      diagnostics: [
        error(`${codePrefix}_YAML_SYNTAX`, `YAML could not be parsed: ${(e as Error).message}`, [], {
          file,
          range: at1(),
        }),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const rangeOf = (pos: [number, number]): SourceRange => {
    const s = lineCounter.linePos(pos[0]);
    const e = lineCounter.linePos(pos[1]);
    return {
      file,
      start: { line: s.line, column: s.col, offset: pos[0] },
      end: { line: e.line, column: e.col, offset: pos[1] },
    };
  };
  let sawTooDeep = false;
  for (const err of doc.errors) {
    if (diagnostics.length >= 20) break; // the rest are usually follow-on errors
    const isTab = err.code === 'TAB_AS_INDENT' || /tab/i.test(err.message);
    // The parser catches its own stack overflow on nesting the pre-scan cannot see (mid-line `? ? ?`).
    const tooDeep = /call stack/i.test(err.message);
    if (tooDeep && sawTooDeep) continue;
    sawTooDeep ||= tooDeep;
    const code =
      err.code === 'DUPLICATE_KEY'
        ? `${codePrefix}_DUPLICATE_KEY`
        : isTab
          ? `${codePrefix}_YAML_TAB`
          : tooDeep
            ? `${codePrefix}_TOO_DEEP`
            : `${codePrefix}_YAML_SYNTAX`;
    diagnostics.push(
      error(code, tooDeep ? 'Nesting is too deep to parse' : firstLine(err.message), [], {
        file,
        range: rangeOf(err.pos),
        hint:
          err.code === 'DUPLICATE_KEY'
            ? 'Each key may appear once per mapping: merge the two entries.'
            : isTab
              ? 'Indent with spaces; YAML does not allow tabs for indentation.'
              : undefined,
      }),
    );
  }
  try {
    visit(doc, {
      Map(_k, map) {
        const seen = new Set<unknown>();
        for (const pair of map.items) {
          const key = pair.key;
          if (!isScalar(key)) {
            // `{a: 1}: x` or `[a]: x`: YAML allows it, a spec never means it, and turning it
            // into a JS object would only stringify the key (with a process warning).
            const r = (key as { range?: [number, number, number] } | null)?.range;
            if (diagnostics.length < 20 && key !== null)
              diagnostics.push(
                error(
                  `${codePrefix}_COMPLEX_KEY`,
                  'Mapping keys must be plain text, not a mapping or a list',
                  [],
                  {
                    file,
                    range: r ? rangeOf([r[0], r[1]]) : at1(),
                    hint: 'Write the key as a plain word, e.g. `gcpRegion: us-west1`; check the indentation and colons.',
                  },
                ),
              );
            continue;
          }
          if (!seen.has(key.value)) {
            seen.add(key.value);
            continue;
          }
          if (diagnostics.length >= 20 || !key.range) continue;
          diagnostics.push(
            error(`${codePrefix}_DUPLICATE_KEY`, 'Map keys must be unique', [], {
              file,
              range: rangeOf([key.range[0], key.range[1]]),
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
  diagnostics.sort((a, b) => (a.range?.start.offset ?? 0) - (b.range?.start.offset ?? 0));
  // A tab used as indentation derails the parser: the errors after it are only follow-ons.
  if (diagnostics.some((d) => d.code === `${codePrefix}_YAML_TAB`))
    return { diagnostics: diagnostics.filter((d) => d.code === `${codePrefix}_YAML_TAB`) };
  if (diagnostics.length > 0) return { diagnostics };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
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
      diagnostics: [
        error(
          alias ? `${codePrefix}_ALIAS_LIMIT` : `${codePrefix}_YAML_SYNTAX`,
          alias ? 'Too many alias expansions' : firstLine(msg),
          [],
          {
            file,
            range: firstAlias ? rangeOf(firstAlias) : at1(),
            detail: alias
              ? `Expanding aliases would exceed ${LIMITS.maxAliasCount} nodes (a guard against "billion laughs" documents).`
              : undefined,
            hint: alias ? 'Write the values out instead of nesting aliases.' : undefined,
          },
        ),
      ],
    };
  }
  return { source: { file, text, doc, lineCounter, value }, diagnostics };
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).replace(/\s+at line \d+, column \d+:?$/, '').trim();
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n =
      b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/**
 * Cheap pre-scan for nesting: flow brackets outside quotes, and block indentation levels.
 * Returns the offset where the limit is passed, or undefined. Conservative: it only needs to
 * stop pathological input, not to measure real YAML depth exactly.
 */
function findExcessiveDepth(text: string): number | undefined {
  let flow = 0;
  let quote: string | undefined;
  const indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  // Compact block indicators at the start of a line (`- - - x`, `? ? x`) each open a level.
  let compact = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (lineStart) {
      if (c === ' ' || c === '-' || c === '?') {
        const next = text[i + 1];
        if (c !== ' ' && (next === ' ' || next === '\n' || next === undefined)) compact++;
        else if (c === '?') {
          lineStart = false;
          i--;
          continue;
        }
        indent++;
        continue;
      }
      if (c !== '\n' && c !== '#' && flow === 0 && quote === undefined) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        if (indents.length + compact > LIMITS.maxDepth) return i;
      }
      lineStart = false;
    }
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      compact = 0;
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      flow++;
      if (flow + indents.length > LIMITS.maxDepth) return i;
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return undefined;
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

/** Adds ranges to diagnostics that carry only a path. */
export function attachRanges(src: YamlSource, diags: Diagnostic[]): Diagnostic[] {
  return diags.map((d) =>
    d.range
      ? d
      : {
          ...d,
          file: src.file,
          range: locate(
            src,
            d.path,
            d.code.endsWith('UNKNOWN_KEY') || d.code.endsWith('LEGACY_KEY') ? 'key' : 'value',
          ),
        },
  );
}
