/**
 * Hostile spec values in the Markdown operations page: rendered with a permissive Markdown
 * renderer (marked, raw HTML allowed, no sanitiser) in headless Chromium, no script runs, no
 * live HTML or `javascript:` link appears, and the page keeps its structure (its sections are
 * still headings, not swallowed by a fence or a table). Skipped when Chromium is not installed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { marked } from 'marked';
import { CHROMIUM, closeChromium, launchChromium, STEP_TIMEOUT_MS } from '../support/browser.ts';
import { cli, copyExamples } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PWN = (n: number) => `window.__pwned=(window.__pwned||[]).concat(${n})`;

const README = [
  '# Acme API',
  '',
  `<script>${PWN(1)}</script>`,
  `<img src=x onerror="${PWN(2)}">`,
  `[click me](javascript:${PWN(3)}) and [data](data:text/html,<script>${PWN(4)}</script>)`,
  `<javascript:${PWN(5)}>`,
  '<details open><summary>x</summary>',
  '',
  `[ref]: javascript:${PWN(6)}`,
  'Use [ref][ref].',
  '',
  '```',
  'an unclosed fence that would swallow the page',
].join('\n');

test('hostile values stay inert text in the operations page (permissive renderer, Chromium)', {
  timeout: 60_000,
}, async (t) => {
  const fleet = copyExamples();
  t.after(() => fleet.cleanup());
  const dir = join(fleet.dir, 'services', 'acme-api');
  writeFileSync(join(dir, 'README.md'), README);
  const spec = readFileSync(join(dir, 'service.yaml'), 'utf8')
    .replace(
      'description: Work queue is growing.',
      `description: "<img src=x onerror=${PWN(7)}> | a | b |\\n\\n## Not a heading\\n\\n\`\`\`\\nopen fence"`,
    )
    .replace('repo: github.com/acme/api', `repo: 'github.com/acme/api"><img src=x onerror=${PWN(8)}> (x)'`)
    .replace('dir: examples/runtime-service', `dir: 'a) <b onmouseover=${PWN(9)}>|x'`);
  writeFileSync(join(dir, 'service.yaml'), spec);
  const r = await cli(['ops', 'acme-api', '--root', fleet.dir], ROOT);
  assert.equal(r.code, 0, r.stderr);
  const md = readFileSync(join(dir, 'docs', 'operations.md'), 'utf8');
  assert.ok(md.includes('an unclosed fence'), 'the README is embedded');

  // Permissive: raw HTML passes through marked untouched; only our escaping protects the page.
  const html = `<!doctype html><meta charset="utf-8"><body>${await marked.parse(md, { async: true, gfm: true })}</body>`;
  // No live element or link (escaped text such as `&lt;img onerror=…&gt;` is fine: it is text).
  const live = html.match(
    /<(script|img|iframe|object|embed|details)\b[^>]*>|href="\s*(javascript|data|vbscript):[^"]*"/gi,
  );
  assert.equal(live, null, `live HTML: ${live?.join('\n')}`);
  if (!existsSync(CHROMIUM)) {
    t.skip(`Chromium is not installed at ${CHROMIUM}; run scripts/install-chromium.sh (CI does)`);
    return;
  }
  const browser = await launchChromium();
  t.after(() => closeChromium(browser));
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html);
  await page.mouse.move(10, 10);
  for (const a of await page.locator('a').all()) await a.hover().catch(() => {});
  assert.equal(
    await page.evaluate(() => (window as { __pwned?: unknown }).__pwned),
    undefined,
    'a script ran',
  );
  assert.deepEqual(dialogs, []);
  assert.equal(await page.locator('script, img, iframe, object, embed, details').count(), 0);
  const hrefs = await page
    .locator('a[href]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  assert.ok(
    hrefs.every((h) => !/^\s*(javascript|data|vbscript):/i.test(h)),
    hrefs.join('\n'),
  );
  // Structure: every section of the page is still a heading after the hostile README and alert.
  const h2 = await page.locator('h2').allTextContents();
  for (const want of ['Service overview', 'Environments', 'Alert policies'])
    assert.ok(h2.includes(want), `missing section ${want}: ${h2.join(', ')}`);
  assert.ok(!h2.includes('Not a heading'), 'an alert description made its own section');
  assert.equal(await page.locator('pre h2, code h2, blockquote h2, table h2').count(), 0);
});
