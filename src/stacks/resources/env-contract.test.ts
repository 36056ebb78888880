import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { examplePlatform, exampleServiceIds, exampleSpec } from '../../../test/support/examples.ts';
import type { PlatformConfig } from '../../platform/model.ts';
import { envContract, iamDatabaseUser, secretReference, sslCertDir } from './env-contract.ts';

/**
 * docs/cloudrun-stack.md "Environment variables (the runtime contract)" applied by hand to each example environment: the exact names, in order.
 * Written out rather than computed so a change of order or of a condition shows up here.
 */
const EXPECTED: Record<string, string[]> = {
  'acme-api/dev': [
    'GOOGLE_CLOUD_PROJECT',
    'DIAGNOSTICS_SECRET',
    'EXTERNAL_DNS_NAME',
    'ENVIRONMENT_ID',
    'GCP_PROJECT',
    'LOG_LEVEL',
    'PUBLIC_URL',
    'API_SIGNING_KEY',
    'MSP',
    'REDIS_ENDPOINT',
    'PGINSTANCE',
    'PGUSER',
    'SENTRY_DSN',
    'SSL_CERT_DIR',
  ],
  'acme-api/prod': [
    'GOOGLE_CLOUD_PROJECT',
    'DIAGNOSTICS_SECRET',
    'EXTERNAL_DNS_NAME',
    'ENVIRONMENT_ID',
    'LOG_LEVEL',
    'PUBLIC_URL',
    'API_SIGNING_KEY',
    'SHARED_TOKEN',
    'MSP',
    'REDIS_ENDPOINT',
    'PGINSTANCE',
    'PGUSER',
    'BIGQUERY_PROJECT_ID',
    'BIGQUERY_DATASET_ID',
    'SENTRY_DSN',
    'SSL_CERT_DIR',
  ],
  'nightly-sync/dev': [
    'GOOGLE_CLOUD_PROJECT',
    'DIAGNOSTICS_SECRET',
    'ENVIRONMENT_ID',
    'MSP',
    'BIGQUERY_PROJECT_ID',
    'BIGQUERY_DATASET_ID',
    'SENTRY_DSN',
    'SSL_CERT_DIR',
    'JOB_EXECUTION_CRON_SCHEDULE',
    'JOB_EXECUTION_DEADLINE',
  ],
  'nightly-sync/prod': [
    'GOOGLE_CLOUD_PROJECT',
    'DIAGNOSTICS_SECRET',
    'ENVIRONMENT_ID',
    'EXPORT_BUCKET',
    'MSP',
    'BIGQUERY_PROJECT_ID',
    'BIGQUERY_DATASET_ID',
    'SENTRY_DSN',
    'SSL_CERT_DIR',
    'JOB_EXECUTION_CRON_SCHEDULE',
    'JOB_EXECUTION_DEADLINE',
  ],
  'release-registry/dev': [
    'GOOGLE_CLOUD_PROJECT',
    'DIAGNOSTICS_SECRET',
    'EXTERNAL_DNS_NAME',
    'ENVIRONMENT_ID',
    'MSP',
    'PGINSTANCE',
    'PGUSER',
    'SENTRY_DSN',
    'SSL_CERT_DIR',
  ],
  'release-registry/prod': [
    'GOOGLE_CLOUD_PROJECT',
    'DIAGNOSTICS_SECRET',
    'EXTERNAL_DNS_NAME',
    'ENVIRONMENT_ID',
    'MSP',
    'PGINSTANCE',
    'PGUSER',
    'SENTRY_DSN',
    'SSL_CERT_DIR',
  ],
  'search-grpc/test': [
    'GOOGLE_CLOUD_PROJECT',
    'DIAGNOSTICS_SECRET',
    'ENVIRONMENT_ID',
    'MSP',
    'REDIS_ENDPOINT',
    'SENTRY_DSN',
    'SSL_CERT_DIR',
  ],
  'search-grpc/prod': [
    'GOOGLE_CLOUD_PROJECT',
    'DIAGNOSTICS_SECRET',
    'ENVIRONMENT_ID',
    'SEARCH_SHARDS',
    'MSP',
    'SENTRY_DSN',
    'SSL_CERT_DIR',
  ],
};

function contractOf(id: string, envId: string, platform: PlatformConfig = examplePlatform()) {
  const spec = exampleSpec(id, { platform });
  const env = spec.environments.find((e) => e.id === envId)!;
  return envContract(spec, env, platform);
}

describe('envContract', () => {
  it('covers every example environment', () => {
    const all = exampleServiceIds().flatMap((id) => exampleSpec(id).environments.map((e) => `${id}/${e.id}`));
    assert.deepEqual(all.sort(), Object.keys(EXPECTED).sort());
  });

  for (const [key, names] of Object.entries(EXPECTED)) {
    it(`lists the §5.1 variables of ${key} in order`, () => {
      const [id, envId] = key.split('/') as [string, string];
      assert.deepEqual(
        contractOf(id, envId).map((v) => v.name),
        names,
      );
    });
  }

  it('gives literal values where they are known when generating', () => {
    const byName = new Map(contractOf('acme-api', 'prod').map((v) => [v.name, v]));
    assert.deepEqual(byName.get('GOOGLE_CLOUD_PROJECT')!.value, {
      kind: 'literal',
      value: 'acme-api-prod-b71c',
    });
    assert.deepEqual(byName.get('EXTERNAL_DNS_NAME')!.value, { kind: 'literal', value: 'api.acme.com' });
    assert.deepEqual(byName.get('PUBLIC_URL')!.value, { kind: 'literal', value: 'https://api.acme.com' });
    assert.deepEqual(byName.get('PGUSER')!.value, {
      kind: 'literal',
      value: 'acme-api-sa@acme-api-prod-b71c.iam',
    });
    assert.deepEqual(byName.get('BIGQUERY_DATASET_ID')!.value, { kind: 'literal', value: 'acme_api' });
    assert.deepEqual(byName.get('SSL_CERT_DIR')!.value, {
      kind: 'literal',
      value: '/etc/ssl/certs:/etc/ssl/custom-certs',
    });
    assert.equal(byName.get('LOG_LEVEL')!.origin, 'spec');
    assert.equal(byName.get('MSP')!.origin, 'platform');
  });

  it('leaves values only Terraform knows to Terraform', () => {
    const byName = new Map(contractOf('acme-api', 'prod').map((v) => [v.name, v.value]));
    assert.deepEqual(byName.get('DIAGNOSTICS_SECRET'), { kind: 'terraform', value: 'diagnosticsSecret' });
    assert.deepEqual(byName.get('PGINSTANCE'), { kind: 'terraform', value: 'cloudsqlConnectionName' });
  });

  it('reads secrets from Secret Manager, never as literals', () => {
    const byName = new Map(contractOf('acme-api', 'prod').map((v) => [v.name, v.value]));
    assert.deepEqual(byName.get('API_SIGNING_KEY'), {
      kind: 'secret',
      secret: 'API_SIGNING_KEY',
      version: 'latest',
    });
    assert.deepEqual(byName.get('SHARED_TOKEN'), {
      kind: 'secret',
      secret: 'SHARED_TOKEN',
      project: 'acme-shared-secrets',
      version: 'latest',
    });
    assert.deepEqual(byName.get('REDIS_ENDPOINT'), { kind: 'managedSecret', secret: 'REDIS_ENDPOINT' });
    assert.deepEqual(byName.get('SENTRY_DSN'), {
      kind: 'secret',
      secret: 'SENTRY_DSN',
      project: 'acme-platform-secrets',
      version: 'latest',
    });
  });

  it('has no SENTRY_DSN without a platform sentry.dsn', () => {
    const platform = { ...examplePlatform(), sentry: {} };
    assert.ok(!contractOf('acme-api', 'prod', platform).some((v) => v.name === 'SENTRY_DSN'));
  });

  it('gives jobs without a schedule no JOB_EXECUTION_* variables', () => {
    const spec = exampleSpec('nightly-sync', {
      edit: (t) => t.replace('    schedule:\n      cron: "0 * * * *"\n', ''),
    });
    const env = spec.environments[0]!;
    const names = envContract(spec, env, examplePlatform()).map((v) => v.name);
    assert.ok(!names.some((n) => n.startsWith('JOB_EXECUTION_')));
    assert.equal(env.schedule, undefined);
  });

  it('has no duplicate names', () => {
    for (const key of Object.keys(EXPECTED)) {
      const [id, envId] = key.split('/') as [string, string];
      const names = contractOf(id, envId).map((v) => v.name);
      assert.equal(new Set(names).size, names.length, key);
    }
  });
});

describe('secretReference', () => {
  it('uses the ID in the environment project and the full name in another', () => {
    assert.equal(secretReference({ raw: 'A', secret: 'A' }, 'p-dev-1'), 'A');
    assert.equal(
      secretReference({ raw: 'projects/p-dev-1/secrets/A', project: 'p-dev-1', secret: 'A' }, 'p-dev-1'),
      'A',
    );
    assert.equal(
      secretReference(
        { raw: 'projects/other-proj/secrets/A', project: 'other-proj', secret: 'A' },
        'p-dev-1',
      ),
      'projects/other-proj/secrets/A',
    );
  });
});

describe('iamDatabaseUser and sslCertDir', () => {
  it('strips .gserviceaccount.com', () => {
    assert.equal(iamDatabaseUser('svc-sa@p.iam.gserviceaccount.com'), 'svc-sa@p.iam');
  });
  it('adds the custom CA directory only with Redis', () => {
    const spec = exampleSpec('search-grpc');
    assert.equal(
      sslCertDir(spec.environments.find((e) => e.id === 'test')!),
      '/etc/ssl/certs:/etc/ssl/custom-certs',
    );
    assert.equal(sslCertDir(spec.environments.find((e) => e.id === 'prod')!), '/etc/ssl/certs');
  });
});
