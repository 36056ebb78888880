/** The document model and its renderers: escaping, anchors, README embedding, HTML safety. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { examplePlatform } from '../../test/support/examples.ts';
import { mermaidLabel } from './diagrams.ts';
import {
  anchor,
  type Block,
  checkAnchors,
  code,
  type Doc,
  fileLink,
  h,
  headingAnchors,
  li,
  note,
  p,
  pageAnchorLink,
  pageLink,
  slugify,
  ul,
  url,
} from './doc.ts';
import { embedMarkdown, markdownHeadings } from './embed.ts';
import { renderDocHtml } from './html.ts';
import { escapeMarkdown, renderMarkdown } from './markdown.ts';
import { markdownToHtml } from './readme-html.ts';

const doc = (blocks: Block[], path = 'services/x/docs/operations.md'): Doc => ({
  path,
  page: { type: 'service', id: 'x' },
  title: 'X',
  blocks,
});

test('user text cannot become Markdown syntax', () => {
  const evil = 'a *b* _c_ [link](http://evil) <script> `x` # not | heading ~~s~~ & co';
  const md = renderMarkdown(doc([p(evil)]));
  assert.equal(
    md,
    'a \\*b\\* \\_c\\_ \\[link\\](http://evil) \\<script\\> \\`x\\` \\# not \\| heading \\~\\~s\\~\\~ \\& co\n',
  );
  assert.equal(renderMarkdown(doc([p('- not a list')])), '\\- not a list\n');
  assert.equal(renderMarkdown(doc([p('1. not a list')])), '1\\. not a list\n');
  assert.equal(escapeMarkdown('two\nlines'), 'two lines');
});

test('code spans and fences survive backticks in their content', () => {
  const md = renderMarkdown(doc([p(code('a`b')), { type: 'code', lang: 'bash', code: 'x\n```\ny' }]));
  assert.equal(md, '`` a`b ``\n\n````bash\nx\n```\ny\n````\n');
});

test('lists nest, admonitions quote every line, tables escape pipes', () => {
  const md = renderMarkdown(
    doc([
      ul([li('a', [li('b', [li('c')])])]),
      note('WARNING', p('one'), p('two')),
      { type: 'table', header: [['h|1'], ['h2']], rows: [[[code('x')], ['y|z']]] },
    ]),
  );
  assert.equal(
    md,
    [
      '- a',
      '  - b',
      '    - c',
      '',
      '> [!WARNING]',
      '> one',
      '>',
      '> two',
      '',
      '| h\\|1 | h2 |',
      '| --- | --- |',
      '| `x` | y\\|z |',
      '',
    ].join('\n'),
  );
});

test('links are relative to the page, anchors follow GitHub', () => {
  const d = doc([
    h(2, 'dev'),
    h(2, 'dev'),
    h(3, 'dev ', code('Cloud Run'), ' (2)!'),
    p(
      fileLink('services/x/service.yaml', 'spec'),
      ' ',
      pageLink({ type: 'index' }, 'index'),
      ' ',
      pageAnchorLink({ type: 'service', id: 'y' }, 'prod', 'y prod'),
      ' ',
      anchor('dev Cloud Run (2)!', 'run'),
      ' ',
      url('https://example.com/a(b)'),
    ),
  ]);
  assert.equal(slugify('Cloud SQL - CPU Utilization'), 'cloud-sql---cpu-utilization');
  assert.deepEqual([...headingAnchors(d.blocks).values()], ['dev', 'dev-cloud-run-2']);
  const md = renderMarkdown(d);
  assert.match(md, /\[spec\]\(\.\.\/service\.yaml\)/);
  assert.match(md, /\[index\]\(\.\.\/\.\.\/\.\.\/docs\/services\.md\)/);
  assert.match(md, /\[y prod\]\(\.\.\/\.\.\/y\/docs\/operations\.md#prod\)/);
  assert.match(md, /\[run\]\(#dev-cloud-run-2\)/);
  assert.match(md, /\(https:\/\/example\.com\/a%28b%29\)/);
  assert.throws(() => checkAnchors(doc([p(anchor('nowhere'))])), /missing heading "nowhere"/);
});

test('README headings count for anchors, are shifted, and their relative links re-targeted', () => {
  const readme =
    '## Setup\n\nSee [the guide](docs/guide.md#x), [site](https://a.b) and `[c](d)`.\n\n```\n# not a heading\n```\n\n[ref]: ./notes.md';
  assert.deepEqual(markdownHeadings(readme), ['Setup']);
  const shifted = embedMarkdown(readme, 2, (href) => `../${href}`);
  assert.match(shifted, /^#### Setup$/m);
  assert.match(shifted, /\[the guide\]\(\.\.\/docs\/guide\.md#x\)/);
  assert.match(shifted, /\[site\]\(https:\/\/a\.b\)/);
  assert.match(shifted, /`\[c\]\(d\)`/);
  assert.match(shifted, /^# not a heading$/m);
  assert.match(shifted, /^\[ref\]: \.\.\/\.\/notes\.md$/m);
  const d = doc([
    { type: 'markdown', source: '# dev\n', baseDir: 'services/x', headingShift: 2 },
    h(2, 'dev'),
    p(anchor('dev')),
  ]);
  // GitHub numbers the README's "dev" first, so the page's own heading is dev-1.
  assert.match(renderMarkdown(d), /\]\(#dev-1\)/);
  const md = renderMarkdown(
    doc([
      {
        type: 'markdown',
        source: 'See [a](a.md) and [b](../other/b.md).',
        baseDir: 'services/x',
        headingShift: 2,
      },
    ]),
  );
  assert.equal(md, 'See [a](../a.md) and [b](../../other/b.md).\n');
});

test('HTML rendering escapes text and maps links into the catalog', () => {
  const platform = examplePlatform();
  const d = doc([
    h(2, '<dev>'),
    p('<b>&', fileLink('services/x/service.yaml', 'spec'), pageLink({ type: 'index' }, 'home')),
    { type: 'mermaid', title: 't', code: 'flowchart LR\n  a["<br/>"] --> b' },
    {
      type: 'markdown',
      source: '# R\n\n<img src=x onerror=alert(1)> [rel](a.md) [js](javascript:alert(1))',
      baseDir: 'services/x',
      headingShift: 2,
    },
  ]);
  const { body, toc } = renderDocHtml(d, platform);
  assert.match(body, /<h2 id="dev">&lt;dev&gt;<\/h2>/);
  assert.match(body, /&lt;b&gt;&amp;/);
  assert.match(
    body,
    /href="https:\/\/github\.com\/acme\/managed-services\/blob\/main\/services\/x\/service\.yaml"/,
  );
  assert.match(body, /href="\.\.\/index\.html"/);
  assert.match(
    body,
    /<pre class="mermaid" aria-label="t">flowchart LR\n {2}a\[&quot;&lt;br\/&gt;&quot;\] --&gt; b<\/pre>/,
  );
  assert.match(body, /<h3>R<\/h3>/);
  assert.doesNotMatch(body, /<img|javascript:/);
  assert.match(body, /href="https:\/\/github\.com\/acme\/managed-services\/blob\/main\/services\/x\/a\.md"/);
  assert.match(toc, /href="#dev"/);
});

test('README conversion handles lists, code, quotes and emphasis', () => {
  const html = markdownToHtml('- a **b**\n  - c _d_\n- e\n\n> q\n\n```js\n<x>\n```\n\n1. one\n2. two', {
    headingShift: 0,
    href: (t) => t,
  });
  assert.equal(
    html,
    [
      '<ul><li>a <strong>b</strong><ul><li>c <em>d</em></li></ul></li><li>e</li></ul>',
      '<blockquote><p>q</p></blockquote>',
      '<pre><code class="language-js">&lt;x&gt;</code></pre>',
      '<ol><li>one</li><li>two</li></ol>',
    ].join('\n'),
  );
});

test('Mermaid labels cannot break out of their quotes', () => {
  assert.equal(mermaidLabel('a "b" <c> #d & e', 'f'), '"a #quot;b#quot; #lt;c#gt; #35;d #amp; e<br/>f"');
});
