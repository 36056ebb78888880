/**
 * Escaping for the two string syntaxes Terraform JSON output contains:
 *
 * - **JSON template strings**: every string value in a resource, data, provider, locals or
 *   output body is parsed by Terraform as a template. `${` starts an interpolation and `%{` a
 *   directive; `$${` and `%%{` stand for the literal text. JSON's own escapes are applied on top
 *   by `JSON.stringify`.
 * - **HCL quoted strings** inside expressions (`"..."` in `${jsonencode({a = "..."})}`), which use
 *   backslash escapes as well as the two template escapes.
 */

const TEMPLATE_START = /([$%])\{/g;

/**
 * Escapes literal text for a Terraform template string: `${` becomes `$${` and `%{` becomes
 * `%%{`, so Terraform reads the text back unchanged. Pure; never throws.
 */
export function escapeTemplateLiteral(text: string): string {
  return text.includes('{') ? text.replace(TEMPLATE_START, '$1$1{') : text;
}

/**
 * Reverses {@link escapeTemplateLiteral} the way Terraform reads template text: scanning left
 * to right, `$${` is `${` and `%%{` is `%{`. Throws if the text contains an interpolation or a
 * directive, because then it is not a pure literal.
 */
export function unescapeTemplateLiteral(text: string): string {
  const at = findTemplateSequence(text);
  if (at >= 0) throw new Error(`not a literal: template sequence at offset ${at}`);
  return text.replace(/\$\$\{|%%\{/g, (m) => m.slice(1));
}

/**
 * Returns the offset of the first unescaped `${` or `%{` in template text (the start of an
 * interpolation or directive), or -1 when the text is a pure literal.
 */
export function findTemplateSequence(text: string): number {
  // Terraform scans left to right: at each offset `$${`/`%%{` is an escape (three characters),
  // `${`/`%{` starts a sequence, anything else is one literal character.
  let i = text.indexOf('{');
  if (i < 0) return -1;
  i = 0;
  const n = text.length;
  while (i < n - 1) {
    const c = text.charCodeAt(i);
    if (c === 0x24 /* $ */ || c === 0x25 /* % */) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x7b /* { */) return i;
      if (next === c && i + 2 < n && text.charCodeAt(i + 2) === 0x7b) {
        i += 3;
        continue;
      }
    }
    i++;
  }
  return -1;
}

/**
 * Quotes a string as an HCL quoted-string literal (for use inside `${ ... }` code): backslash,
 * quote and control characters get backslash escapes, `${`/`%{` get template escapes.
 */
export function quoteHclString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `"${escapeTemplateLiteral(out)}"`;
}
