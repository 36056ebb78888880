/**
 * The HTML catalog in real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * built from the example fleet into a temp folder, opened from file:// with every non-file
 * request blocked, filtered, followed to a service page whose Mermaid diagrams must render.
 * Screenshots go to test-artifacts/ (CI keeps them). Skipped when Chromium is not installed
 * (scripts/install-chromium.sh installs it; CI runs that script).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runDocs } from '../../src/cli/commands/docs.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { EXAMPLES_ROOT } from '../support/examples.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

test('the HTML catalog works from file:// in headless Chromium', { timeout: 60_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`Chromium is not installed at ${CHROMIUM}; run scripts/install-chromium.sh (CI does)`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'msp-catalog-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const out = join(work, 'site');
  let stderr = '';
  const io: CliIO = {
    cwd: work,
    stdout: () => {},
    stderr: (s) => {
      stderr += s;
    },
    isTTY: false,
    env: { PATH: process.env.PATH },
  };
  assert.equal(await runDocs({ root: EXAMPLES_ROOT, html: out, revision: '' }, io), 0, stderr);

  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 390, height: 844 },
  });
  t.after(() => context.close());
  const offline: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    offline.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(pathToFileURL(join(out, 'index.html')).href);
  const count = page.locator('#count');
  assert.equal(await count.textContent(), '4 of 4 services');
  const visible = async () =>
    (
      await page
        .locator('.card:visible')
        .evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.id))
    )
      .filter((v, i, a) => a.indexOf(v) === i)
      .sort();

  // Readable on a phone: nothing wider than the viewport.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));

  await page.selectOption('#owner', 'data-team');
  assert.equal(await count.textContent(), '1 of 4 services');
  assert.deepEqual(await visible(), ['nightly-sync']);
  await page.selectOption('#owner', '');
  await page.selectOption('#resource', 'postgresql');
  assert.deepEqual(await visible(), ['acme-api', 'release-registry']);
  await page.selectOption('#category', 'internal');
  assert.deepEqual(await visible(), ['release-registry']);
  await page.selectOption('#resource', '');
  await page.selectOption('#category', '');
  await page.fill('#q', 'search-grpc-prod');
  assert.deepEqual(await visible(), ['search-grpc']);
  await page.fill('#q', 'no such service');
  assert.equal(await count.textContent(), '0 of 4 services');
  assert.equal(await page.locator('#empty').isVisible(), true);
  await page.fill('#q', 'registry');
  assert.deepEqual(await visible(), ['release-registry']);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'catalog.png'), fullPage: true });

  await page.locator('.card:visible h3 a').first().click();
  await page.waitForURL(/services\/release-registry\.html$/);
  assert.equal(await page.locator('h1').textContent(), 'Release Registry operations');
  await page.waitForSelector('html[data-diagrams]', { timeout: 20_000 });
  assert.equal(await page.getAttribute('html', 'data-diagrams'), 'rendered');
  const diagrams = await page.locator('pre.mermaid').count();
  assert.ok(diagrams >= 3, `expected the rollout, architecture and stacks diagrams, found ${diagrams}`);
  assert.equal(await page.locator('pre.mermaid svg').count(), diagrams);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('#dev-architecture').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'catalog-service.png') });

  assert.deepEqual(offline, [], 'the catalog must not touch the network');
  assert.deepEqual(errors, []);
});
