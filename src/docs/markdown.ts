/**
 * Renders a `Doc` as GitHub-flavoured Markdown. Blocks are separated by one blank line, lists
 * nest by two spaces, admonitions use GitHub alert syntax, Mermaid diagrams are ```` ```mermaid ````
 * fences (GitHub renders them). Every user string is escaped, so a service name can never
 * inject a link or a heading. Fleet files and other pages become links relative to the page.
 */
import type { Block, Doc, Inline, LinkTarget, ListItem } from './doc.ts';
import { headingAnchors } from './doc.ts';
import { embedMarkdown, resolveRelative } from './embed.ts';
import { pagePath, relativeLink } from './paths.ts';

/** The Markdown text of a page, ending with one newline. */
export function renderMarkdown(doc: Doc): string {
  const anchors = headingAnchors(doc.blocks);
  const ctx: Ctx = { doc, anchors };
  return `${renderBlocks(doc.blocks, ctx).join('\n\n')}\n`;
}

interface Ctx {
  doc: Doc;
  anchors: Map<string, string>;
}

/** Escapes text so Markdown shows it literally. */
export function escapeMarkdown(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').replace(/[\\`*_[\]<>|#~&]/g, (c) => `\\${c}`);
}

/**
 * Escapes what would start a block (list marker, numbered list, setext rule) at a line start,
 * and drops leading spaces (four would start an indented code block).
 */
function escapeLineStart(text: string): string {
  const s = text.replace(/^[ \t]+/, '');
  if (/^[-+=]/.test(s)) return `\\${s}`;
  return s.replace(/^(\d+)([.)])/, '$1\\$2');
}

function href(target: LinkTarget, ctx: Ctx): string {
  switch (target.kind) {
    case 'url':
      // Percent-encode everything a Markdown link destination or an HTML attribute could
      // misread (spaces, parentheses, quotes, angle brackets, control characters, newlines).
      return target.url.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&*+,;=%]/g, (c) =>
        encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`),
      );
    case 'file':
      return relativeLink(ctx.doc.path, target.path);
    case 'page':
      return `${relativeLink(ctx.doc.path, pagePath(target.page))}${target.fragment ? `#${target.fragment}` : ''}`;
    case 'anchor': {
      const a = ctx.anchors.get(target.heading);
      if (a === undefined) throw new Error(`${ctx.doc.path}: link to missing heading "${target.heading}"`);
      return `#${a}`;
    }
  }
}

function codeSpan(c: string): string {
  const text = c.replace(/\n/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || longest > 0 ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function inline(nodes: readonly Inline[], ctx: Ctx): string {
  return nodes
    .map((n) => {
      if (typeof n === 'string') return escapeMarkdown(n);
      if ('code' in n) return codeSpan(n.code);
      if ('strong' in n) return `**${inline(n.strong, ctx)}**`;
      if ('em' in n) return `_${inline(n.em, ctx)}_`;
      return `[${inline(n.text, ctx)}](${href(n.link, ctx)})`;
    })
    .join('');
}

function listLines(items: readonly ListItem[], ordered: boolean, ctx: Ctx): string[] {
  const lines: string[] = [];
  items.forEach((it, i) => {
    const marker = ordered ? `${i + 1}. ` : '- ';
    lines.push(`${marker}${escapeLineStart(inline(it.content, ctx))}`);
    const pad = ' '.repeat(marker.length);
    for (const l of listLines(it.children ?? [], false, ctx)) lines.push(`${pad}${l}`);
  });
  return lines;
}

function fence(lang: string, body: string): string {
  const text = body.replace(/\t/g, '  ').replace(/\s+$/, '');
  const longest = Math.max(2, ...(text.match(/^ {0,3}`{3,}/gm) ?? []).map((r) => r.trim().length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function quoted(lines: string, first?: string): string {
  const body = lines.split('\n').map((l) => (l === '' ? '>' : `> ${l}`));
  return [...(first ? [`> ${first}`] : []), ...body].join('\n');
}

function renderBlock(b: Block, ctx: Ctx): string {
  switch (b.type) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${inline(b.text, ctx)}`;
    case 'paragraph':
      return escapeLineStart(inline(b.content, ctx));
    case 'list':
      return listLines(b.items, b.ordered ?? false, ctx).join('\n');
    case 'code':
      return fence(b.lang, b.code);
    case 'mermaid':
      return fence('mermaid', b.code);
    case 'admonition':
      return quoted(renderBlocks(b.blocks, ctx).join('\n\n'), `[!${b.kind}]`);
    case 'quote':
      return quoted(renderBlocks(b.blocks, ctx).join('\n\n'));
    case 'table': {
      // GFM splits cells at every `|`, even inside code spans, unless it is escaped.
      const cell = (c: readonly Inline[]) =>
        inline(c, ctx).replace(/(\\*)\|/g, (m, slashes: string) =>
          slashes.length % 2 === 1 ? m : `${slashes}\\|`,
        );
      const row = (cells: readonly Inline[][]) => `| ${cells.map(cell).join(' | ')} |`;
      return [row(b.header), `| ${b.header.map(() => '---').join(' | ')} |`, ...b.rows.map(row)].join('\n');
    }
    case 'markdown':
      return embedMarkdown(b.source, b.headingShift, (h) => {
        const r = resolveRelative(b.baseDir, h);
        return `${relativeLink(ctx.doc.path, r.path)}${r.fragment}`;
      }).trim();
  }
}

function renderBlocks(blocks: readonly Block[], ctx: Ctx): string[] {
  return blocks.map((b) => renderBlock(b, ctx)).filter((s) => s !== '');
}
