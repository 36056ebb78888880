/**
 * Deterministic JSON text: object keys sorted by UTF-16 code units (a `"//"` comment key first),
 * arrays in order, two-space indent, trailing newline. Same input, same bytes.
 */

import type { JsonNode } from './render.ts';
import { renderStack } from './render.ts';
import type { Stack } from './stack.ts';

const COMMENT_KEY = '//';

function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (a === COMMENT_KEY) return -1;
  if (b === COMMENT_KEY) return 1;
  return a < b ? -1 : 1;
}

function write(value: JsonNode, indent: string, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error(`cannot serialise ${value} as JSON`);
    out.push(JSON.stringify(value));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[\n');
    value.forEach((v, i) => {
      out.push(inner);
      write(v, inner, out);
      out.push(i === value.length - 1 ? '\n' : ',\n');
    });
    out.push(`${indent}]`);
    return;
  }
  const keys = Object.keys(value).sort(compareKeys);
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{\n');
  keys.forEach((k, i) => {
    out.push(inner, JSON.stringify(k), ': ');
    write(value[k]!, inner, out);
    out.push(i === keys.length - 1 ? '\n' : ',\n');
  });
  out.push(`${indent}}`);
}

/**
 * Serialises a JSON value deterministically (see module doc). Throws on a non-finite number,
 * which JSON cannot hold.
 */
export function stableStringify(value: JsonNode): string {
  // Fast path: a key-sorted copy through the native JSON.stringify (same bytes, several times
  // faster). Objects with array-index-like keys would be reordered by the engine, so those
  // documents take the hand-written writer.
  const sorted = sortedCopy(value);
  if (sorted !== INDEX_KEYS) return `${JSON.stringify(sorted, null, 2)}\n`;
  const out: string[] = [];
  write(value, '', out);
  return `${out.join('')}\n`;
}

const INDEX_KEYS = Symbol('index-like keys');
const INDEX_LIKE = /^(0|[1-9][0-9]*)$/;

function sortedCopy(value: JsonNode): JsonNode | typeof INDEX_KEYS {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error(`cannot serialise ${value} as JSON`);
    return value;
  }
  if (Array.isArray(value)) {
    const out: JsonNode[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = sortedCopy(value[i]!);
      if (v === INDEX_KEYS) return INDEX_KEYS;
      out[i] = v;
    }
    return out;
  }
  const out: Record<string, JsonNode> = {};
  for (const k of Object.keys(value).sort(compareKeys)) {
    if (INDEX_LIKE.test(k)) return INDEX_KEYS;
    const v = sortedCopy(value[k]!);
    if (v === INDEX_KEYS) return INDEX_KEYS;
    out[k] = v;
  }
  return out;
}

/**
 * The stack as Terraform JSON text, ready to write as `<stack>.tf.json`. Deterministic. Throws
 * on values JSON cannot hold (see `renderStack`).
 */
export function serializeStack(stack: Stack): string {
  return stableStringify(renderStack(stack));
}
