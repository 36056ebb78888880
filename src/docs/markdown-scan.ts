/**
 * The one fence-aware Markdown line scanner: which lines of a Markdown text are code (inside a
 * ```` ``` ```` or `~~~` fence, or indented code) and which are prose. Every reader of
 * operator-written Markdown (embedding a README, its headings, the HTML catalog's renderer) asks
 * this scanner, so they agree on where code starts and ends. Fences follow CommonMark: up to
 * three spaces of indentation, three or more backticks or tildes, closed by a line of the same
 * character at least as long with nothing else on it; an unclosed fence runs to the end.
 */

type MarkdownLineKind =
  /** Prose (headings, paragraphs, lists, links…). */
  | 'text'
  /** A line that opens a fence. */
  | 'fence-open'
  /** A line inside a fence. */
  | 'code'
  /** A line that closes a fence. */
  | 'fence-close'
  /** Indented code (four spaces or a tab after a blank line, outside lists' own logic). */
  | 'indented';

interface MarkdownLine {
  text: string;
  kind: MarkdownLineKind;
  /** On `fence-open`: the fence (`` ``` ``, `~~~~`…) and its info string (the language). */
  fence?: { marker: string; info: string };
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** Splits `source` into lines (any line ending) and classifies each. */
export function scanMarkdown(source: string): { lines: MarkdownLine[]; unclosedFence?: string } {
  const lines: MarkdownLine[] = [];
  let open: string | undefined;
  let indented = false;
  let previousBlank = true;
  for (const text of source.replace(/\r\n?/g, '\n').split('\n')) {
    const f = FENCE.exec(text);
    if (open !== undefined) {
      const closes = f !== null && f[1]![0] === open[0] && f[1]!.length >= open.length && f[2]!.trim() === '';
      lines.push({ text, kind: closes ? 'fence-close' : 'code' });
      if (closes) open = undefined;
      continue;
    }
    // A backtick fence's info string may not contain a backtick (then it is inline code).
    if (f && !(f[1]![0] === '`' && f[2]!.includes('`'))) {
      open = f[1]!;
      lines.push({
        text,
        kind: 'fence-open',
        fence: { marker: open, info: f[2]!.trim().split(/\s+/)[0] ?? '' },
      });
      continue;
    }
    const blank = text.trim() === '';
    indented = /^( {4}|\t)/.test(text) && !blank ? indented || previousBlank : blank && indented;
    previousBlank = blank;
    lines.push({ text, kind: indented ? 'indented' : 'text' });
  }
  return open !== undefined ? { lines, unclosedFence: open } : { lines };
}
