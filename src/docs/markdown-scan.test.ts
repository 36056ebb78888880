import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embedMarkdown, markdownHeadings } from './embed.ts';
import { scanMarkdown } from './markdown-scan.ts';
import { markdownToHtml } from './readme-html.ts';

const kinds = (s: string) => scanMarkdown(s).lines.map((l) => l.kind);

test('a fence closes only with the same character, at least as long, alone on its line', () => {
  const src = ['````js', '```', '~~~~', '```` x', '````', '# after'].join('\n');
  assert.deepEqual(kinds(src), ['fence-open', 'code', 'code', 'code', 'fence-close', 'text']);
  assert.equal(scanMarkdown(src).lines[0]!.fence?.info, 'js');
});

test('an unclosed fence runs to the end and is reported', () => {
  const r = scanMarkdown('text\n~~~\n# not a heading');
  assert.deepEqual(
    r.lines.map((l) => l.kind),
    ['text', 'fence-open', 'code'],
  );
  assert.equal(r.unclosedFence, '~~~');
});

test('indented code needs a blank line before it; a backtick fence info may not hold a backtick', () => {
  assert.deepEqual(kinds('para\n    not code\n\n    code'), ['text', 'text', 'text', 'indented']);
  assert.deepEqual(kinds('``` a`b\n# heading'), ['text', 'text']);
});

test('the embedder, the heading list and the HTML renderer agree on what is code', () => {
  const src = ['# Title', '````', '# in code', '```', '````', '## Real'].join('\n');
  assert.deepEqual(markdownHeadings(src), ['Title', 'Real']);
  const embedded = embedMarkdown(src, 1, (h) => h);
  assert.match(embedded, /^## Title$/m);
  assert.match(embedded, /^# in code$/m);
  assert.match(embedded, /^### Real$/m);
  const html = markdownToHtml(src, { headingShift: 0, href: (h) => h });
  assert.match(html, /<pre><code># in code\n```<\/code><\/pre>/);
  assert.match(html, /<h2>Real<\/h2>/);
});
