/**
 * Attribute paths after a reference root: `template[0].containers[0].image`, `outputs.x`,
 * `labels["team"]`, `ip_address[*]`. Parsed once when a reference is built, rendered as HCL.
 */

import { quoteHclString } from './escape.ts';

/** One step of a traversal. */
export type TraversalStep =
  | { kind: 'attr'; name: string }
  | { kind: 'index'; key: number | string }
  | { kind: 'splat' };

/** An HCL identifier: letters, digits, `_` and `-`, not starting with a digit or `-`. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** True when `name` can be written as `.name` (or used as a block label / reference name). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * Parses a relative attribute path such as `a.b[0]["k"][*].c` (or one starting with an index,
 * `[0].a`). Throws on a syntax error: paths are written by stack code, so a bad one is a
 * programming bug.
 */
export function parseTraversal(path: string): TraversalStep[] {
  const steps: TraversalStep[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`invalid attribute path ${JSON.stringify(path)}: ${why} at offset ${i}`);
  };
  let expectName = true;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) fail('missing "]"');
      const inner = path.slice(i + 1, close);
      if (inner === '*') steps.push({ kind: 'splat' });
      else if (/^(0|[1-9][0-9]*)$/.test(inner)) steps.push({ kind: 'index', key: Number(inner) });
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner))
        steps.push({ kind: 'index', key: JSON.parse(inner) as string });
      else fail(`unsupported index [${inner}]`);
      i = close + 1;
      expectName = false;
      continue;
    }
    if (ch === '.') {
      if (steps.length === 0) fail('unexpected "."');
      i++;
      expectName = true;
    } else if (!expectName) {
      fail('expected "." or "["');
    }
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(path.slice(i));
    if (!m) fail('expected an attribute name');
    steps.push({ kind: 'attr', name: m![0] });
    i += m![0].length;
    expectName = false;
  }
  if (expectName) fail('empty attribute name');
  return steps;
}

/** Renders steps as HCL traversal text, each step with its leading `.` or `[`. */
export function renderTraversal(steps: readonly TraversalStep[]): string {
  let out = '';
  for (const s of steps) {
    if (s.kind === 'attr') out += isIdentifier(s.name) ? `.${s.name}` : `[${quoteHclString(s.name)}]`;
    else if (s.kind === 'splat') out += '[*]';
    else out += typeof s.key === 'number' ? `[${s.key}]` : `[${quoteHclString(s.key)}]`;
  }
  return out;
}

/** Renders one name as a traversal step: `.name` or `["name"]` when it is not an identifier. */
export function renderAttrStep(name: string): string {
  return isIdentifier(name) ? `.${name}` : `[${quoteHclString(name)}]`;
}
