/**
 * The HTML catalog in real headless Chromium (Debian's `chromium`, driven by playwright-core),
 * as the person on call uses it: built from the example fleet into a temp folder, opened from
 * file:// with every non-file request blocked, searched, followed to a service page whose
 * Mermaid diagrams must render, and looked at on a phone (390×844). Screenshots go to
 * test-artifacts/ (CI keeps them). Skipped when Chromium is not installed
 * (scripts/install-chromium.sh installs it; CI runs that script).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runDocs } from '../../src/cli/commands/docs.ts';
import { chromiumMissing, closeChromium, launchChromium, STEP_TIMEOUT_MS } from '../support/browser.ts';
import { capturedIO, copyExamples } from '../support/cli.ts';
import { EXAMPLES_ROOT } from '../support/examples.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const missing = chromiumMissing();

let work = '';
let browser: Browser | undefined;

/** Runs `msp docs --html` in-process; returns the exit code, stderr and the catalog folder. */
async function buildSite(root: string, name: string): Promise<{ code: number; stderr: string; out: string }> {
  const out = join(work, name);
  const { io, out: captured } = capturedIO(work, { env: { PATH: process.env.PATH } });
  const code = await runDocs({ root, html: out, revision: '' }, io);
  return { code, stderr: captured.stderr, out };
}

/** A page of its own context (viewport, offline), with the requests it tried and its errors. */
async function open(viewport: {
  width: number;
  height: number;
}): Promise<{ page: Page; context: BrowserContext; offline: string[]; errors: string[] }> {
  const context = await browser!.newContext({ viewport });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
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
  return { page, context, offline, errors };
}

async function visibleCards(page: Page): Promise<string[]> {
  const ids = await page
    .locator('.card:visible')
    .evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.id ?? ''));
  return [...new Set(ids)].sort();
}

/** True when the page is no wider than the window (nothing to scroll sideways). */
function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage, timeout: STEP_TIMEOUT_MS });
}

describe('the HTML catalog in headless Chromium', { skip: missing, timeout: 240_000 }, () => {
  let site = '';
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'msp-catalog-'));
    const built = await buildSite(EXAMPLES_ROOT, 'site');
    assert.equal(built.code, 0, built.stderr);
    site = built.out;
    browser = await launchChromium();
  });
  after(async () => {
    if (browser) await closeChromium(browser);
    rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  test('search finds a service by alert name, owner and environment, but not by its image path', async () => {
    const { page, context, offline, errors } = await open(DESKTOP);
    try {
      await page.goto(pathToFileURL(join(site, 'index.html')).href);
      const count = page.locator('#count');
      assert.equal(await count.textContent(), '4 of 4 services');
      await page.fill('#q', 'signups stalled');
      assert.deepEqual(await visibleCards(page), ['acme-api'], 'an alert name');
      await page.fill('#q', 'data-team');
      assert.deepEqual(await visibleCards(page), ['nightly-sync'], 'an owner');
      await page.fill('#q', 'search-grpc-prod');
      assert.deepEqual(await visibleCards(page), ['search-grpc'], 'an environment project');
      await page.fill('#q', 'api.acme.dev');
      assert.deepEqual(await visibleCards(page), ['acme-api'], 'an environment domain');
      await page.fill('#q', 'docker.pkg.dev');
      assert.equal(await count.textContent(), '0 of 4 services', 'the image path is not searched');
      assert.equal(await page.locator('#empty').isVisible(), true);
      await page.fill('#q', '');
      await page.selectOption('#owner', 'data-team');
      assert.deepEqual(await visibleCards(page), ['nightly-sync']);
      await page.selectOption('#owner', '');
      await page.selectOption('#resource', 'postgresql');
      assert.deepEqual(await visibleCards(page), ['acme-api', 'release-registry']);
      await page.selectOption('#category', 'internal');
      assert.deepEqual(await visibleCards(page), ['release-registry']);
      assert.deepEqual(offline, [], 'the catalog must not touch the network');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('each card links the console and dashboard of production', async () => {
    const { page, context } = await open(DESKTOP);
    try {
      await page.goto(pathToFileURL(join(site, 'index.html')).href);
      const links = await page
        .locator('.card[data-id="acme-api"] .links a')
        .first()
        .evaluate((a) => {
          const all = [...(a.parentElement?.querySelectorAll('a') ?? [])];
          return all.map((x) => [x.textContent, (x as HTMLAnchorElement).href]);
        });
      assert.deepEqual(
        links.map(([t]) => t),
        ['console', 'dashboard', 'incidents'],
      );
      for (const [, href] of links) assert.match(href!, /project=acme-api-prod-b71c/, href);
      assert.match(links[0]![1]!, /\/run\/detail\/us-central1\/acme-api-prod-us-central1\?/);
      assert.match(links[1]![1]!, /\/monitoring\/dashboards\?/);
      assert.equal(
        await page.locator('.card[data-id="acme-api"] .links-env').textContent(),
        'prod:',
        'production comes first even though the spec lists dev first',
      );
    } finally {
      await context.close();
    }
  });

  test('on a phone the index fits the screen and the access table reads as labelled cards', async () => {
    const { page, context, offline } = await open(PHONE);
    try {
      await page.goto(pathToFileURL(join(site, 'index.html')).href);
      assert.ok(await fitsWidth(page), 'the index scrolls sideways on a phone');
      const table = page.locator('.guidance table').filter({ hasText: 'Standing roles' });
      assert.equal(await table.count(), 1, 'the access table is on the index');
      const layout = await table.evaluate((t) => {
        const cells = [...t.querySelectorAll('tbody td')] as HTMLElement[];
        return {
          width: t.getBoundingClientRect().width,
          container: (t.closest('main') as HTMLElement).clientWidth,
          display: getComputedStyle(cells[0]!).display,
          labels: cells.slice(0, 4).map((c) => getComputedStyle(c, '::before').content),
          header: getComputedStyle(t.querySelector('thead')!).position,
        };
      });
      assert.ok(layout.width <= layout.container, `the table is ${layout.width}px in ${layout.container}px`);
      assert.equal(layout.display, 'block', 'each row is a card');
      assert.equal(layout.header, 'absolute', 'the header row is visually hidden');
      assert.deepEqual(layout.labels, [
        '"Category"',
        '"Standing roles"',
        '"Requestable roles"',
        '"Longest grant"',
      ]);
      await shot(page, 'catalog-phone.png');
      assert.deepEqual(offline, []);
    } finally {
      await context.close();
    }
  });

  test('on a phone a service page shows its diagrams at a readable size without the page scrolling sideways', async () => {
    const { page, context, offline, errors } = await open(PHONE);
    try {
      await page.goto(pathToFileURL(join(site, 'index.html')).href);
      await page.fill('#q', 'release-registry');
      await page.locator('.card:visible h3 a').first().click();
      await page.waitForURL(/services\/release-registry\.html$/);
      assert.equal(await page.locator('h1').textContent(), 'Release Registry operations');
      await page.waitForSelector('html[data-diagrams]');
      assert.equal(await page.getAttribute('html', 'data-diagrams'), 'rendered');
      const diagrams = await page.locator('pre.mermaid').count();
      assert.ok(diagrams >= 3, `expected the rollout, architecture and stacks diagrams, found ${diagrams}`);
      assert.equal(await page.locator('pre.mermaid svg').count(), diagrams);
      // Readable: drawn at (at least) the size Mermaid laid it out, not shrunk to 390 px.
      const scales = await page.locator('pre.mermaid svg').evaluateAll((svgs) =>
        svgs.map((s) => {
          const box = (s as SVGSVGElement).viewBox.baseVal;
          return box && box.width > 0 ? s.getBoundingClientRect().width / box.width : 1;
        }),
      );
      for (const s of scales)
        assert.ok(s >= 0.99, `a diagram is drawn at ${Math.round(s * 100)}% of its size`);
      assert.ok(await fitsWidth(page), 'the service page scrolls sideways on a phone');
      await page.locator('#prod-architecture').scrollIntoViewIfNeeded();
      await shot(page, 'catalog-service-phone.png', false);
      await page.setViewportSize(DESKTOP);
      await page.locator('#dev-architecture').scrollIntoViewIfNeeded();
      await shot(page, 'catalog-service.png', false);
      assert.deepEqual(offline, []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the contents panel lists each environment and its sections, production first', async () => {
    const { page, context } = await open(DESKTOP);
    try {
      await page.goto(pathToFileURL(join(site, 'services', 'acme-api.html')).href);
      const toc = page.locator('nav.toc');
      assert.equal(await toc.locator('details').getAttribute('open'), '', 'open on a wide screen');
      const hrefs = await toc.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      for (const h of [
        '#on-call',
        '#prod',
        '#prod-access',
        '#prod-cloud-run',
        '#prod-rollback',
        '#dev-rollback',
      ])
        assert.ok(hrefs.includes(h), `the contents panel has no ${h}`);
      assert.ok(hrefs.indexOf('#prod') < hrefs.indexOf('#dev'), 'production is listed first');
      await toc.locator('a[href="#prod-rollback"]').click();
      assert.ok(await page.locator('#prod-rollback').isVisible());
    } finally {
      await context.close();
    }
  });

  test('one invalid spec shows as a broken card and the rest of the catalog still works', async () => {
    const fleet = join(work, 'fleet');
    copyExamples({ inputsOnly: true, into: fleet });
    const file = join(fleet, 'services', 'nightly-sync', 'service.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/^ {2}id: nightly-sync$/m, '$&\n  ownerz: [data-team]'),
    );
    const built = await buildSite(fleet, 'broken-site');
    assert.equal(built.code, 1, 'msp docs --html exits 1 when a spec has errors');
    assert.match(built.stderr, /1 spec has errors \(nightly-sync\)/);
    const { page, context, errors } = await open(PHONE);
    try {
      await page.goto(pathToFileURL(join(built.out, 'index.html')).href);
      assert.equal(await page.locator('#count').textContent(), '4 of 4 services');
      const card = page.locator('.card.broken');
      assert.equal(await card.count(), 1);
      assert.equal(await card.getAttribute('data-id'), 'nightly-sync');
      const text = (await card.textContent()) ?? '';
      assert.match(text, /Invalid spec/);
      assert.match(text, /services\/nightly-sync\/service\.yaml:\d+:\d+/);
      assert.match(text, /SPEC_UNKNOWN_KEY/);
      assert.match(
        (await card.locator('h3 a').getAttribute('href')) ?? '',
        /\/blob\/main\/services\/nightly-sync\/service\.yaml$/,
      );
      assert.deepEqual(await visibleCards(page), [
        'acme-api',
        'nightly-sync',
        'release-registry',
        'search-grpc',
      ]);
      await page.fill('#q', 'signups');
      assert.deepEqual(await visibleCards(page), ['acme-api'], 'search still works');
      await page.fill('#q', '');
      assert.ok(await fitsWidth(page));
      await card.scrollIntoViewIfNeeded();
      await shot(page, 'catalog-broken-card-phone.png', false);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
    assert.ok(!existsSync(join(built.out, 'services', 'nightly-sync.html')), 'no page for a broken spec');
    assert.ok(existsSync(join(built.out, 'services', 'acme-api.html')));
  });
});
