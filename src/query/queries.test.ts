import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { examplePlatform, exampleSpec, stackContext } from '../../test/support/examples.ts';
import { alertPoliciesFor } from '../alerts/policies.ts';
import { buildMonitoringStack } from '../stacks/monitoring.ts';
import { renderStack } from '../terraform/index.ts';
import { normalizeQuery, queryCode } from './queries.ts';

/** Real PromQL as people write it in alert rules: comments above and beside the code. */
const PROMQL_COMMENTED = [
  '# Share of 5xx answers per revision over 5 minutes',
  'sum by (revision_name) (',
  '  rate(run_googleapis_com:request_count{monitored_resource="cloud_run_revision", response_code_class="5xx"}[5m])',
  ')   # errors',
  '/',
  'sum by (revision_name) (',
  '  rate(run_googleapis_com:request_count{monitored_resource="cloud_run_revision"}[5m])',
  ')',
  '# more than 2% is an incident',
  '> 0.02',
  '',
].join('\r\n');

/** PromQL with a `#` inside a label value: not a comment. */
const PROMQL_HASH_IN_STRING = [
  'sum(rate(logging_googleapis_com:user_checkout_errors{step="#2 # payment"}[10m]))',
  '  > 5 # per second',
].join('\n');

/** Real MQL with comments between table operations. */
const MQL_COMMENTED = [
  'fetch cloud_run_revision',
  '# request latency of the service',
  "| metric 'run.googleapis.com/request_latencies'",
  '| align delta(1m)   # one-minute buckets',
  '| every 1m',
  '| group_by [], percentile(val(), 99)',
  "| condition val() > 2000 'ms'",
].join('\n');

/** What MSP did with PromQL (and this tool until issue 15): every line joined with spaces. */
const flattenLikeBefore = (q: string) =>
  q
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');

describe('custom queries keep their meaning', () => {
  it('flattening let a comment swallow the division and the threshold (the defect)', () => {
    const flat = flattenLikeBefore(PROMQL_COMMENTED);
    // The first `#` now runs to the end of the one line: no code is left at all.
    assert.equal(queryCode(flat).trim(), '');
  });

  for (const [name, q] of [
    ['commented PromQL', PROMQL_COMMENTED],
    ['PromQL with # inside a string', PROMQL_HASH_IN_STRING],
    ['commented MQL', MQL_COMMENTED],
  ] as const) {
    it(`${name}: normalising keeps every line of code`, () => {
      const n = normalizeQuery(q);
      const code = (s: string) =>
        queryCode(s)
          .split('\n')
          .filter((l) => l.trim() !== '');
      assert.deepEqual(code(n), code(q));
      assert.ok(!n.includes('\r'));
      assert.ok(!/[ \t]$/m.test(n), 'no trailing spaces');
    });
  }

  it('keeps the division and the threshold of commented PromQL as code', () => {
    const code = queryCode(normalizeQuery(PROMQL_COMMENTED));
    assert.match(code, /^\/$/m);
    assert.match(code, /^> 0\.02$/m);
    assert.doesNotMatch(code, /#/);
  });

  it('does not take a # inside a string for a comment', () => {
    const code = queryCode(PROMQL_HASH_IN_STRING);
    assert.match(code, /step="#2 # payment"/);
    assert.match(code, /> 5$/);
    assert.equal(queryCode("fetch x | filter metric.k == 'a#b' # c"), "fetch x | filter metric.k == 'a#b'");
    assert.equal(queryCode('x{a="q\\"#"} # c'), 'x{a="q\\"#"}');
  });

  it('writes the commented queries into Terraform with their line breaks', () => {
    const indent = (q: string) =>
      q
        .split(/\r\n|\n/)
        .map((l) => `            ${l}`)
        .join('\n');
    const spec = exampleSpec('acme-api', {
      edit: (t) =>
        t
          .replace(
            '          query: sum(acme_queue_depth) > 1000',
            `          query: |\n${indent(PROMQL_COMMENTED)}`,
          )
          .replace(
            / {10}query: \|\n {12}fetch global::logging[\s\S]*?val\(\) < 1\n/,
            `          query: |\n${indent(MQL_COMMENTED)}\n`,
          ),
    });
    const env = spec.environments.find((e) => e.id === 'prod')!;
    const alerts = alertPoliciesFor(spec, env, examplePlatform());
    const promql = alerts.find((a) => a.id === 'custom-queue-backlog')!;
    const mql = alerts.find((a) => a.id === 'custom-signups-stalled')!;
    assert.equal(promql.kind === 'promql' ? promql.query : '', normalizeQuery(PROMQL_COMMENTED));
    assert.equal(mql.kind === 'mql' ? mql.query : '', MQL_COMMENTED);

    const json = renderStack(buildMonitoringStack(stackContext(spec, env, examplePlatform())).stack) as {
      resource: Record<string, Record<string, { conditions: Record<string, { query: string }[]>[] }>>;
    };
    const policies = json.resource.google_monitoring_alert_policy!;
    const sent =
      policies['custom-queue-backlog']!.conditions[0]!.condition_prometheus_query_language![0]!.query;
    assert.equal(sent, normalizeQuery(PROMQL_COMMENTED));
    assert.match(queryCode(sent), /^> 0\.02$/m);
    const sentMql =
      policies['custom-signups-stalled']!.conditions[0]!.condition_monitoring_query_language![0]!.query;
    assert.match(queryCode(sentMql), /^\| condition val\(\) > 2000 'ms'$/m);
  });

  it('a query of only comments is a located error', () => {
    assert.throws(
      () =>
        exampleSpec('acme-api', {
          edit: (t) =>
            t.replace(
              '          query: sum(acme_queue_depth) > 1000',
              '          query: |\n            # sum(acme_queue_depth) > 1000\n            # disabled for now',
            ),
        }),
      /Query is only comments/,
    );
  });
});
