/**
 * A small document model shared by the Markdown and the HTML renderers, so the committed
 * Markdown pages and the static catalog say the same thing. Links say what they point at
 * (`url`, a fleet `file`, another docs `page`, or an in-page `anchor`); each renderer turns
 * that into the right href for where its output lives.
 */
import { markdownHeadings } from './embed.ts';

/** What a link points at. */
export type LinkTarget =
  /** An absolute URL from the URL model (src/urls). */
  | { kind: 'url'; url: string }
  /** A file of the fleet repository, path relative to the fleet root. */
  | { kind: 'file'; path: string }
  /** A generated docs page (a service's operations page, or the fleet index), optionally at an anchor. */
  | { kind: 'page'; page: PageRef; fragment?: string }
  /** A heading of the current page, by its text (the renderer computes the anchor). */
  | { kind: 'anchor'; heading: string };

export type PageRef = { type: 'service'; id: string } | { type: 'index' };

export type Inline =
  | string
  | { code: string }
  | { strong: Inline[] }
  | { em: Inline[] }
  | { link: LinkTarget; text: Inline[] };

export interface ListItem {
  content: Inline[];
  children?: ListItem[];
}

type AdmonitionKind = 'NOTE' | 'TIP' | 'IMPORTANT' | 'WARNING' | 'CAUTION';

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4; text: Inline[] }
  | { type: 'paragraph'; content: Inline[] }
  | { type: 'list'; ordered?: boolean; items: ListItem[] }
  | { type: 'code'; lang: string; code: string }
  | { type: 'mermaid'; code: string; title: string }
  | { type: 'admonition'; kind: AdmonitionKind; blocks: Block[] }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'table'; header: Inline[][]; rows: Inline[][][] }
  /**
   * Operator-written Markdown (the service README), embedded as is: headings shifted by
   * `headingShift`, relative links resolved against `baseDir` (fleet-relative).
   */
  | { type: 'markdown'; source: string; baseDir: string; headingShift: number };

/** A rendered page: where it lives (fleet-relative path of the Markdown file) and its blocks. */
export interface Doc {
  path: string;
  page: PageRef;
  title: string;
  blocks: Block[];
}

/** Inline helpers, to keep the page builders readable. */
export const code = (c: string): Inline => ({ code: c });
export const strong = (...t: Inline[]): Inline => ({ strong: t });
export const url = (href: string, ...text: Inline[]): Inline => ({
  link: { kind: 'url', url: href },
  text: text.length > 0 ? text : [href],
});
export const fileLink = (path: string, ...text: Inline[]): Inline => ({
  link: { kind: 'file', path },
  text: text.length > 0 ? text : [code(path)],
});
export const pageLink = (page: PageRef, ...text: Inline[]): Inline => ({
  link: { kind: 'page', page },
  text,
});
export const pageAnchorLink = (page: PageRef, fragment: string, ...text: Inline[]): Inline => ({
  link: { kind: 'page', page, fragment },
  text,
});
export const anchor = (heading: string, ...text: Inline[]): Inline => ({
  link: { kind: 'anchor', heading },
  text: text.length > 0 ? text : [heading],
});

export const h = (level: 1 | 2 | 3 | 4, ...text: Inline[]): Block => ({ type: 'heading', level, text });
export const p = (...content: Inline[]): Block => ({ type: 'paragraph', content });
export const li = (content: Inline | Inline[], children?: ListItem[]): ListItem => ({
  content: Array.isArray(content) ? content : [content],
  ...(children && children.length > 0 ? { children } : {}),
});
export const ul = (items: ListItem[]): Block => ({ type: 'list', items });
export const ol = (items: ListItem[]): Block => ({ type: 'list', ordered: true, items });
export const codeBlock = (lang: string, c: string): Block => ({ type: 'code', lang, code: c });
export const note = (kind: AdmonitionKind, ...blocks: Block[]): Block => ({
  type: 'admonition',
  kind,
  blocks,
});

/** Joins inline runs with a separator, e.g. a comma-separated list of code spans. */
export function join(parts: Inline[], sep: Inline): Inline[] {
  return parts.flatMap((x, i) => (i === 0 ? [x] : [sep, x]));
}

/** The plain text of inline content (heading anchors, search text). */
export function plainText(content: readonly Inline[]): string {
  return content
    .map((n) => {
      if (typeof n === 'string') return n;
      if ('code' in n) return n.code;
      if ('strong' in n) return plainText(n.strong);
      if ('em' in n) return plainText(n.em);
      return plainText(n.text);
    })
    .join('');
}

/**
 * GitHub's heading anchor: lower-cased, characters other than letters, digits, `-`, `_` and
 * spaces dropped, spaces turned into `-`; repeats get `-1`, `-2`, … in document order.
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/**
 * Anchors of the page's own headings by text, with GitHub's de-duplication counted over every
 * heading of the page (embedded README headings included, since they take anchors too).
 */
export function headingAnchors(blocks: readonly Block[]): Map<string, string> {
  const seen = new Map<string, number>();
  const byText = new Map<string, string>();
  const count = (text: string): string => {
    const base = slugify(text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
  const visit = (bs: readonly Block[]) => {
    for (const b of bs) {
      if (b.type === 'heading') {
        const text = plainText(b.text);
        const slug = count(text);
        if (!byText.has(text)) byText.set(text, slug);
      } else if (b.type === 'admonition' || b.type === 'quote') visit(b.blocks);
      else if (b.type === 'markdown') for (const text of markdownHeadings(b.source)) count(text);
    }
  };
  visit(blocks);
  return byText;
}

/** Fails loudly when a page links to a heading it does not have (a bug in a page builder). */
export function checkAnchors(doc: Doc): void {
  const anchors = headingAnchors(doc.blocks);
  const walkInline = (ns: readonly Inline[]) => {
    for (const n of ns) {
      if (typeof n === 'string' || 'code' in n) continue;
      if ('link' in n) {
        if (n.link.kind === 'anchor' && !anchors.has(n.link.heading))
          throw new Error(`${doc.path}: link to missing heading "${n.link.heading}"`);
        walkInline(n.text);
      } else walkInline('strong' in n ? n.strong : n.em);
    }
  };
  const walkItems = (items: readonly ListItem[]) => {
    for (const it of items) {
      walkInline(it.content);
      walkItems(it.children ?? []);
    }
  };
  const walk = (bs: readonly Block[]) => {
    for (const b of bs) {
      if (b.type === 'heading') walkInline(b.text);
      else if (b.type === 'paragraph') walkInline(b.content);
      else if (b.type === 'list') walkItems(b.items);
      else if (b.type === 'admonition' || b.type === 'quote') walk(b.blocks);
      else if (b.type === 'table') for (const r of [b.header, ...b.rows]) for (const c of r) walkInline(c);
    }
  };
  walk(doc.blocks);
}
