/** The HTML catalog files and the fleet summary (the browser test drives the real thing). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { examplePlatform, exampleServiceIds, exampleSpec } from '../../test/support/examples.ts';
import { buildCatalog, CATALOG_MARKER, MERMAID_FILE, searchText } from './catalog.ts';
import { ASSETS, CATALOG_CSS, CATALOG_JS } from './catalog-assets.ts';
import { fleetSummary, renderFleetTable } from './fleet-summary.ts';

const platform = examplePlatform();
const specs = exampleServiceIds().map((id) => exampleSpec(id));

test('the catalog has the index, one page per service, assets and the marker; deterministic', () => {
  const files = buildCatalog(specs, platform);
  assert.deepEqual(
    files.map((f) => f.path),
    [
      CATALOG_MARKER,
      ASSETS.css,
      ASSETS.js,
      'index.html',
      'services/acme-api.html',
      'services/nightly-sync.html',
      'services/release-registry.html',
      'services/search-grpc.html',
    ],
  );
  assert.deepEqual(buildCatalog([...specs].reverse(), platform), files);
  assert.equal(MERMAID_FILE, 'assets/mermaid.min.js');
});

test('pages load only local scripts and styles, and work on a phone', () => {
  for (const f of buildCatalog(specs, platform).filter((x) => x.path.endsWith('.html'))) {
    const html = String(f.content);
    for (const m of html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g))
      assert.doesNotMatch(m[1]!, /^(https?:)?\/\//, `${f.path} loads ${m[1]} from the network`);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  }
  const page = String(
    buildCatalog(specs, platform).find((f) => f.path === 'services/release-registry.html')!.content,
  );
  assert.match(page, /<script src="\.\.\/assets\/mermaid\.min\.js"><\/script>/);
  assert.match(page, /<link rel="stylesheet" href="\.\.\/assets\/catalog\.css">/);
  // rollout, two architectures, two stack diagrams, the apply order
  assert.equal((page.match(/<pre class="mermaid"/g) ?? []).length, 6);
  assert.match(
    page,
    /href="https:\/\/github\.com\/acme\/managed-services\/blob\/main\/services\/release-registry\/service\.yaml"/,
  );
  assert.match(page, /href="\.\.\/index\.html"/);
});

test('index cards carry what the filters and search need', () => {
  const index = String(buildCatalog(specs, platform).find((f) => f.path === 'index.html')!.content);
  const cards = [
    ...index.matchAll(
      /<article class="card" data-id="([^"]+)" data-owners="([^"]*)" data-categories="([^"]*)" data-resources="([^"]*)" data-search="([^"]*)">/g,
    ),
  ];
  // search-grpc has two owners, so it is listed under both.
  assert.deepEqual(
    cards.map((c) => c[1]),
    ['acme-api', 'search-grpc', 'nightly-sync', 'release-registry', 'search-grpc'],
  );
  const api = cards[0]!;
  assert.equal(api[2], 'core-services');
  assert.equal(api[3], 'test external');
  assert.equal(api[4], 'redis postgresql bigquery');
  assert.match(api[5]!, /acme-api-prod-b71c/);
  assert.match(api[5]!, /api\.acme\.com/);
  for (const owner of ['core-services', 'data-team', 'dev-experience', 'search-platform'])
    assert.match(index, new RegExp(`<option value="${owner}">`));
  assert.match(index, /<section class="owner" data-owner="search-platform">/);
  assert.match(index, /<p id="count" data-total="4"/);
  assert.match(index, /href="services\/acme-api\.html#prod"/);
  assert.match(index, /Access by environment category/);
});

test('fleet summary: rows, totals, table and JSON shape', () => {
  const s = fleetSummary(specs);
  assert.deepEqual(
    s.services.map((x) => [x.id, x.kind, x.resources, x.rollout ?? null]),
    [
      ['acme-api', 'service', ['redis', 'postgresql', 'bigquery'], null],
      ['nightly-sync', 'job', ['bigquery'], null],
      ['release-registry', 'service', ['postgresql'], ['dev', 'prod']],
      ['search-grpc', 'service', ['redis'], null],
    ],
  );
  assert.deepEqual(s.totals, {
    services: 4,
    byKind: { service: 3, job: 1 },
    owners: ['core-services', 'data-team', 'dev-experience', 'search-platform'],
    environments: 8,
    byCategory: { test: 4, internal: 3, external: 1 },
    byDeployType: { manual: 4, rollout: 2, subscription: 2 },
    byResource: { redis: 3, postgresql: 4, bigquery: 3 },
    rolloutPipelines: 1,
  });
  const table = renderFleetTable(s).split('\n');
  assert.match(table[0]!, /^SERVICE +KIND +OWNERS +ENVIRONMENTS +RESOURCES +ROLLOUT$/);
  assert.match(
    table[3]!,
    /^release-registry +service +dev-experience +dev:test prod:internal +postgresql +dev->prod$/,
  );
  assert.match(
    table.join('\n'),
    /4 services \(3 Cloud Run services, 1 job\), owned by 4 teams, in 8 environments/,
  );
  assert.equal(s.services[0]!.opsPage, 'services/acme-api/docs/operations.md');
});

test('searching the catalog matches alert names, owners and environments, not the image path', () => {
  const summary = fleetSummary(specs);
  const api = specs.find((s) => s.id === 'acme-api')!;
  const text = searchText(api, summary.services.find((s) => s.id === 'acme-api')!, platform);
  for (const t of [
    'signups stalled',
    'core-services',
    'prod',
    'external',
    'acme-api-prod-b71c',
    'api.acme.com',
  ])
    assert.ok(text.includes(t), `"${t}" is not searchable`);
  assert.ok(!text.includes('docker.pkg.dev'), 'the image path is incidental');
  assert.ok(!text.includes(api.build.image.toLowerCase()));
});

test('one broken spec is a card with its errors; the other services are built as usual', () => {
  const broken = [
    {
      id: 'zz-broken',
      file: 'services/zz-broken/service.yaml',
      errors: [
        {
          code: 'SPEC_UNKNOWN_KEY',
          message: 'Unknown key `ownerz`',
          file: 'services/zz-broken/service.yaml',
          line: 4,
          column: 3,
        },
        ...[1, 2, 3].map((n) => ({ code: 'SPEC_X', message: `problem ${n}` })),
      ],
    },
  ];
  const files = buildCatalog(specs, platform, {}, broken);
  const index = String(files.find((f) => f.path === 'index.html')!.content);
  assert.match(index, /<article class="card broken" data-id="zz-broken"/);
  assert.match(
    index,
    /<code>services\/zz-broken\/service\.yaml:4:3<\/code> <code>SPEC_UNKNOWN_KEY<\/code> Unknown key `ownerz`/,
  );
  assert.match(index, /and 1 more/, 'long error lists are cut');
  assert.match(index, /<p id="count" data-total="5"/);
  assert.ok(!files.some((f) => f.path === 'services/zz-broken.html'));
  assert.equal(files.filter((f) => f.path.startsWith('services/')).length, specs.length);
  assert.deepEqual(JSON.parse(String(files.find((f) => f.path === CATALOG_MARKER)!.content)).broken, [
    'zz-broken',
  ]);
});

test('each card links the console and dashboard of its first production environment', () => {
  const index = String(buildCatalog(specs, platform).find((f) => f.path === 'index.html')!.content);
  const card = /<article class="card" data-id="acme-api"[\s\S]*?<\/article>/.exec(index)![0];
  assert.match(card, /<span class="links-env">prod:<\/span>/);
  assert.ok(
    card.includes(
      'href="https://console.cloud.google.com/run/detail/us-central1/acme-api-prod-us-central1?project=acme-api-prod-b71c">console</a>',
    ),
  );
  assert.match(
    card,
    /monitoring\/dashboards\?[^"]*project=acme-api-prod-b71c" title="dashboard “MSP Alerts - Acme API \(prod\)”">dashboard<\/a>/,
  );
  assert.ok(card.indexOf('<code>prod</code>') < card.indexOf('<code>dev</code>'), 'production first');
});

test('the contents panel of a service page lists each environment\u2019s sections under it', () => {
  const page = String(
    buildCatalog(specs, platform).find((f) => f.path === 'services/acme-api.html')!.content,
  );
  const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(page)![0];
  const prod = /<li><a href="#prod">prod<\/a><ul>([\s\S]*?)<\/ul><\/li>/.exec(toc);
  assert.ok(prod, 'prod has its own nested list');
  for (const id of ['prod-architecture', 'prod-access', 'prod-cloud-run', 'prod-rollback', 'prod-terraform'])
    assert.ok(prod[1]!.includes(`href="#${id}"`), `no ${id} under prod`);
  assert.ok(toc.indexOf('href="#prod"') < toc.indexOf('href="#dev"'));
});

test('tables label every cell with its column, so phones can stack them', () => {
  const index = String(buildCatalog(specs, platform).find((f) => f.path === 'index.html')!.content);
  assert.match(index, /<td data-label="Standing roles">/);
  assert.match(CATALOG_CSS, /td::before \{ content: attr\(data-label\)/);
  assert.match(CATALOG_JS, /useMaxWidth: false/);
});
