/**
 * Finds the references (traversals such as `google_project.p.number` or `var.x`) inside a
 * Terraform JSON template string. A small scanner, not a parser: it knows literal text and its
 * escapes, `${...}`/`%{...}` sequences, quoted strings, heredocs, comments, function calls and
 * `for` symbols, which is enough to find every traversal the generator (or `rawExpr`) can write.
 */

import type { TraversalStep } from './traversal.ts';

/** A traversal found in an expression: root name and the steps after it. */
export interface ScannedTraversal {
  readonly root: string;
  readonly steps: readonly TraversalStep[];
  /** The traversal as written, for messages. */
  readonly text: string;
}

const INDEX = /\[\s*(?:([0-9]+)|(\*)|("(?:[^"\\]|\\.)*"))\s*\]/y;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const DIGITS = /[0-9]+/y;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentRest(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Runs a sticky regex at `at`; returns the match or null. */
function matchAt(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

class Scanner {
  readonly s: string;
  i = 0;
  readonly out: ScannedTraversal[] = [];
  readonly shadow = new Set<string>();

  constructor(s: string) {
    this.s = s;
  }

  /** Literal template text up to `end` (a closing quote) or the end of input. */
  text(quoted: boolean): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (quoted && c === '"') {
        this.i++;
        return;
      }
      if (quoted && c === '\\') {
        this.i += 2;
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        this.i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        this.i += 2;
        if (s[this.i] === '~') this.i++;
        this.code();
        continue;
      }
      this.i++;
    }
  }

  /** Expression code up to the `}` that closes the current sequence. */
  code(): void {
    const s = this.s;
    let depth = 0;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '}') {
        this.i++;
        if (depth === 0) return;
        depth--;
      } else if (c === '{' || c === '(' || c === '[') {
        if (c === '{') depth++;
        this.i++;
      } else if (c === '"') {
        this.i++;
        this.text(true);
      } else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) {
        const nl = s.indexOf('\n', this.i);
        this.i = nl < 0 ? s.length : nl + 1;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        this.i = end < 0 ? s.length : end + 2;
      } else if (c === '<' && s[this.i + 1] === '<') {
        this.heredoc();
      } else if (c >= '0' && c <= '9') {
        const m = matchAt(NUMBER, s, this.i);
        this.i += m ? m[0].length : 1;
      } else if (isIdentStart(c.charCodeAt(0))) {
        this.identifier();
      } else {
        this.i++;
      }
    }
  }

  heredoc(): void {
    const m = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(this.s.slice(this.i, this.i + 200));
    if (!m) {
      this.i += 2;
      return;
    }
    const start = this.i + m[0].length;
    const close = new RegExp(`(^|\\n)[ \\t]*${m[1]}[ \\t]*(\\r?\\n|$)`, 'g');
    close.lastIndex = start - 1;
    const found = close.exec(this.s);
    const end = found ? found.index + (found[1] === '\n' ? 1 : 0) : this.s.length;
    const inner = new Scanner(this.s.slice(start, end));
    for (const name of this.shadow) inner.shadow.add(name);
    inner.text(false);
    this.out.push(...inner.out);
    this.i = found ? found.index + found[0].length : this.s.length;
  }

  readIdent(): string {
    const s = this.s;
    const start = this.i;
    this.i++;
    while (this.i < s.length && isIdentRest(s.charCodeAt(this.i))) this.i++;
    return s.slice(start, this.i);
  }

  skipSpaces(): void {
    while (this.i < this.s.length && isSpace(this.s.charCodeAt(this.i))) this.i++;
  }

  /** The last non-space character before `at`. */
  before(at: number): string {
    let j = at - 1;
    while (j >= 0 && isSpace(this.s.charCodeAt(j))) j--;
    return j >= 0 ? this.s[j]! : '';
  }

  identifier(): void {
    const s = this.s;
    const start = this.i;
    const prev = this.before(start);
    const root = this.readIdent();
    if (prev === '.') return; // an attribute of something that is not a plain reference, e.g. `f(x).y`
    if (root === 'for') {
      this.forSymbols();
      return;
    }
    const next = s[this.i];
    if (next !== '.' && next !== '[') return; // a keyword, a function name, an object key or a lone name
    const steps: TraversalStep[] = [];
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === '.') {
        const after = s[this.i + 1] ?? '';
        if (isIdentStart(s.charCodeAt(this.i + 1))) {
          this.i++;
          steps.push({ kind: 'attr', name: this.readIdent() });
        } else if (after === '*') {
          this.i += 2;
          steps.push({ kind: 'splat' });
        } else if (after >= '0' && after <= '9') {
          const m = matchAt(DIGITS, s, this.i + 1)!;
          this.i += 1 + m[0].length;
          steps.push({ kind: 'index', key: Number(m[0]) });
        } else break;
      } else if (c === '[') {
        const m = matchAt(INDEX, s, this.i);
        if (!m) break; // a computed index: stop here, the scanner reads the index expression next
        this.i += m[0].length;
        if (m[1] !== undefined) steps.push({ kind: 'index', key: Number(m[1]) });
        else if (m[2] !== undefined) steps.push({ kind: 'splat' });
        else steps.push({ kind: 'index', key: JSON.parse(m[3]!) as string });
      } else break;
    }
    if (!this.shadow.has(root)) this.out.push({ root, steps, text: s.slice(start, this.i) });
  }

  /** `for a, b in ...`: the symbols are local to the expression, not references. */
  forSymbols(): void {
    for (;;) {
      this.skipSpaces();
      if (!isIdentStart(this.s.charCodeAt(this.i))) return;
      const name = this.readIdent();
      if (name === 'in') return;
      this.shadow.add(name);
      this.skipSpaces();
      if (this.s[this.i] === ',') this.i++;
    }
  }
}

/**
 * Every traversal in the interpolations and directives of a Terraform JSON template string (the
 * string as written in the JSON, after JSON decoding). Returns an empty list for a literal.
 */
export function scanTemplateTraversals(template: string): readonly ScannedTraversal[] {
  let found = cache.get(template);
  if (found === undefined) {
    const sc = new Scanner(template);
    sc.text(false);
    found = sc.out;
    // Generated stacks repeat the same expressions (`${local.project_id}`) many times; a bounded
    // cache makes checking a fleet cheap. Results are never mutated.
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(template, found);
  }
  return found;
}

const CACHE_LIMIT = 50_000;
const cache = new Map<string, readonly ScannedTraversal[]>();

/** Every traversal in a bare HCL expression (no surrounding `${ }`). */
export function scanExpressionTraversals(expression: string): ScannedTraversal[] {
  const sc = new Scanner(`${expression}}`);
  sc.code();
  return sc.out;
}
