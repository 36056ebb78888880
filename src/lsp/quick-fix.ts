/**
 * Quick fixes from msp's "did you mean" hints. Pure: a diagnostic and the text of its file in,
 * one text edit out (or none). The suggestion itself comes from the validator (the same hint
 * the CLI prints); this module only turns it into an edit of the key or value the diagnostic
 * points at, keeping the way the value was quoted.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';

interface QuickFix {
  title: string;
  /** UTF-16 offsets into the file's text, end exclusive. */
  start: number;
  end: number;
  newText: string;
}

/** `Did you mean \`x\`?` (keys) and `Did you mean "x"?` (values), as the validator writes them. */
const DID_YOU_MEAN = /^Did you mean (?:`([^`\n]+)`|"((?:[^"\\\n]|\\.)+)")\?$/;

/** The suggested replacement in a hint, or undefined when the hint suggests none. */
export function suggestionOf(hint: string | undefined): string | undefined {
  const m = hint ? DID_YOU_MEAN.exec(hint.trim()) : null;
  if (!m) return undefined;
  if (m[1] !== undefined) return m[1];
  try {
    return JSON.parse(`"${m[2]}"`) as string;
  } catch {
    return undefined;
  }
}

/** Characters a plain YAML scalar may hold and still read back as this same string. */
const PLAIN_SAFE = /^[A-Za-z0-9_/.][A-Za-z0-9_/. @()+=-]*$/;
/** Plain scalars YAML would read as something other than a string (booleans, null, numbers). */
const NOT_A_STRING =
  /^(?:true|false|null|~|yes|no|on|off|[-+]?(?:\.inf|\.nan|0x[0-9a-f]+|0o[0-7]+|(?:\d[\d_]*)?\.?\d*(?:e[-+]?\d+)?))$/i;

/**
 * The edit that applies a diagnostic's "did you mean" suggestion, when the diagnostic points at
 * one scalar (a key or a value on one line) whose text differs from the suggestion. A quoted
 * scalar stays quoted the same way; a plain one stays plain where YAML allows it.
 */
export function quickFixFor(d: Diagnostic, text: string): QuickFix | undefined {
  const suggestion = suggestionOf(d.hint);
  if (suggestion === undefined || !d.range) return undefined;
  const { offset: start } = d.range.start;
  const { offset: end } = d.range.end;
  if (!(end > start) || end > text.length) return undefined;
  const current = text.slice(start, end);
  if (/[\n\r]/.test(current) || /^[[{|>&*!#-]/.test(current)) return undefined;
  const quote = current[0] === '"' || current[0] === "'" ? current[0] : undefined;
  if (quote && (current.length < 2 || current[current.length - 1] !== quote)) return undefined;
  const inner = quote ? current.slice(1, -1) : current;
  if (inner === suggestion) return undefined;
  const newText =
    quote === "'"
      ? `'${suggestion.replaceAll("'", "''")}'`
      : quote === '"' || !PLAIN_SAFE.test(suggestion) || NOT_A_STRING.test(suggestion)
        ? JSON.stringify(suggestion)
        : suggestion;
  return { title: `Change to ${JSON.stringify(suggestion)}`, start, end, newText };
}
