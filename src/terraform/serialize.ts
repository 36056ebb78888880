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
  const out: string[] = [];
  write(value, '', out);
  return `${out.join('')}\n`;
}

/**
 * The stack as Terraform JSON text, ready to write as `<stack>.tf.json`. Deterministic. Throws
 * on values JSON cannot hold (see `renderStack`).
 */
export function serializeStack(stack: Stack): string {
  return stableStringify(renderStack(stack));
}
