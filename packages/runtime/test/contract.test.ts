import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContractError,
  type EnvReader,
  formatHelp,
  isInstanceConnectionName,
  loadContract,
  parseContract,
  parseDuration,
  renderDsn,
} from '../src/index.ts';

/** What the platform injects into a service with PostgreSQL, Redis and BigQuery. */
const PRODUCTION_ENV = {
  MSP: 'true',
  PORT: '9992',
  ENVIRONMENT_ID: 'prod',
  GOOGLE_CLOUD_PROJECT: 'acme-api-prod-1a2b',
  DIAGNOSTICS_SECRET: '0123456789abcdef',
  EXTERNAL_DNS_NAME: 'acme.example.com',
  REDIS_ENDPOINT: 'rediss://:s%40cret@10.0.0.3:6378',
  PGINSTANCE: 'acme-api-prod-1a2b:us-central1:postgresql-abcd',
  PGUSER: 'acme-api-sa@acme-api-prod-1a2b.iam',
  BIGQUERY_PROJECT_ID: 'acme-api-prod-1a2b',
  BIGQUERY_DATASET_ID: 'acme_api',
  SENTRY_DSN: 'https://key@o1.ingest.sentry.io/2',
  SSL_CERT_DIR: '/etc/ssl/certs:/etc/ssl/custom-certs',
};

function problemsOf(env: Record<string, string>, kind: 'service' | 'job' = 'service') {
  const r = parseContract(env, { kind });
  assert.equal(r.ok, false, 'expected problems');
  return r.ok ? [] : r.problems;
}

describe('parseContract in production mode (MSP=true)', () => {
  it('refuses a grace period Cloud Run does not allow, and local-only exporters', () => {
    assert.deepEqual(
      problemsOf({
        ...PRODUCTION_ENV,
        SHUTDOWN_GRACE_PERIOD: '15s',
        OTEL_METRICS_EXPORTER: 'prometheus',
      }).map((p) => p.variable),
      ['OTEL_METRICS_EXPORTER', 'SHUTDOWN_GRACE_PERIOD'],
    );
    assert.match(
      problemsOf({ ...PRODUCTION_ENV, SHUTDOWN_GRACE_PERIOD: '10s' })[0]!.message,
      /shorter than the 10s Cloud Run allows/,
    );
    // Locally nothing kills the process after 10 s: any grace period goes.
    assert.equal(
      loadContract({ PORT: '1', SHUTDOWN_GRACE_PERIOD: '30s' }).contract.shutdownGracePeriodMs,
      30_000,
    );
  });

  it('reads everything the platform injects', () => {
    const { contract } = loadContract(PRODUCTION_ENV);
    assert.equal(contract.msp, true);
    assert.equal(contract.port, 9992);
    assert.equal(contract.environmentId, 'prod');
    assert.equal(contract.diagnosticsSecret, '0123456789abcdef');
    assert.equal(contract.externalDnsName, 'acme.example.com');
    assert.deepEqual(contract.postgres, {
      mode: 'cloudsql',
      instanceConnectionName: 'acme-api-prod-1a2b:us-central1:postgresql-abcd',
      user: 'acme-api-sa@acme-api-prod-1a2b.iam',
    });
    assert.equal(contract.redis?.tls, true);
    assert.equal(contract.redis?.endpoint.hostname, '10.0.0.3');
    assert.deepEqual(contract.bigquery, { projectId: 'acme-api-prod-1a2b', datasetId: 'acme_api' });
    assert.deepEqual(contract.sslCertDirs, ['/etc/ssl/certs', '/etc/ssl/custom-certs']);
    assert.deepEqual(contract.telemetry, {
      disabled: false,
      exporter: 'otlp',
      metrics: 'otlp',
      otlpEndpoint: 'https://telemetry.googleapis.com',
      gcpProjectId: 'acme-api-prod-1a2b',
    });
    assert.deepEqual(contract.timeouts, {
      pgQueryMs: 10_000,
      pgConnectMs: 5000,
      redisCommandMs: 2000,
      redisConnectMs: 5000,
    });
    assert.deepEqual(contract.http, { trustedProxyHops: 1, logQueryStrings: false });
    assert.equal(contract.shutdownGracePeriodMs, 9000);
    assert.equal(contract.pgQueryLogging, false);
  });

  it('names every missing variable in one error', () => {
    let caught: unknown;
    try {
      loadContract({ MSP: 'true' });
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof ContractError);
    const vars = caught.problems.map((p) => p.variable).sort();
    assert.deepEqual(vars, ['DIAGNOSTICS_SECRET', 'ENVIRONMENT_ID', 'GOOGLE_CLOUD_PROJECT', 'PORT']);
    for (const v of vars) assert.match(caught.message, new RegExp(`^  ${v}: is required$`, 'm'));
    assert.match(caught.message, /^invalid environment: 4 problems/);
  });

  it('reports each malformed variable, all together, naming each', () => {
    const problems = problemsOf({
      ...PRODUCTION_ENV,
      PORT: 'http',
      EXTERNAL_DNS_NAME: 'not a host',
      REDIS_ENDPOINT: 'redis://10.0.0.3:6379',
      PGINSTANCE: 'just-a-name',
      BIGQUERY_DATASET_ID: 'has-dash',
      SENTRY_DSN: 'nope',
      JOB_EXECUTION_DEADLINE: 'soon',
      JOB_EXECUTION_CRON_SCHEDULE: '* * *',
      CLOUD_RUN_TASK_INDEX: '-1',
      LOG_LEVEL: 'loud',
      SHUTDOWN_GRACE_PERIOD: '5 minutes',
      OTEL_SDK_DISABLED: 'maybe',
    });
    const byVar = new Map(problems.map((p) => [p.variable, p.message]));
    assert.deepEqual([...byVar.keys()].sort(), [
      'BIGQUERY_DATASET_ID',
      'CLOUD_RUN_TASK_INDEX',
      'EXTERNAL_DNS_NAME',
      'JOB_EXECUTION_CRON_SCHEDULE',
      'JOB_EXECUTION_DEADLINE',
      'LOG_LEVEL',
      'OTEL_SDK_DISABLED',
      'PGINSTANCE',
      'PORT',
      'REDIS_ENDPOINT',
      'SENTRY_DSN',
      'SHUTDOWN_GRACE_PERIOD',
    ]);
    assert.equal(problems.length, byVar.size, 'one problem per variable');
    assert.match(byVar.get('PORT')!, /must be an integer, got "http"/);
    assert.match(byVar.get('REDIS_ENDPOINT')!, /must use rediss:\/\//);
    assert.match(byVar.get('PGINSTANCE')!, /<project>:<region>:<instance>/);
    const message = new ContractError(problems).message;
    for (const v of byVar.keys()) assert.ok(message.includes(`  ${v}: `), `message names ${v}`);
  });

  it('refuses local-only knobs', () => {
    const problems = problemsOf({
      ...PRODUCTION_ENV,
      PGDSN: 'postgres://localhost/{{ .Database }}',
      PG_QUERY_LOGGING: 'true',
      OTEL_TRACES_EXPORTER: 'console',
    });
    assert.deepEqual(problems.map((p) => p.variable).sort(), [
      'OTEL_TRACES_EXPORTER',
      'PGDSN',
      'PG_QUERY_LOGGING',
    ]);
    for (const p of problems) assert.match(p.message, /local development only/);
  });

  it('requires PGINSTANCE and PGUSER together, and both BigQuery variables', () => {
    const { PGINSTANCE: _a, BIGQUERY_PROJECT_ID: _b, ...env } = PRODUCTION_ENV;
    const problems = problemsOf(env);
    assert.deepEqual(
      problems.map((p) => `${p.variable}: ${p.message}`),
      [
        'PGINSTANCE: is required when PGUSER is set',
        'BIGQUERY_PROJECT_ID: is required when BIGQUERY_DATASET_ID is set',
      ],
    );
  });

  it('does not echo the Redis URL (it holds the password) in problems', () => {
    const problems = problemsOf({ ...PRODUCTION_ENV, REDIS_ENDPOINT: 'rediss://:topsecret@[bad' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.variable, 'REDIS_ENDPOINT');
    assert.ok(!problems[0]!.message.includes('topsecret'));
  });
});

describe('parseContract in local mode', () => {
  it('needs only PORT and accepts PGDSN, redis:// and query logging', () => {
    const { contract } = loadContract({
      PORT: '8080',
      PGDSN: 'postgres://me@127.0.0.1:5432/{{ .Database }}',
      PG_QUERY_LOGGING: 'true',
      REDIS_ENDPOINT: 'redis://127.0.0.1:6379',
    });
    assert.equal(contract.msp, false);
    assert.equal(contract.environmentId, 'unknown');
    assert.equal(contract.diagnosticsSecret, undefined);
    assert.deepEqual(contract.postgres, {
      mode: 'dsn',
      dsnTemplate: 'postgres://me@127.0.0.1:5432/{{ .Database }}',
    });
    assert.equal(contract.pgQueryLogging, true);
    assert.equal(contract.redis?.tls, false);
    assert.equal(contract.telemetry.exporter, 'none');
  });

  it('PGDSN wins over PGINSTANCE locally', () => {
    const { contract } = loadContract({
      PORT: '1',
      PGDSN: 'postgres://x/db',
      PGINSTANCE: 'p:r:i',
      PGUSER: 'u',
    });
    assert.equal(contract.postgres?.mode, 'dsn');
  });

  it('rejects a PGDSN that is not a postgres URL', () => {
    const problems = problemsOf({ PORT: '1', PGDSN: 'mysql://x/db' });
    assert.deepEqual(problems, [
      { variable: 'PGDSN', message: 'must use postgres:// or postgresql://, got mysql://' },
    ]);
  });

  it('treats an empty variable as unset', () => {
    const problems = problemsOf({ PORT: '' });
    assert.deepEqual(problems, [{ variable: 'PORT', message: 'is required' }]);
  });

  it('checks the port range', () => {
    assert.deepEqual(problemsOf({ PORT: '70000' }), [
      { variable: 'PORT', message: 'must be at most 65535, got 70000' },
    ]);
    assert.deepEqual(problemsOf({ ...PRODUCTION_ENV, PORT: '0' }), [
      { variable: 'PORT', message: 'must be at least 1, got 0' },
    ]);
    assert.equal(loadContract({ PORT: '0' }).contract.port, 0, 'any free port, locally');
  });

  it('jobs need no PORT and read the Cloud Run job variables', () => {
    const { contract } = loadContract(
      {
        JOB_EXECUTION_DEADLINE: '300s',
        JOB_EXECUTION_CRON_SCHEDULE: '*/30 * * * *',
        CLOUD_RUN_EXECUTION: 'acme-job-x7k2p',
        CLOUD_RUN_TASK_INDEX: '0',
        CLOUD_RUN_TASK_ATTEMPT: '2',
      },
      { kind: 'job' },
    );
    assert.equal(contract.port, undefined);
    assert.equal(contract.job.deadlineMs, 300_000);
    assert.equal(contract.job.cronSchedule, '*/30 * * * *');
    assert.equal(contract.job.execution, 'acme-job-x7k2p');
    assert.equal(contract.job.taskIndex, 0);
    assert.equal(contract.job.taskAttempt, 2);
  });

  it('sends OTLP to a local collector by default when asked locally', () => {
    const c = loadContract({
      PORT: '1',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'prometheus',
    }).contract;
    assert.equal(c.telemetry.otlpEndpoint, 'http://localhost:4318');
    assert.equal(c.telemetry.metrics, 'prometheus');
  });

  it('reads the data store timeouts and refuses zero', () => {
    const c = loadContract({
      PORT: '1',
      PG_QUERY_TIMEOUT: '1500ms',
      REDIS_COMMAND_TIMEOUT: '250ms',
    }).contract;
    assert.equal(c.timeouts.pgQueryMs, 1500);
    assert.equal(c.timeouts.redisCommandMs, 250);
    assert.deepEqual(problemsOf({ PORT: '1', PG_CONNECT_TIMEOUT: '0s' }), [
      { variable: 'PG_CONNECT_TIMEOUT', message: 'must be greater than 0s' },
    ]);
  });
});

describe("the service's own configuration", () => {
  const readConfig = (env: EnvReader) => ({
    workers: env.int('WORKERS', { default: 4, min: 1, description: 'worker count' }),
    apiKey: env.string('API_KEY', { description: 'upstream key' }),
    ratio: env.percent('SAMPLE_PERCENT', { default: 10 }),
    timeoutMs: env.duration('UPSTREAM_TIMEOUT', { default: '5s' }),
    verbose: env.bool('VERBOSE', { default: false }),
    mode: env.oneOf('MODE', ['fast', 'safe'] as const, { default: 'safe' }),
    hosts: env.list('HOSTS', { default: [] }),
  });

  it('is typed and defaulted', () => {
    const { config } = loadContract(
      { PORT: '1', API_KEY: 'k', UPSTREAM_TIMEOUT: '1m30s', HOSTS: 'a, b,,c', VERBOSE: 'yes' },
      { config: readConfig },
    );
    assert.deepEqual(config, {
      workers: 4,
      apiKey: 'k',
      ratio: 10,
      timeoutMs: 90_000,
      verbose: true,
      mode: 'safe',
      hosts: ['a', 'b', 'c'],
    });
  });

  it('reports its problems together with the contract problems', () => {
    const r = parseContract(
      {
        MSP: 'true',
        PORT: 'x',
        WORKERS: '0',
        SAMPLE_PERCENT: '120',
        UPSTREAM_TIMEOUT: '5',
        VERBOSE: 'sure',
        MODE: 'yolo',
      },
      { config: readConfig },
    );
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.problems.map((p) => p.variable),
      [
        'ENVIRONMENT_ID',
        'PORT',
        'DIAGNOSTICS_SECRET',
        'GOOGLE_CLOUD_PROJECT',
        'WORKERS',
        'API_KEY',
        'SAMPLE_PERCENT',
        'UPSTREAM_TIMEOUT',
        'VERBOSE',
        'MODE',
      ],
    );
  });

  it('records variables for --help', () => {
    const r = parseContract({ PORT: '1' }, { config: readConfig });
    const help = formatHelp({ name: 'svc', version: '1.2.3' }, r.variables);
    assert.match(help, /^SERVICE: svc\nVERSION: 1\.2\.3\nCONFIGURATION OPTIONS:\n/);
    assert.match(help, /^ {2}WORKERS: worker count \(default: "4"\)$/m);
    assert.match(help, /^ {2}API_KEY: upstream key \(required\)$/m);
    assert.match(help, /^ {2}PORT: port to listen on \(all interfaces\) \(required\)$/m);
  });
});

describe('helpers', () => {
  it('parseDuration follows Go syntax', () => {
    assert.equal(parseDuration('300s'), 300_000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('1.5h'), 5_400_000);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('10'), undefined);
    assert.equal(parseDuration('10 s'), undefined);
    assert.equal(parseDuration(''), undefined);
    assert.equal(parseDuration('-1s'), undefined);
  });

  it('isInstanceConnectionName', () => {
    assert.ok(isInstanceConnectionName('proj:us-central1:inst'));
    assert.ok(isInstanceConnectionName('example.com:proj:us-central1:inst'));
    assert.ok(!isInstanceConnectionName('proj:inst'));
    assert.ok(!isInstanceConnectionName('proj::inst'));
  });

  it('renderDsn substitutes the database, any spacing', () => {
    assert.equal(
      renderDsn('postgres://u@h/{{ .Database }}?sslmode=disable', 'primary'),
      'postgres://u@h/primary?sslmode=disable',
    );
    assert.equal(renderDsn('postgres://u@h/{{.Database}}', 'a b'), 'postgres://u@h/a%20b');
  });
});
