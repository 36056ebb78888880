/**
 * Embedding operator-written Markdown (the service README, alert descriptions) into a generated
 * page: its headings are pushed down so they nest under the page's own, and its relative links
 * are re-targeted because the page lives elsewhere than the README. It stays inert and inside
 * its section: raw HTML is shown as text (`<` becomes `&lt;`), links other than http(s), mailto
 * and repository paths (`javascript:`, `data:` …) lose their target, and a fence left open is
 * closed so it cannot swallow the rest of the page. Fenced and indented code is left untouched.
 */
import { posix } from 'node:path';
import { scanMarkdown } from './markdown-scan.ts';

/** True for hrefs that are not paths in the repository (URLs, anchors, mail, absolute paths). */
export function isExternalHref(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('/') || href === '';
}

/** Resolves a README-relative href to a fleet-relative path (keeping any `#fragment` aside). */
export function resolveRelative(baseDir: string, href: string): { path: string; fragment: string } {
  const i = href.indexOf('#');
  const raw = i >= 0 ? href.slice(0, i) : href;
  let decoded = raw;
  try {
    decoded = decodeURI(raw);
  } catch {
    decoded = raw;
  }
  return { path: posix.normalize(posix.join(baseDir, decoded)), fragment: i >= 0 ? href.slice(i) : '' };
}

/**
 * Rewrites the Markdown `source`: ATX headings get `headingShift` more `#` (at most six), and
 * every inline link, image or reference definition whose target is a relative path gets the
 * target `rewrite` returns.
 */
export function embedMarkdown(
  source: string,
  headingShift: number,
  rewrite: (href: string) => string,
): string {
  const out: string[] = [];
  const scan = scanMarkdown(source);
  for (const { text: line, kind } of scan.lines) {
    if (kind !== 'text') {
      out.push(line);
      continue;
    }
    let l = line;
    const heading = /^( {0,3})(#{1,6})(\s|$)/.exec(l);
    if (heading) {
      const level = Math.min(6, heading[2]!.length + headingShift);
      l = `${heading[1]}${'#'.repeat(level)}${l.slice(heading[1]!.length + heading[2]!.length)}`;
    }
    const def = /^( {0,3}\[[^\]]+\]:\s*)(<[^>]*>|\S+)(.*)$/.exec(l);
    if (def) {
      const target = def[2]!.startsWith('<') ? def[2]!.slice(1, -1) : def[2]!;
      const to = !isSafeHref(target) ? UNSAFE_TARGET : isExternalHref(target) ? def[2]! : rewrite(target);
      out.push(`${def[1]}${to}${escapeRawHtml(def[3]!)}`);
      continue;
    }
    out.push(escapeRawHtml(rewriteInlineLinks(l, rewrite)));
  }
  // An unclosed fence would turn the rest of the generated page into code.
  if (scan.unclosedFence) out.push(scan.unclosedFence);
  return out.join('\n');
}

/** Where a link with an unsafe target points instead: nowhere. */
const UNSAFE_TARGET = '#unsafe-link-removed';

/** Links that may stay live: http(s), mailto, in-page anchors and repository paths. */
export function isSafeHref(href: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim())?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}

/**
 * Where the code span starting at `line[i]` (a backtick) ends: after the closing run of as many
 * backticks, or after the opening run when it is never closed (then it is literal text).
 */
function codeSpanEnd(line: string, i: number): number {
  const run = /^`+/.exec(line.slice(i))![0];
  const close = line.indexOf(run, i + run.length);
  return close < 0 ? i + run.length : close + run.length;
}

/**
 * Shows raw HTML as text: every `<` outside code spans becomes `&lt;`, except in http(s) and
 * mailto autolinks (`<https://example.com>`), which stay links.
 */
function escapeRawHtml(line: string): string {
  let result = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (line[i] === '`') {
      const end = codeSpanEnd(line, i);
      result += line.slice(i, end);
      i = end;
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      result += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '<') {
      const auto = /^<(?:https?:|mailto:)[^\s<>]*>/i.exec(line.slice(i));
      if (auto) {
        result += auto[0];
        i += auto[0].length;
        continue;
      }
      result += '&lt;';
      i++;
      continue;
    }
    result += c;
    i++;
  }
  return result;
}

/** Rewrites `](target)` link destinations outside inline code spans. */
function rewriteInlineLinks(line: string, rewrite: (href: string) => string): string {
  let result = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '`') {
      const end = codeSpanEnd(line, i);
      result += line.slice(i, end);
      i = end;
      continue;
    }
    if (line.startsWith('](', i)) {
      const m = /^\]\(\s*(<[^>]*>|[^)\s]+)/.exec(line.slice(i));
      if (m) {
        const raw = m[1]!;
        const target = raw.startsWith('<') ? raw.slice(1, -1) : raw;
        result += `](${!isSafeHref(target) ? UNSAFE_TARGET : isExternalHref(target) ? raw : rewrite(target)}`;
        i += m[0].length;
        continue;
      }
    }
    result += line[i];
    i++;
  }
  return result;
}

/** The plain text of each ATX heading of `source` outside fenced code (for anchor numbering). */
export function markdownHeadings(source: string): string[] {
  const out: string[] = [];
  for (const { text: line, kind } of scanMarkdown(source).lines) {
    if (kind === 'code' || kind === 'fence-open' || kind === 'fence-close') continue;
    const m = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
    if (m)
      out.push(
        (m[1] ?? '')
          .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
          .replace(/[`*_]/g, '')
          .replace(/\\(.)/g, '$1'),
      );
  }
  return out;
}
