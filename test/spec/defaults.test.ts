/**
 * The defaults table (src/spec/defaults.ts) is the one source of `service.yaml` defaults: the
 * JSON Schema (hence docs/spec-reference.md and the editor) documents exactly its values, and a
 * spec that leaves the keys out resolves to them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SPEC_DEFAULTS } from '../../src/spec/defaults.ts';
import type { EnvironmentSpec, ServiceSpec } from '../../src/spec/model.ts';
import { serviceJsonSchema } from '../../src/spec/schema.ts';
import { describe, minimalSpec, parse } from './helpers.ts';

/**
 * The specs the test resolves: a service whose `dev` environment has every block with its keys
 * left out and whose `prod` environment deploys an empty manual tag with an empty `scaling`
 * block, and a scheduled job.
 */
interface Resolved {
  service: ServiceSpec;
  dev: EnvironmentSpec;
  prod: EnvironmentSpec;
  jobEnv: EnvironmentSpec;
}

/** Every key whose default the JSON Schema states: the table's value and where it resolves. */
const DEFAULTED: Record<string, { value: unknown; resolved: (r: Resolved) => unknown }> = {
  'service.kind': { value: SPEC_DEFAULTS.kind, resolved: (r) => r.service.kind },
  'environments[].deploy.manual.tag': {
    value: SPEC_DEFAULTS.imageTag,
    resolved: (r) => (r.prod.deploy.type === 'manual' ? r.prod.deploy.tag : undefined),
  },
  'environments[].domain.type': {
    value: SPEC_DEFAULTS.domainType,
    resolved: (r) => r.jobEnv.domain?.type ?? 'none',
  },
  'environments[].domain.cloudflare.proxied': {
    value: SPEC_DEFAULTS.cloudflareProxied,
    resolved: (r) => r.dev.domain?.proxied,
  },
  'environments[].domain.networking.loadBalancerLogging': {
    value: SPEC_DEFAULTS.loadBalancerLogging,
    resolved: (r) => r.dev.domain?.loadBalancerLogging,
  },
  'environments[].healthProbes.healthzProbes': {
    value: SPEC_DEFAULTS.healthProbes.healthzProbes,
    resolved: (r) => r.dev.healthProbes?.healthzProbes,
  },
  'environments[].healthProbes.timeout': {
    value: SPEC_DEFAULTS.healthProbes.timeoutSeconds,
    resolved: (r) => r.dev.healthProbes?.timeout,
  },
  'environments[].deadlineSeconds': {
    value: SPEC_DEFAULTS.deadlineSeconds,
    resolved: (r) => r.jobEnv.deadlineSeconds,
  },
  'environments[].instances.scaling.minCount': {
    value: SPEC_DEFAULTS.scaling.minCount,
    resolved: (r) => r.prod.instances.scaling?.minCount,
  },
  'environments[].instances.scaling.maxCount': {
    value: SPEC_DEFAULTS.scaling.maxCount,
    resolved: (r) => r.prod.instances.scaling?.maxCount,
  },
  'environments[].instances.scaling.maxRequestConcurrency': {
    value: SPEC_DEFAULTS.scaling.maxRequestConcurrency,
    resolved: (r) => r.prod.instances.scaling?.maxRequestConcurrency,
  },
  'environments[].resources.redis.memoryGB': {
    value: SPEC_DEFAULTS.redis.memoryGB,
    resolved: (r) => r.dev.resources.redis?.memoryGB,
  },
  'environments[].resources.redis.highAvailability': {
    value: SPEC_DEFAULTS.redis.highAvailability,
    resolved: (r) => r.dev.resources.redis?.highAvailability,
  },
  'environments[].resources.postgreSQL.cpu': {
    value: SPEC_DEFAULTS.postgreSQL.cpu,
    resolved: (r) => r.dev.resources.postgreSQL?.cpu,
  },
  'environments[].resources.postgreSQL.memoryGB': {
    value: SPEC_DEFAULTS.postgreSQL.memoryGB,
    resolved: (r) => r.dev.resources.postgreSQL?.memoryGB,
  },
  'environments[].resources.postgreSQL.highAvailability': {
    value: SPEC_DEFAULTS.postgreSQL.highAvailability,
    resolved: (r) => r.dev.resources.postgreSQL?.highAvailability,
  },
  'environments[].allowDestroys': {
    value: SPEC_DEFAULTS.allowDestroys,
    resolved: (r) => r.dev.allowDestroys,
  },
  'monitoring.alerts.responseCodeRatios[].durationMinutes': {
    value: SPEC_DEFAULTS.alertDurationMinutes,
    resolved: (r) => r.service.monitoring.responseCodeRatios[0]?.durationMinutes,
  },
  'monitoring.alerts.customAlerts[].condition.durationMinutes': {
    value: SPEC_DEFAULTS.alertDurationMinutes,
    resolved: (r) => r.service.monitoring.customAlerts[0]?.condition.durationMinutes,
  },
  'monitoring.nobl9': { value: SPEC_DEFAULTS.nobl9, resolved: (r) => r.service.monitoring.nobl9 },
  'rollout.suspended': {
    value: SPEC_DEFAULTS.rolloutSuspended,
    resolved: (r) => r.service.rollout?.suspended,
  },
  'rollout.initialImageTag': {
    value: SPEC_DEFAULTS.imageTag,
    resolved: (r) => r.service.rollout?.initialImageTag,
  },
};

/** `path = default` for every `default` keyword of the JSON Schema, `[]` marking list items. */
function schemaDefaults(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, path);
      return;
    }
    const o = node as Record<string, unknown>;
    if ('default' in o) {
      assert.ok(!out.has(path) || out.get(path) === o.default, `${path}: two different defaults`);
      out.set(path, o.default);
    }
    for (const [k, v] of Object.entries(o)) {
      if (k === 'properties' && v && typeof v === 'object')
        for (const [key, child] of Object.entries(v)) walk(child, path ? `${path}.${key}` : key);
      else if (k === 'items') walk(v, `${path}[]`);
      else if (k !== 'default' && k !== 'const' && k !== 'enum' && k !== 'examples') walk(v, path);
    }
  };
  walk(serviceJsonSchema(), '');
  return out;
}

test('the JSON Schema documents exactly the defaults of the table', () => {
  const documented = schemaDefaults();
  assert.deepEqual(
    [...documented.keys()].sort(),
    Object.keys(DEFAULTED).sort(),
    'a key with a default in the schema needs an entry here (and a value in src/spec/defaults.ts)',
  );
  for (const [path, { value }] of Object.entries(DEFAULTED))
    assert.deepEqual(documented.get(path), value, `${path}: the schema's default is the table's`);
});

test('a spec that leaves the keys out resolves to the defaults of the table', () => {
  const service = parse(
    minimalSpec({
      envExtra: [
        '    domain: {type: cloudflare, cloudflare: {subdomain: api, zone: example.com}, networking: {}}',
        '    healthProbes: {}',
        '    resources:',
        '      postgreSQL: {databases: [main]}',
        '      redis: {}',
        '  - id: prod',
        '    projectID: acme-api-prod-3f9a',
        '    category: internal',
        '    deploy: {type: manual, manual: {tag: ""}}',
        '    instances:',
        '      resources: {cpu: 1, memory: 1Gi}',
        '      scaling: {}',
      ].join('\n'),
      top: [
        'monitoring:',
        '  alerts:',
        '    responseCodeRatios: [{id: errors, name: Errors, codeClass: 5xx, ratio: 0.1}]',
        '    customAlerts:',
        '      - name: Queue',
        '        severityLevel: WARNING',
        '        condition: {type: promql, query: "sum(rate(x[5m])) > 1"}',
        'rollout:',
        '  stages: [{environment: dev}]',
      ].join('\n'),
    })
      .replace('deploy: {type: manual}', 'deploy: {type: rollout}')
      .replace(
        '  description: A test service.',
        '  description: A test service.\n  notionPageID: 0123456789abcdef0123456789abcdef',
      ),
  );
  assert.ok(service.value, describe(service.diagnostics));
  const job = parse(
    minimalSpec({ id: 'acme-job', kind: 'job', envExtra: '    schedule: {cron: "0 * * * *"}' }),
  );
  assert.ok(job.value, describe(job.diagnostics));
  const [dev, prod] = service.value.environments as [EnvironmentSpec, EnvironmentSpec];
  const r: Resolved = { service: service.value, dev, prod, jobEnv: job.value.environments[0]! };
  for (const [path, { value, resolved }] of Object.entries(DEFAULTED))
    assert.deepEqual(resolved(r), value, `${path} left out`);

  // Defaults derived from others.
  const hp = dev.healthProbes!;
  assert.equal(hp.startupInterval, SPEC_DEFAULTS.healthProbes.timeoutSeconds);
  assert.equal(
    hp.livenessInterval,
    SPEC_DEFAULTS.healthProbes.timeoutSeconds * SPEC_DEFAULTS.healthProbes.livenessIntervalTimeouts,
  );
  assert.deepEqual(dev.deploy, { type: 'rollout', initialTag: SPEC_DEFAULTS.imageTag });
  const pages = service.value.environments.map((e) => [e.category, e.alerting.opsgenie]);
  assert.deepEqual(pages, [
    ['test', SPEC_DEFAULTS.pagingCategories.includes('test' as never)],
    ['internal', SPEC_DEFAULTS.pagingCategories.includes('internal')],
  ]);
});
