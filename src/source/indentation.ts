/**
 * Finds the first line whose indentation does not fit the block structure around it, so that a
 * YAML parse failure caused by a mis-indented line becomes one message on that line (the parser
 * itself reports several follow-on errors, often on the line before). A heuristic over lines:
 * it only runs after the parser failed, and its answer is used only when it points at or
 * before the parser's first error.
 */

interface IndentProblem {
  /** 1-based line and column (the first non-space character). */
  line: number;
  column: number;
  offset: number;
  /** Indentations (in spaces) that would fit at this point, innermost first. */
  allowed: number[];
  /** The key or item of the line before, to name in the hint. */
  previous: string;
}

export function findIndentProblem(text: string): IndentProblem | undefined {
  const lines = text.split('\n');
  // Each level: the indentation of a block, and whether a deeper block may open after it.
  const stack: number[] = [0];
  let opens = false;
  let offset = 0;
  let previous = '';
  let blockScalarIndent: number | undefined;
  let flowDepth = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    const lineOffset = offset;
    offset += lines[i]!.length + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (i === 0 && trimmed === '---') continue;
    const indent = raw.length - raw.trimStart().length;
    if (blockScalarIndent !== undefined) {
      if (indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    if (flowDepth > 0) {
      flowDepth = Math.max(0, flowDepth + depthChange(trimmed));
      continue;
    }
    const top = stack[stack.length - 1]!;
    if (indent > top) {
      if (!opens)
        return { line: i + 1, column: indent + 1, offset: lineOffset + indent, allowed: [top], previous };
      stack.push(indent);
    } else if (indent < top) {
      const full = [...stack];
      while (stack.length > 1 && indent < stack[stack.length - 1]!) stack.pop();
      if (indent !== stack[stack.length - 1])
        return {
          line: i + 1,
          column: indent + 1,
          offset: lineOffset + indent,
          // The level of the line above first, then the enclosing ones.
          allowed: [...new Set(full.reverse())],
          previous,
        };
    }
    // `- key: value` opens a mapping at the column after `- `.
    let content = trimmed;
    let col = indent;
    while (/^- +/.test(content)) {
      const m = /^- +/.exec(content)![0];
      col += m.length;
      content = content.slice(m.length);
      if (content !== '') stack.push(col);
    }
    const noComment = content.replace(/\s+#.*$/, '');
    opens = noComment === '' || noComment === '-' || /:$/.test(noComment);
    if (/:\s*[|>][-+0-9]*$/.test(noComment)) blockScalarIndent = stack[stack.length - 1]!;
    flowDepth = Math.max(0, depthChange(noComment));
    const key = /^([^:#]+):/.exec(content);
    previous = key ? key[1]!.trim() : content.slice(0, 40);
  }
  return undefined;
}

/** Net `[`/`{` minus `]`/`}` outside quotes, for flow collections that span lines. */
function depthChange(s: string): number {
  let d = 0;
  let quote: string | undefined;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') d++;
    else if (ch === ']' || ch === '}') d--;
  }
  return d;
}
