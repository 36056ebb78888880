import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleSpec } from '../../../test/support/examples.ts';
import type { PostgreSQLSpec } from '../../spec/model.ts';
import {
  postgresqlFlags,
  postgresqlSetupSql,
  postgresqlTier,
  publicationPasswordSecret,
  publicationUser,
  replicationSlot,
} from './postgresql.ts';

const pg = (over: Partial<PostgreSQLSpec> = {}): PostgreSQLSpec => ({
  databases: [],
  cpu: 1,
  memoryGB: 4,
  highAvailability: false,
  ...over,
});

describe('postgresqlTier', () => {
  it('is db-custom-<cpu>-<memoryGB × 1024>', () => {
    assert.equal(postgresqlTier(pg()), 'db-custom-1-4096');
    assert.equal(postgresqlTier(pg({ cpu: 2, memoryGB: 8 })), 'db-custom-2-8192');
    assert.equal(postgresqlTier(pg({ cpu: 96, memoryGB: 576 })), 'db-custom-96-589824');
  });
});

describe('postgresqlFlags', () => {
  it('always enables IAM authentication, sorted by name', () => {
    assert.deepEqual(postgresqlFlags(pg()), [{ name: 'cloudsql.iam_authentication', value: 'on' }]);
    assert.deepEqual(postgresqlFlags(pg({ maxConnections: 500, logicalReplication: { publications: [] } })), [
      { name: 'cloudsql.iam_authentication', value: 'on' },
      { name: 'cloudsql.logical_decoding', value: 'on' },
      { name: 'max_connections', value: '500' },
    ]);
  });
});

describe('publication names', () => {
  it('derives the user, slot and password secret', () => {
    assert.equal(publicationUser('api_events'), 'msp-publication-api_events-user');
    assert.equal(replicationSlot('api_events'), 'api_events_pgoutput');
    assert.equal(publicationPasswordSecret('api-events'), 'POSTGRESQL_PUBLICATION_API_EVENTS_PASSWORD');
  });
});

describe('postgresqlSetupSql', () => {
  it('is empty without PostgreSQL', () => {
    const spec = exampleSpec('search-grpc');
    assert.deepEqual(postgresqlSetupSql(spec, spec.environments[0]!), []);
  });

  it('grants the workload cloudsqlsuperuser and the operator read access per database', () => {
    const spec = exampleSpec('release-registry');
    const sql = postgresqlSetupSql(spec, spec.environments[0]!);
    assert.deepEqual(sql[0], {
      database: 'postgres',
      run_as: 'msp-admin',
      sql: 'GRANT cloudsqlsuperuser TO "release-registry-sa@release-registry-dev-6bac.iam";',
    });
    assert.ok(
      sql.some((s) => s.database === 'registry' && s.sql.startsWith('GRANT CONNECT ON DATABASE "registry"')),
    );
    assert.ok(!sql.some((s) => s.sql.includes('PUBLICATION')));
  });

  it('creates each publication as the workload and its slot as the publication user', () => {
    const spec = exampleSpec('release-registry');
    const sql = postgresqlSetupSql(spec, spec.environments[1]!);
    const workload = 'release-registry-sa@release-registry-prod-5421.iam';
    assert.ok(
      sql.some(
        (s) =>
          s.run_as === workload &&
          s.database === 'registry' &&
          s.sql === 'CREATE PUBLICATION "registry_releases" FOR TABLE public."releases", public."artifacts";',
      ),
    );
    const slot = sql.find((s) => s.sql.includes('pg_create_logical_replication_slot'))!;
    assert.equal(slot.run_as, 'msp-publication-registry_releases-user');
    assert.equal(
      slot.sql,
      "SELECT pg_create_logical_replication_slot('registry_releases_pgoutput', 'pgoutput');",
    );
    assert.ok(sql.some((s) => s.sql === 'ALTER ROLE "msp-replicationuser" WITH REPLICATION;'));
  });

  it('quotes identifiers', () => {
    const spec = exampleSpec('release-registry');
    const env = spec.environments[0]!;
    const weird = {
      ...env,
      resources: { postgreSQL: { ...env.resources.postgreSQL!, databases: ['we"ird'] } },
    };
    const sql = postgresqlSetupSql(spec, weird);
    assert.ok(sql.some((s) => s.sql.includes('DATABASE "we""ird"')));
  });
});
