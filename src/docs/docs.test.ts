/**
 * The generated docs of the example fleet (their committed copies are goldens, compared in
 * test/repo/goldens.test.ts): deterministic, every link resolvable, access sections that
 * follow the platform config per category, and alert lists equal to the alert policies of the
 * generated monitoring stacks.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, test } from 'node:test';
import {
  EXAMPLES_ROOT,
  examplePlatform,
  exampleServiceIds,
  exampleSpec,
} from '../../test/support/examples.ts';
import { iamRoleName } from '../platform/access.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { rolloutModel } from '../rollout/model.ts';
import type { ServiceSpec } from '../spec/model.ts';
import { workspaceTags } from '../stacks/resources/tfc-workspace.ts';
import * as urls from '../urls/index.ts';
import { checkAnchors, headingAnchors } from './doc.ts';
import { buildFleetIndex, buildFleetIndexDoc } from './fleet-index.ts';
import { FLEET_INDEX_PATH } from './paths.ts';
import { buildServiceDoc, buildServiceDocs, environmentStacks } from './service-page.ts';

const platform = examplePlatform();
const specs = exampleServiceIds().map((id) => exampleSpec(id));
const pages = new Map<string, string>([
  ...specs.flatMap((s) => buildServiceDocs(s, platform).map((f): [string, string] => [f.path, f.content])),
  [FLEET_INDEX_PATH, buildFleetIndex(specs, platform).content],
]);

describe('docs of the example fleet', () => {
  test('generation is deterministic and the revision only changes the note', () => {
    for (const s of specs) {
      const a = buildServiceDocs(s, platform)[0]!.content;
      assert.equal(buildServiceDocs(s, platform)[0]!.content, a);
      const withRev = buildServiceDocs(s, platform, {
        revision: '0123456789abcdef0123456789abcdef01234567',
      })[0]!.content;
      assert.match(withRev, /acme\/managed-services@0123456/);
      assert.equal(withRev.split('\n').slice(4).join('\n'), a.split('\n').slice(4).join('\n'));
    }
  });
});

/** Every URL the URL model builds for a spec: the only absolute links a page may hold. */
function knownUrls(spec: ServiceSpec, p: PlatformConfig): Set<string> {
  const out: (string | undefined)[] = [
    urls.sourceUrl(spec),
    p.links.repository,
    p.links.docs,
    p.links.runbook,
  ];
  const model = rolloutModel(spec);
  if (model)
    out.push(
      urls.deliveryPipelineUrl({ name: model.pipelineName, region: model.region, project: model.projectID }),
    );
  for (const env of spec.environments) {
    out.push(
      urls.projectUrl(env),
      urls.iamUrl(env),
      urls.cloudRunUrl(spec, env),
      urls.logsExplorerUrl(spec, env),
      urls.tracesUrl(env),
      urls.errorReportingUrl(env),
      urls.alertPoliciesUrl(env),
      urls.dashboardsUrl(env),
      urls.notificationChannelsUrl(env),
      urls.redisUrl(env),
      urls.cloudSqlUrl(env),
      urls.bigQueryUrl(env),
      ...(env.resources.bigQueryDataset?.tables.map((t) => urls.bigQueryUrl(env, t.id)) ?? []),
      urls.secretManagerUrl(env),
      urls.errorBudgetUrl(env),
      urls.SRE_WORKBOOK_ALERTING_ON_SLOS_URL,
      urls.domainUrl(env),
      ...p.access.elevated.roles[env.category].map((r) => urls.elevatedAccessUrl(p, spec, env, r)),
      urls.elevatedAccessUrl(
        p,
        spec,
        env,
        'roles/iam.serviceAccountTokenCreator',
        `projects/${env.projectID}/serviceAccounts/operator-access@${env.projectID}.iam.gserviceaccount.com`,
      ),
      ...environmentStacks(p).map((s) => urls.workspaceUrl(p, spec.id, env.id, s)),
      ...workspaceTags(spec.id, env.id).map((t) => urls.workspaceTagUrl(p, t)),
      urls.tfcTeamsUrl(p),
      urls.tfcOrganizationUrl(p),
      urls.notionPageUrl(spec),
      urls.incidentsUrl(env),
      urls.uptimeChecksUrl(env),
      ...(spec.kind === 'service' ? [urls.cloudRunMetricsUrl(spec, env)] : []),
    );
  }
  return new Set(out.filter((u): u is string => u !== undefined));
}

/** Markdown without fenced code and code spans (links inside them are not links). */
function prose(md: string): string {
  return md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
}

function links(md: string): string[] {
  return [...prose(md).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/** Bare URLs GitHub would autolink (outside link destinations). */
function bareUrls(md: string): string[] {
  return [
    ...prose(md)
      .replace(/\]\([^)\s]+\)/g, '](x)')
      .matchAll(/https?:\/\/[^\s)<>\]]+/g),
  ].map((m) => m[0].replace(/[.,:;]+$/, ''));
}

describe('links in the generated Markdown', () => {
  const anchorsOf = new Map<string, Set<string>>([
    ...specs.map((s): [string, Set<string>] => {
      const d = buildServiceDoc(s, platform);
      return [d.path, new Set(headingAnchors(d.blocks).values())];
    }),
    [FLEET_INDEX_PATH, new Set(headingAnchors(buildFleetIndexDoc(specs, platform).blocks).values())],
  ]);
  const allKnown = new Set(specs.flatMap((s) => [...knownUrls(s, platform)]));

  for (const [path, content] of pages) {
    test(`${path}: absolute links come from the URL model, relative ones exist`, () => {
      const spec = specs.find((s) => path.startsWith(`services/${s.id}/`));
      const known = spec ? knownUrls(spec, platform) : allKnown;
      const found = links(content);
      assert.ok(found.length > 10, 'the page links to things');
      for (const href of found) {
        if (/^https?:\/\//.test(href)) {
          assert.ok(known.has(href), `${path}: ${href} is not built by the URL model`);
          continue;
        }
        const [file, fragment] = href.split('#') as [string, string | undefined];
        const target = file === '' ? path : posix.normalize(posix.join(posix.dirname(path), decodeURI(file)));
        assert.ok(
          existsSync(join(EXAMPLES_ROOT, ...target.split('/'))),
          `${path}: ${href} -> ${target} does not exist`,
        );
        if (fragment !== undefined) {
          const anchors = anchorsOf.get(target);
          assert.ok(anchors, `${path}: ${href} points into ${target}, which has no generated headings`);
          assert.ok(anchors.has(fragment), `${path}: ${href}: no heading #${fragment} in ${target}`);
        }
      }
      for (const u of bareUrls(content))
        assert.ok(
          [...known].some((k) => u === k || u.startsWith(`${k}/`)),
          `${path}: bare URL ${u} does not start with a URL-model URL`,
        );
    });
  }

  test('in-page links point at headings that exist', () => {
    for (const s of specs) checkAnchors(buildServiceDoc(s, platform));
    checkAnchors(buildFleetIndexDoc(specs, platform));
  });
});

/** The text of a `####` section of an environment. */
function section(md: string, heading: string): string {
  const start = md.indexOf(`\n#### ${heading}\n`);
  assert.ok(start >= 0, `no section "${heading}"`);
  const rest = md.slice(start + heading.length + 7);
  const end = rest.search(/\n#{2,4} /);
  return end < 0 ? rest : rest.slice(0, end);
}

function accessFacts(md: string, env: string) {
  const text = section(md, `${env} access`);
  const standing = [...text.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]!);
  const requests = [...text.matchAll(/^- \[Request\]\(([^)]+)\) `([^`]+)`/gm)].map((m) => ({
    url: new URL(m[1]!),
    role: m[2]!,
  }));
  return { text, standing, requests };
}

describe('access by category', () => {
  const OPERATOR = 'roles/iam.serviceAccountTokenCreator';
  test('each environment lists its category\u2019s roles and request links with project, role and duration', () => {
    for (const s of specs) {
      const md = pages.get(`services/${s.id}/docs/operations.md`)!;
      for (const env of s.environments) {
        const { standing, requests } = accessFacts(md, env.id);
        const cat = env.category;
        const accountGrants = [
          ...(platform.access.impersonation[cat] === 'standing' ? [OPERATOR] : []),
          ...(platform.access.roles[cat].includes('msp:editor') ? ['roles/iam.serviceAccountUser'] : []),
        ];
        assert.deepEqual(standing, [...platform.access.roles[cat], ...accountGrants], `${s.id}/${env.id}`);
        assert.deepEqual(
          requests.map((r) => r.role),
          [
            ...platform.access.elevated.roles[cat],
            ...(platform.access.impersonation[cat] === 'requestable' ? [OPERATOR] : []),
          ],
        );
        for (const r of requests) {
          assert.equal(r.url.searchParams.get('project'), env.projectID);
          assert.equal(r.url.searchParams.get('role'), iamRoleName(r.role, env.projectID));
          assert.equal(r.url.searchParams.get('duration'), platform.access.elevated.durations[cat]);
          assert.equal(r.url.searchParams.get('service'), s.id);
          assert.equal(r.url.searchParams.get('env'), env.id);
          if (r.role === OPERATOR)
            assert.equal(
              r.url.searchParams.get('resource'),
              `projects/${env.projectID}/serviceAccounts/operator-access@${env.projectID}.iam.gserviceaccount.com`,
            );
        }
        // next to `msp pg connect`: how to get the impersonation the read-only session needs
        if (env.resources.postgreSQL) {
          const pg = section(md, `${env.id} PostgreSQL`);
          if (platform.access.impersonation[cat] === 'requestable')
            assert.match(
              pg,
              /\[Request impersonation of the operator-access account\]\(https:\/\/access\.acme\.com\//,
            );
          else assert.match(pg, /may impersonate it at all times/);
        }
      }
    }
  });

  test('test is liberal, internal read-only on most components, external metrics/traces/rollouts only', () => {
    const md = pages.get('services/acme-api/docs/operations.md')!;
    const test_ = accessFacts(md, 'dev').standing; // acme-api dev is `test`
    const external = accessFacts(md, 'prod').standing; // acme-api prod is `external`
    const internal = accessFacts(pages.get('services/release-registry/docs/operations.md')!, 'prod').standing;
    assert.deepEqual(test_, [
      'msp:editor',
      'roles/cloudsql.client',
      'roles/cloudsql.instanceUser',
      OPERATOR,
      'roles/iam.serviceAccountUser',
    ]);
    assert.deepEqual(internal, ['msp:reader']);
    assert.deepEqual(external, ['msp:reader']);
    const perms = (c: 'test' | 'internal' | 'external') => platform.access.curatedRoles[c].reader.permissions;
    assert.ok(perms('internal').includes('logging.logEntries.list'));
    assert.ok(!perms('external').includes('logging.logEntries.list'));
    assert.ok(
      perms('test').length > perms('internal').length && perms('internal').length > perms('external').length,
    );
  });

  test('the sections follow a different platform config exactly', () => {
    const custom: PlatformConfig = {
      ...platform,
      access: {
        ...platform.access,
        engineersGroup: 'group:oncall@example.org',
        roles: { test: ['roles/run.developer'], internal: [], external: ['roles/custom.thing'] },
        impersonation: { test: 'none', internal: 'none', external: 'none' },
        elevated: {
          requestUrl: 'https://grants.example.org/new/{project}/{role}?for={duration}',
          durations: { test: '1h', internal: '30m', external: '15m' },
          roles: { test: [], internal: ['roles/run.developer'], external: ['roles/logging.viewer'] },
        },
      },
    };
    const spec = exampleSpec('release-registry', { platform: custom });
    const md = buildServiceDocs(spec, custom)[0]!.content;
    const dev = accessFacts(md, 'dev');
    assert.deepEqual(dev.standing, ['roles/run.developer']);
    assert.match(dev.text, /No elevated access can be requested for \*\*test\*\* environments/);
    const prod = accessFacts(md, 'prod');
    assert.deepEqual(prod.standing, []);
    assert.match(prod.text, /engineers hold no standing roles/);
    assert.deepEqual(
      prod.requests.map((r) => r.url.href),
      ['https://grants.example.org/new/release-registry-prod-5421/roles%2Frun.developer?for=30m'],
    );
    assert.match(prod.text, /at most \*\*30m\*\*/);

    const noLink: PlatformConfig = {
      ...custom,
      access: { ...custom.access, elevated: { ...custom.access.elevated, requestUrl: '' } },
    };
    const text = accessFacts(buildServiceDocs(spec, noLink)[0]!.content, 'prod').text;
    assert.match(text, /names no request link/);
    assert.doesNotMatch(text, /\[Request\]/);
  });

  test('each alert says who it notifies and pages, per environment', () => {
    const md = pages.get('services/acme-api/docs/operations.md')!;
    assert.match(
      md,
      /- Notifies:\n {2}- `prod`: \*\*Core Services on-call\*\* \(team core-services, pages\)/,
    );
    const registry = pages.get('services/release-registry/docs/operations.md')!;
    assert.match(registry, /- `prod`: \*\*\\#alerts-msp\*\* \(platform-wide\)/);
  });
});

/** Alert names per environment as the page lists them. */
function documentedAlerts(md: string): Map<string, Set<string>> {
  const start = md.indexOf('\n## Alert policies\n');
  assert.ok(start >= 0);
  const out = new Map<string, Set<string>>();
  let current = '';
  for (const line of md.slice(start).split('\n')) {
    const h3 = /^### (.*)$/.exec(line);
    if (h3) current = h3[1]!.replace(/\\(.)/g, '$1');
    const envs = /^- Environments: (.*)$/.exec(line);
    if (envs)
      for (const m of envs[1]!.matchAll(/`([^`]+)`/g)) {
        const set = out.get(m[1]!) ?? new Set();
        set.add(current);
        out.set(m[1]!, set);
      }
  }
  return out;
}

test('the alert list equals the alert policies of the generated monitoring stacks', () => {
  for (const s of specs) {
    const documented = documentedAlerts(pages.get(`services/${s.id}/docs/operations.md`)!);
    for (const env of s.environments) {
      const file = join(
        EXAMPLES_ROOT,
        'services',
        s.id,
        'terraform',
        env.id,
        'stacks',
        'monitoring',
        'main.tf.json',
      );
      assert.ok(existsSync(file), `${file} is missing: run msp generate --all --root examples`);
      const tf = JSON.parse(readFileSync(file, 'utf8')) as {
        resource?: { google_monitoring_alert_policy?: Record<string, { display_name: string }> };
      };
      const generated = Object.values(tf.resource?.google_monitoring_alert_policy ?? {}).map(
        (r) => r.display_name,
      );
      assert.ok(generated.length > 0, `${s.id}/${env.id}: no alert policies generated`);
      assert.deepEqual(
        [...(documented.get(env.id) ?? [])].sort(),
        [...generated].sort(),
        `${s.id}/${env.id}: docs and monitoring stack disagree`,
      );
      const count = new RegExp(`\\[${generated.length} alert policies\\]`);
      assert.match(pages.get(`services/${s.id}/docs/operations.md`)!.split(`\n### ${env.id}\n`)[1]!, count);
    }
  }
});

test('nothing sensitive: no description, no secret values, no sensitive channel labels', () => {
  for (const s of specs) {
    const md = pages.get(`services/${s.id}/docs/operations.md`)!;
    assert.ok(!md.includes(s.description), `${s.id}: the description must not be rendered`);
  }
  const all = [...pages.values()].join('\n');
  assert.doesNotMatch(all, /SLACK_ALERTS_TOKEN|CLOUDFLARE_API_TOKEN|api\.opsgenie\.com/);
});
