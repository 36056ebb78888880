/**
 * A small, safe Markdown-to-HTML conversion for operator-written READMEs in the HTML catalog:
 * ATX headings, paragraphs, lists (nested by indentation), fenced code, block quotes, rules,
 * code spans, links, emphasis. Everything is HTML-escaped first; only links to http(s), mail
 * or the (rewritten) repository survive. Anything else Markdown offers shows as text, which is
 * the safe failure for a page that embeds someone else's prose.
 */
import { isSafeHref } from './embed.ts';
import { scanMarkdown } from './markdown-scan.ts';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

interface Options {
  /** Added to every heading level (at most 6). */
  headingShift: number;
  /** Maps a link target as written to the href to use; undefined drops the link, keeping its text. */
  href: (target: string) => string | undefined;
}

/** Converts the Markdown `source` to HTML. */
export function markdownToHtml(source: string, opts: Options): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  return blocks(lines, opts).join('\n');
}

function blocks(lines: string[], opts: Options): string[] {
  const out: string[] = [];
  let i = 0;
  const para: string[] = [];
  const kinds = scanMarkdown(lines.join('\n')).lines;
  const flush = () => {
    if (para.length > 0) out.push(`<p>${inline(para.join(' ').trim(), opts)}</p>`);
    para.length = 0;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const scanned = kinds[i]!;
    if (scanned.kind === 'fence-open') {
      flush();
      const body: string[] = [];
      i++;
      while (i < lines.length && kinds[i]!.kind === 'code') body.push(lines[i++]!);
      if (i < lines.length) i++; // the closing fence
      const lang = scanned.fence!.info;
      const cls = lang ? ` class="language-${escapeHtml(lang)}"` : '';
      out.push(`<pre><code${cls}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.trim() === '') {
      flush();
      i++;
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(6, heading[1]!.length + opts.headingShift);
      out.push(`<h${level}>${inline(heading[2]!, opts)}</h${level}>`);
      i++;
      continue;
    }
    if (/^ {0,3}([-*_])( *\1){2,} *$/.test(line)) {
      flush();
      out.push('<hr>');
      i++;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      flush();
      const quoted: string[] = [];
      while (i < lines.length && /^ {0,3}>/.test(lines[i]!))
        quoted.push(lines[i++]!.replace(/^ {0,3}> ?/, ''));
      out.push(`<blockquote>${blocks(quoted, opts).join('\n')}</blockquote>`);
      continue;
    }
    if (/^ {0,3}([-*+]|\d+[.)])\s+/.test(line)) {
      flush();
      const start = i;
      while (
        i < lines.length &&
        lines[i]!.trim() !== '' &&
        (/^\s*([-*+]|\d+[.)])\s+/.test(lines[i]!) || /^\s{2,}/.test(lines[i]!))
      )
        i++;
      out.push(list(lines.slice(start, i), opts));
      continue;
    }
    para.push(line);
    i++;
  }
  flush();
  return out;
}

function list(lines: string[], opts: Options): string {
  const indentOf = (l: string) => /^\s*/.exec(l)![0].length;
  const base = indentOf(lines[0]!);
  const ordered = /^\s*\d+[.)]/.test(lines[0]!);
  const items: string[][] = [];
  for (const l of lines) {
    if (indentOf(l) <= base && /^\s*([-*+]|\d+[.)])\s+/.test(l)) items.push([l]);
    else items[items.length - 1]?.push(l);
  }
  const tag = ordered ? 'ol' : 'ul';
  const lis = items.map((it) => {
    const first = it[0]!.replace(/^\s*([-*+]|\d+[.)])\s+/, '');
    const rest = it.slice(1);
    const nestedStart = rest.findIndex((l) => /^\s*([-*+]|\d+[.)])\s+/.test(l));
    const cont = (nestedStart < 0 ? rest : rest.slice(0, nestedStart)).map((l) => l.trim());
    const nested = nestedStart < 0 ? '' : list(rest.slice(nestedStart), opts);
    return `<li>${inline([first, ...cont].join(' '), opts)}${nested}</li>`;
  });
  return `<${tag}>${lis.join('')}</${tag}>`;
}

/** Inline Markdown: code spans, links, autolinks, strong and emphasis; the rest escaped. */
function inline(text: string, opts: Options): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const tick = /^`+/.exec(rest);
    if (tick) {
      const close = text.indexOf(tick[0], i + tick[0].length);
      if (close > 0) {
        out += `<code>${escapeHtml(text.slice(i + tick[0].length, close).trim())}</code>`;
        i = close + tick[0].length;
        continue;
      }
    }
    const link = /^!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/.exec(rest);
    if (link) {
      const target = opts.href(link[2]!);
      const label = inline(link[1]!, opts);
      out +=
        target !== undefined && isSafeHref(target) ? `<a href="${escapeHtml(target)}">${label}</a>` : label;
      i += link[0].length;
      continue;
    }
    const auto = /^<(https?:\/\/[^>\s]+)>/.exec(rest);
    if (auto) {
      out += `<a href="${escapeHtml(auto[1]!)}">${escapeHtml(auto[1]!)}</a>`;
      i += auto[0].length;
      continue;
    }
    const strongM = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strongM) {
      out += `<strong>${inline(strongM[2]!, opts)}</strong>`;
      i += strongM[0].length;
      continue;
    }
    const emM = /^([*_])(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (emM && !(emM[1] === '_' && /\w$/.test(text.slice(0, i)))) {
      out += `<em>${inline(emM[2]!, opts)}</em>`;
      i += emM[0].length;
      continue;
    }
    if (rest[0] === '\\' && rest.length > 1 && /[!-/:-@[-`{-~]/.test(rest[1]!)) {
      out += escapeHtml(rest[1]!);
      i += 2;
      continue;
    }
    out += escapeHtml(rest[0]!);
    i++;
  }
  return out;
}
