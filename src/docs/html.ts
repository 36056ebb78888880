/**
 * Renders a `Doc` as an HTML fragment for the static catalog: the same content as the Markdown
 * page, with heading IDs equal to the Markdown anchors, Mermaid diagrams left as
 * `<pre class="mermaid">` for the bundled Mermaid to draw, fleet files linked on the
 * repository's web UI and other pages linked inside the catalog. All text is escaped.
 */
import type { PlatformConfig } from '../platform/model.ts';
import { repoFileUrl } from '../urls/index.ts';
import type { Block, Doc, Inline, LinkTarget, ListItem } from './doc.ts';
import { headingAnchors, plainText } from './doc.ts';
import { isExternalHref, resolveRelative } from './embed.ts';
import { htmlPagePath, relativeLink } from './paths.ts';
import { escapeHtml, markdownToHtml } from './readme-html.ts';

interface Ctx {
  doc: Doc;
  platform: PlatformConfig;
  anchors: Map<string, string>;
  /** This page's path inside the catalog. */
  self: string;
}

/** The page body as HTML, plus its table of contents (level-2 and level-3 headings). */
export function renderDocHtml(doc: Doc, platform: PlatformConfig): { body: string; toc: string } {
  const ctx: Ctx = { doc, platform, anchors: headingAnchors(doc.blocks), self: htmlPagePath(doc.page) };
  const body = doc.blocks.map((b) => block(b, ctx)).join('\n');
  return { body, toc: toc(doc, ctx) };
}

function href(t: LinkTarget, ctx: Ctx): string {
  switch (t.kind) {
    case 'url':
      return t.url;
    case 'file':
      return repoFileUrl(ctx.platform, t.path);
    case 'page':
      return `${relativeLink(ctx.self, htmlPagePath(t.page))}${t.fragment ? `#${t.fragment}` : ''}`;
    case 'anchor': {
      const a = ctx.anchors.get(t.heading);
      if (a === undefined) throw new Error(`${ctx.doc.path}: link to missing heading "${t.heading}"`);
      return `#${a}`;
    }
  }
}

function inline(nodes: readonly Inline[], ctx: Ctx): string {
  return nodes
    .map((n) => {
      if (typeof n === 'string') return escapeHtml(n);
      if ('code' in n) return `<code>${escapeHtml(n.code)}</code>`;
      if ('strong' in n) return `<strong>${inline(n.strong, ctx)}</strong>`;
      if ('em' in n) return `<em>${inline(n.em, ctx)}</em>`;
      return `<a href="${escapeHtml(href(n.link, ctx))}">${inline(n.text, ctx)}</a>`;
    })
    .join('');
}

function items(list: readonly ListItem[], ctx: Ctx): string {
  return list
    .map(
      (it) =>
        `<li>${inline(it.content, ctx)}${it.children ? `<ul>${items(it.children, ctx)}</ul>` : ''}</li>`,
    )
    .join('');
}

const ADMONITION_TITLES = {
  NOTE: 'Note',
  TIP: 'Tip',
  IMPORTANT: 'Important',
  WARNING: 'Warning',
  CAUTION: 'Caution',
};

function block(b: Block, ctx: Ctx): string {
  switch (b.type) {
    case 'heading': {
      const text = plainText(b.text);
      const id = ctx.anchors.get(text);
      return `<h${b.level}${id ? ` id="${escapeHtml(id)}"` : ''}>${inline(b.text, ctx)}</h${b.level}>`;
    }
    case 'paragraph':
      return `<p>${inline(b.content, ctx)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${items(b.items, ctx)}</${tag}>`;
    }
    case 'code':
      return `<pre><code${b.lang ? ` class="language-${escapeHtml(b.lang)}"` : ''}>${escapeHtml(b.code)}</code></pre>`;
    case 'mermaid':
      return `<figure class="diagram"><pre class="mermaid" aria-label="${escapeHtml(b.title)}">${escapeHtml(b.code)}</pre><figcaption>${escapeHtml(b.title)}</figcaption></figure>`;
    case 'admonition':
      return `<div class="admonition admonition-${b.kind.toLowerCase()}" role="note"><p class="admonition-title">${ADMONITION_TITLES[b.kind]}</p>${b.blocks.map((x) => block(x, ctx)).join('\n')}</div>`;
    case 'quote':
      return `<blockquote>${b.blocks.map((x) => block(x, ctx)).join('\n')}</blockquote>`;
    case 'table': {
      const head = b.header.map((c) => `<th scope="col">${inline(c, ctx)}</th>`).join('');
      // Each cell carries its column's name, so a phone can show rows as stacked cards.
      const labels = b.header.map((c) => escapeHtml(plainText(c)));
      const rows = b.rows
        .map(
          (r) =>
            `<tr>${r.map((c, i) => `<td data-label="${labels[i] ?? ''}">${inline(c, ctx)}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
    }
    case 'markdown':
      return `<div class="readme">${markdownToHtml(b.source, {
        headingShift: b.headingShift,
        href: (target) => {
          if (isExternalHref(target)) return target;
          const r = resolveRelative(b.baseDir, target);
          return `${repoFileUrl(ctx.platform, r.path)}${r.fragment}`;
        },
      })}</div>`;
  }
}

/**
 * The contents panel: level-2 headings, the level-3 headings under them and, under each
 * environment, its level-4 sections (access, Cloud Run, rollback, …), as nested lists.
 */
function toc(doc: Doc, ctx: Ctx): string {
  interface Entry {
    html: string;
    children: Entry[];
  }
  const root: Entry[] = [];
  const open: (Entry | undefined)[] = [];
  for (const b of doc.blocks) {
    if (b.type !== 'heading' || b.level < 2) continue;
    const id = ctx.anchors.get(plainText(b.text));
    const entry: Entry = {
      html: `<a href="#${escapeHtml(id ?? '')}">${inline(b.text, ctx)}</a>`,
      children: [],
    };
    const depth = b.level - 2;
    const parent = depth === 0 ? undefined : open[depth - 1];
    (parent ? parent.children : root).push(entry);
    open[depth] = entry;
    open.length = depth + 1;
  }
  const render = (list: Entry[]): string =>
    list.length === 0
      ? ''
      : `<ul>${list.map((e) => `<li>${e.html}${render(e.children)}</li>`).join('')}</ul>`;
  return render(root) || '<ul></ul>';
}
