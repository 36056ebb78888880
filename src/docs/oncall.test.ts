/**
 * The operations page as the person on call reads it: production first, who each alert pages
 * and where to look in the console, rollback advice that fits the deploy type, the failure modes
 * that raise no alert (checked against the committed monitoring stacks of the example fleet),
 * Terraform Cloud access and where failed applies show up.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EXAMPLES_ROOT, examplePlatform, exampleSpec } from '../../test/support/examples.ts';
import type { PlatformConfig } from '../platform/model.ts';
import type { EnvironmentSpec, ServiceSpec } from '../spec/model.ts';
import * as urls from '../urls/index.ts';
import { isProduction, productionFirst } from './production.ts';
import { buildServiceDocs } from './service-page.ts';

const platform = examplePlatform();
const page = (s: ServiceSpec, p: PlatformConfig = platform) => buildServiceDocs(s, p)[0]!.content;

/** The text of a heading's section, up to the next heading of the same or a higher level. */
function section(md: string, heading: string): string {
  const m = new RegExp(`^(#{2,4}) ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`, 'm').exec(md);
  assert.ok(m, `no section "${heading}"`);
  const rest = md.slice(m.index + m[0].length);
  const end = rest.search(new RegExp(`^#{2,${m[1]!.length}} `, 'm'));
  return end < 0 ? rest : rest.slice(0, end);
}

function env(s: ServiceSpec, id: string): EnvironmentSpec {
  return s.environments.find((e) => e.id === id)!;
}

describe('production first', () => {
  test('external before internal before test, each in the spec\u2019s order', () => {
    const envs = [
      { id: 'a', category: 'test' as const },
      { id: 'b', category: 'internal' as const },
      { id: 'c', category: 'test' as const },
      { id: 'd', category: 'external' as const },
      { id: 'e', category: 'internal' as const },
    ];
    assert.deepEqual(
      productionFirst(envs).map((e) => e.id),
      ['d', 'b', 'e', 'a', 'c'],
    );
    assert.deepEqual(
      envs.map((e) => e.id),
      ['a', 'b', 'c', 'd', 'e'],
      'the input is not reordered',
    );
    assert.deepEqual(
      envs.filter(isProduction).map((e) => e.id),
      ['b', 'd', 'e'],
    );
  });

  test('the on-call person sees prod before dev although the spec lists dev first', () => {
    const s = exampleSpec('acme-api');
    assert.deepEqual(
      s.environments.map((e) => e.id),
      ['dev', 'prod'],
    );
    const md = page(s);
    const onCall = section(md, 'On call');
    assert.ok(onCall.indexOf('[**prod**]') < onCall.indexOf('[**dev**]'));
    assert.ok(md.indexOf('\n### prod\n') < md.indexOf('\n### dev\n'));
    assert.ok(md.indexOf('\n## On call\n') < md.indexOf('\n## Service overview\n'));
    // The on-call line of prod: dashboard, incidents, logs, revisions, who is paged.
    const prodLine = onCall.split('\n').find((l) => l.startsWith('- [**prod**]'))!;
    assert.ok(prodLine.includes(urls.dashboardsUrl(env(s, 'prod'))));
    assert.ok(prodLine.includes('MSP Alerts - Acme API (prod)'));
    assert.ok(prodLine.includes(urls.incidentsUrl(env(s, 'prod'))));
    assert.match(prodLine, /critical alerts page \*\*Core Services on-call\*\*/);
    assert.match(
      onCall.split('\n').find((l) => l.startsWith('- [**dev**]'))!,
      /critical alerts page \*\*nobody\*\*/,
    );
  });

  test('the Notion page of the spec is linked from the top of the page', () => {
    const s = exampleSpec('acme-api');
    const md = page(s);
    const link = urls.notionPageUrl(s)!;
    assert.equal(link, `https://www.notion.so/${s.notionPageID}`);
    assert.ok(section(md, 'On call').includes(`[Notion page](${link})`));
    assert.ok(section(md, 'Service overview').includes(link));
    const { notionPageID: _, ...without } = s;
    assert.ok(!page(without as ServiceSpec).includes('notion.so'), 'no Notion link without an ID');
  });
});

describe('each alert', () => {
  test('says who it pages per environment and links where to look in the console', () => {
    const s = exampleSpec('acme-api');
    const uptime = section(page(s), 'External Uptime Check');
    assert.match(uptime, /- Pages: `prod`: \*\*Core Services on-call\*\*\n/);
    assert.match(uptime, /- Pages: `dev`: nobody\n/);
    assert.ok(uptime.includes(`[prod uptime checks](${urls.uptimeChecksUrl(env(s, 'prod'))})`));
    const cpu = section(page(s), 'High Container CPU Utilization');
    assert.match(cpu, /- Pages: `prod`: nobody; `dev`: nobody\n/, 'warnings page nobody');
    assert.ok(cpu.includes(`[prod Cloud Run metrics](${urls.cloudRunMetricsUrl(s, env(s, 'prod'))})`));
    const sql = section(page(s), 'Cloud SQL - Disk Utilization');
    assert.ok(sql.includes(`[prod Cloud SQL instance](${urls.cloudSqlUrl(env(s, 'prod'))})`));
    const burn = section(page(s), 'Availability SLO - Fast Error Budget Burn');
    assert.ok(burn.includes(`[prod error budget](${urls.errorBudgetUrl(env(s, 'prod'))})`));
    const custom = section(page(s), 'Queue Backlog');
    assert.ok(custom.includes(`[prod alert policies](${urls.alertPoliciesUrl(env(s, 'prod'))})`));
    const job = section(page(exampleSpec('nightly-sync')), 'Cloud Run Job Failures');
    assert.ok(job.includes('job executions'));
  });
});

describe('rollback advice fits the deploy type', () => {
  test('subscription: shift traffic now, then point the tag back at the good digest', () => {
    const s = exampleSpec('acme-api');
    const text = section(page(s), 'prod rollback');
    assert.ok(
      text.includes(
        'gcloud run services update-traffic acme-api-prod-us-central1 --region=us-central1 --project=acme-api-prod-b71c --to-revisions=REVISION=100',
      ),
    );
    assert.ok(
      text.includes(
        'gcloud artifacts docker tags add us-central1-docker.pkg.dev/acme-dev/acme/api@sha256:GOOD_DIGEST us-central1-docker.pkg.dev/acme-dev/acme/api:insiders',
      ),
    );
    assert.match(text, /next apply of the `cloudrun` stack/);
  });

  test('manual: set the tag in the spec back and regenerate', () => {
    const text = section(page(exampleSpec('acme-api')), 'dev rollback');
    assert.match(text, /Set `environments\[0\]\.deploy\.manual\.tag` \(now `insiders`\) back/);
    assert.match(text, /`msp generate acme-api dev`/);
  });

  test('rollout: roll the Cloud Deploy target back', () => {
    const text = section(page(exampleSpec('release-registry')), 'prod rollback');
    assert.match(
      text,
      /gcloud deploy targets rollback prod-us-central1 --delivery-pipeline=release-registry-us-central1-rollout --region=us-central1 --project=release-registry-prod-5421/,
    );
    assert.doesNotMatch(text, /update-traffic/, 'Cloud Deploy owns the image, not a traffic shift');
  });

  test('scheduled job: pause the schedule, no traffic to shift', () => {
    const text = section(page(exampleSpec('nightly-sync')), 'prod rollback');
    assert.match(
      text,
      /gcloud scheduler jobs pause nightly-sync-prod-europe-west2 --location=europe-west2 --project=nightly-sync-prod-9c1e/,
    );
    assert.doesNotMatch(text, /update-traffic/);
  });

  test('images outside Artifact Registry are re-tagged with docker', () => {
    const s = exampleSpec('acme-api');
    const other = { ...s, build: { ...s.build, image: 'ghcr.io/acme/api' } };
    assert.match(
      section(page(other), 'prod rollback'),
      /docker buildx imagetools create --tag ghcr\.io\/acme\/api:insiders ghcr\.io\/acme\/api@sha256:GOOD_DIGEST/,
    );
  });
});

describe('failure modes without an alert match what the monitoring stack creates', () => {
  const ids = ['acme-api', 'nightly-sync', 'release-registry', 'search-grpc'];
  for (const id of ids)
    test(`${id}: the page says which failures raise no alert, per the committed monitoring stacks`, () => {
      const s = exampleSpec(id);
      const md = page(s);
      for (const e of s.environments) {
        const tf = JSON.parse(
          readFileSync(
            join(EXAMPLES_ROOT, 'services', id, 'terraform', e.id, 'stacks', 'monitoring', 'main.tf.json'),
            'utf8',
          ),
        ) as { resource?: Record<string, Record<string, { display_name?: string }>> };
        const res = tf.resource ?? {};
        const policies = Object.values(res.google_monitoring_alert_policy ?? {}).map((p) => p.display_name!);
        const gaps = md.includes(`\n#### ${e.id} without alerts\n`)
          ? section(md, `${e.id} without alerts`)
          : '';
        const says = (text: string) => gaps.includes(text);
        if (s.kind === 'service')
          assert.equal(
            says('Nobody checks from outside that the service answers.'),
            res.google_monitoring_uptime_check_config === undefined,
            `${id} ${e.id}: uptime check`,
          );
        assert.equal(
          says('No alert when requests get slow.'),
          s.kind === 'service' && !policies.some((n) => n.startsWith('Latency SLO')),
          `${id} ${e.id}: latency`,
        );
        assert.equal(
          says('BigQuery has no alert.'),
          e.resources.bigQueryDataset !== undefined,
          `${id} ${e.id}: BigQuery`,
        );
        assert.equal(
          says('No alert when the Cloud SQL instance is down.'),
          e.resources.postgreSQL !== undefined && !policies.includes('Cloud SQL - Server Availability'),
        );
        assert.equal(says('Nothing pages.'), e.category === 'test', `${id} ${e.id}: paging`);
      }
    });

  test('the on-call summary counts the same gaps and links them', () => {
    const md = page(exampleSpec('release-registry'));
    const gaps = section(md, 'prod without alerts').match(/^- /gm)!.length;
    assert.ok(
      section(md, 'On call').includes(`[${gaps} failure modes without an alert](#prod-without-alerts)`),
    );
  });
});

describe('Terraform Cloud for the person on call', () => {
  test('how to get access: sign in once, then join the owners\u2019 team', () => {
    const text = section(page(exampleSpec('acme-api')), 'prod Terraform');
    assert.ok(text.includes(`Sign in to [\`app.terraform.io\`](${urls.tfcOrganizationUrl(platform)}) once`));
    assert.match(
      text,
      /`engineers` to read runs and state; `platform-operators`, `core-services` to plan and apply/,
    );
  });

  test('where failed applies are reported, without printing the webhook', () => {
    const text = section(page(exampleSpec('acme-api')), 'prod Terraform');
    assert.match(text, /errored run \(`run:errored`\)/);
    assert.match(text, /commit status on \[`acme\/managed-services`\]/);
    assert.ok(!text.includes(platform.terraform.notificationUrl!), 'the webhook URL is a credential');
    const slack = {
      ...platform,
      terraform: { ...platform.terraform, notificationUrl: 'https://hooks.slack.com/services/T0/B0/x' },
    };
    assert.match(section(page(exampleSpec('acme-api'), slack), 'prod Terraform'), /a Slack channel/);
    const none = { ...platform, terraform: { ...platform.terraform, notificationUrl: undefined } };
    assert.match(
      section(page(exampleSpec('acme-api'), none as PlatformConfig), 'prod Terraform'),
      /nobody is told when an apply fails/,
    );
  });
});
