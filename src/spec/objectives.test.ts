import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { examplePlatform } from '../../test/support/examples.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { parseSpec } from '../pipeline/parse-spec.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { parsePlatformConfig } from '../platform/parse.ts';

/** A service (or job) with one environment of `category`, the objectives block given as YAML lines. */
function specText(
  category: string,
  objectives: string[] = [],
  opts: { job?: boolean; cron?: string } = {},
): string {
  return [
    'service:',
    '  id: slo-demo',
    `  kind: ${opts.job ? 'job' : 'service'}`,
    '  owners: [sre]',
    '  description: Objectives test.',
    '  notionPageID: 0123456789abcdef0123456789abcdef',
    'build:',
    '  image: us-docker.pkg.dev/acme/slo/demo',
    'environments:',
    '  - id: prod',
    '    projectID: slo-demo-prod-1a2b',
    `    category: ${category}`,
    '    deploy:',
    '      type: manual',
    ...(opts.cron ? ['    schedule:', `      cron: "${opts.cron}"`] : []),
    '    instances:',
    '      resources:',
    '        cpu: 1',
    '        memory: 512Mi',
    ...(objectives.length > 0 ? ['    objectives:', ...objectives.map((l) => `      ${l}`)] : []),
    '',
  ].join('\n');
}

function parse(text: string, platform: PlatformConfig = examplePlatform()) {
  return parseSpec({ file: 'services/slo-demo/service.yaml', text, platform });
}

function problems(r: { diagnostics: Diagnostic[] }) {
  return r.diagnostics.map((d) => ({
    severity: d.severity,
    code: d.code,
    path: d.path.join('.'),
    line: d.range?.start.line,
  }));
}

const objectivesOf = (text: string, platform?: PlatformConfig) => {
  const r = parse(text, platform);
  assert.ok(r.value, JSON.stringify(problems(r)));
  return r.value.environments[0]!.objectives;
};

describe('objectives: the category defaults', () => {
  it('external: 99.9% available and 99% within 1000 ms over 28 days', () => {
    assert.deepEqual(objectivesOf(specText('external')), {
      periodDays: 28,
      availability: { percent: 99.9 },
      latency: { percent: 99, thresholdMs: 1000 },
      changed: [],
    });
  });

  it('internal: 99.5% available, no latency objective', () => {
    assert.deepEqual(objectivesOf(specText('internal')), {
      periodDays: 28,
      availability: { percent: 99.5 },
      changed: [],
    });
  });

  it('test: none', () => {
    assert.deepEqual(objectivesOf(specText('test')), { periodDays: 28, changed: [] });
  });

  it('jobs get the execution objective of their category, services do not', () => {
    assert.deepEqual(objectivesOf(specText('internal', [], { job: true, cron: '0 3 * * *' })), {
      periodDays: 28,
      executions: { percent: 95 },
      changed: [],
    });
  });

  it('the platform config replaces a category as a whole', () => {
    const r = parsePlatformConfig(
      [
        'organization: { name: Acme }',
        'gcp:',
        '  billingAccount: 01A2B3-C4D5E6-F7A8B9',
        '  folders: { test: folders/1, internal: folders/2, external: folders/3 }',
        'terraform: { backend: { type: local } }',
        'access: { engineersGroup: "group:eng@acme.com" }',
        'objectives:',
        '  internal: { availability: 99.9, latency: { thresholdMs: 500, percent: 95 }, periodDays: 30 }',
        '  test: { availability: 90 }',
        '',
      ].join('\n'),
      'platform.yaml',
    );
    assert.ok(r.value, JSON.stringify(r.diagnostics));
    assert.deepEqual(r.value.objectives.internal, {
      periodDays: 30,
      availability: 99.9,
      latency: { percent: 95, thresholdMs: 500 },
    });
    assert.deepEqual(r.value.objectives.test, { periodDays: 28, availability: 90 });
    assert.equal(r.value.objectives.external.availability, 99.9);
    assert.deepEqual(objectivesOf(specText('test'), r.value).availability, { percent: 90 });
  });

  it('platform objectives out of range are located errors', () => {
    const r = parsePlatformConfig(
      [
        'organization: { name: Acme }',
        'gcp:',
        '  billingAccount: 01A2B3-C4D5E6-F7A8B9',
        '  folders: { test: folders/1, internal: folders/2, external: folders/3 }',
        'terraform: { backend: { type: local } }',
        'access: { engineersGroup: "group:eng@acme.com" }',
        'objectives:',
        '  external: { availability: 100, periodDays: 90 }',
        '  internal: { latency: { thresholdMs: 0, percent: 99 }, avialability: 99 }',
        '',
      ].join('\n'),
      'platform.yaml',
    );
    assert.equal(r.value, undefined);
    const found = r.diagnostics.map((d) => [d.code, d.path.join('.'), d.range?.start.line]);
    assert.deepEqual(found, [['PLATFORM_UNKNOWN_KEY', 'objectives.internal.avialability', 9]]);
    const fixed = parsePlatformConfig(
      [
        'organization: { name: Acme }',
        'gcp:',
        '  billingAccount: 01A2B3-C4D5E6-F7A8B9',
        '  folders: { test: folders/1, internal: folders/2, external: folders/3 }',
        'terraform: { backend: { type: local } }',
        'access: { engineersGroup: "group:eng@acme.com" }',
        'objectives:',
        '  external: { availability: 100, periodDays: 90 }',
        '  internal: { latency: { thresholdMs: 0, percent: 99 } }',
        '',
      ].join('\n'),
      'platform.yaml',
    );
    assert.deepEqual(
      fixed.diagnostics
        .filter((d) => d.code !== 'PLATFORM_PLACEHOLDER')
        .map((d) => [d.code, d.path.join('.'), d.range?.start.line]),
      [
        ['PLATFORM_OBJECTIVE_PERCENT', 'objectives.external.availability', 8],
        ['PLATFORM_OBJECTIVE_PERIOD', 'objectives.external.periodDays', 8],
        ['PLATFORM_OBJECTIVE_THRESHOLD', 'objectives.internal.latency.thresholdMs', 9],
      ],
    );
  });
});

describe('objectives: override rules', () => {
  it('tightening needs no reason and records what changed', () => {
    const o = objectivesOf(
      specText('internal', [
        'availability: 99.95',
        'latency:',
        '  thresholdMs: 300',
        '  percent: 99',
        'periodDays: 30',
      ]),
    );
    assert.deepEqual(o, {
      periodDays: 30,
      availability: { percent: 99.95 },
      latency: { percent: 99, thresholdMs: 300 },
      changed: ['periodDays', 'availability', 'latency'],
    });
  });

  it('a test environment may add objectives', () => {
    assert.deepEqual(objectivesOf(specText('test', ['availability: 99'])).availability, { percent: 99 });
  });

  it('relaxing without a reason is an error at the block; with one it is allowed and kept', () => {
    for (const lines of [
      ['availability: 99.5'],
      ['latency:', '  thresholdMs: 2000'],
      ['latency:', '  percent: 95'],
      ['disable: [latency]'],
    ]) {
      const r = parse(specText('external', lines));
      assert.deepEqual(problems(r), [
        {
          severity: 'error',
          code: 'SPEC_OBJECTIVE_RELAXED_WITHOUT_REASON',
          path: 'environments.0.objectives',
          line: 19,
        },
      ]);
      assert.match(r.diagnostics[0]!.message, /Relaxing the external objectives needs a reason/);
      assert.match(r.diagnostics[0]!.hint ?? '', /reason/);
    }
    const o = objectivesOf(
      specText('external', ['disable: [latency]', 'reason: "  Batch API: callers wait anyway. "']),
    );
    assert.deepEqual(o, {
      periodDays: 28,
      availability: { percent: 99.9 },
      changed: ['latency'],
      reason: 'Batch API: callers wait anyway.',
    });
  });

  it('a partial latency block keeps the category value for the other key', () => {
    const o = objectivesOf(specText('external', ['latency:', '  thresholdMs: 400']));
    assert.deepEqual(o.latency, { percent: 99, thresholdMs: 400 });
    const r = parse(specText('internal', ['latency:', '  thresholdMs: 400']));
    assert.deepEqual(problems(r), [
      {
        severity: 'error',
        code: 'SPEC_OBJECTIVE_LATENCY_INCOMPLETE',
        path: 'environments.0.objectives.latency',
        line: 20,
      },
    ]);
    assert.match(r.diagnostics[0]!.message, /needs `percent`/);
  });

  it('only objectives of the service kind apply', () => {
    assert.deepEqual(problems(parse(specText('external', ['executions: 99']))), [
      {
        severity: 'error',
        code: 'SPEC_OBJECTIVE_NOT_FOR_KIND',
        path: 'environments.0.objectives.executions',
        line: 20,
      },
    ]);
    assert.deepEqual(
      problems(parse(specText('internal', ['availability: 99.9'], { job: true, cron: '0 * * * *' }))),
      [
        {
          severity: 'error',
          code: 'SPEC_OBJECTIVE_NOT_FOR_KIND',
          path: 'environments.0.objectives.availability',
          line: 22,
        },
      ],
    );
    assert.deepEqual(
      problems(parse(specText('internal', ['disable: [latency]'], { job: true, cron: '0 * * * *' }))),
      [
        {
          severity: 'warning',
          code: 'SPEC_OBJECTIVE_DISABLE_NO_EFFECT',
          path: 'environments.0.objectives.disable.0',
          line: 22,
        },
      ],
    );
  });

  it('a key cannot be both set and disabled', () => {
    assert.deepEqual(
      problems(parse(specText('external', ['availability: 99.99', 'disable: [availability]']))),
      [
        {
          severity: 'error',
          code: 'SPEC_OBJECTIVE_SET_AND_DISABLED',
          path: 'environments.0.objectives.disable.0',
          line: 21,
        },
      ],
    );
  });

  it('values out of range and unknown keys are located errors', () => {
    assert.deepEqual(
      problems(
        parse(specText('external', ['availability: 100', 'latency:', '  thresholdMs: 0', 'periodDays: 31'])),
      ),
      [
        {
          severity: 'error',
          code: 'SPEC_OBJECTIVE_PERCENT',
          path: 'environments.0.objectives.availability',
          line: 20,
        },
        {
          severity: 'error',
          code: 'SPEC_OBJECTIVE_THRESHOLD',
          path: 'environments.0.objectives.latency.thresholdMs',
          line: 22,
        },
        {
          severity: 'error',
          code: 'SPEC_OBJECTIVE_PERIOD',
          path: 'environments.0.objectives.periodDays',
          line: 23,
        },
      ],
    );
    const r = parse(specText('external', ['availabilty: 99.95']));
    assert.deepEqual(problems(r), [
      {
        severity: 'error',
        code: 'SPEC_UNKNOWN_KEY',
        path: 'environments.0.objectives.availabilty',
        line: 20,
      },
    ]);
    assert.equal(r.diagnostics[0]!.hint, 'Did you mean `availability`?');
    assert.deepEqual(problems(parse(specText('external', ['disable: [latencies]']))), [
      {
        severity: 'error',
        code: 'SPEC_INVALID_VALUE',
        path: 'environments.0.objectives.disable.0',
        line: 20,
      },
    ]);
  });

  it('an execution objective on a job without a schedule warns', () => {
    const r = parse(specText('external', ['executions: 99.5'], { job: true }));
    assert.deepEqual(problems(r), [
      {
        severity: 'warning',
        code: 'SPEC_OBJECTIVE_NEEDS_SCHEDULE',
        path: 'environments.0.objectives.executions',
        line: 20,
      },
    ]);
  });
});
