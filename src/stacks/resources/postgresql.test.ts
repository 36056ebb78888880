// biome-ignore-all lint/suspicious/noExplicitAny: the tests walk parsed Terraform JSON
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected Terraform references are written as they appear in the JSON
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { examplePlatform, exampleSpec, stackContext } from '../../../test/support/examples.ts';
import type { PostgreSQLSpec } from '../../spec/model.ts';
import { checkStack, serializeStack } from '../../terraform/index.ts';
import { buildCloudrunStack } from '../cloudrun.ts';
import {
  postgresqlFlags,
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

type Json = any;

/** The cloudrun stack of an example environment, as parsed JSON. */
function cloudrun(id: string, envId: string, edit?: (t: string) => string): Json {
  const platform = examplePlatform();
  const spec = exampleSpec(id, { platform, ...(edit ? { edit } : {}) });
  const env = spec.environments.find((e) => e.id === envId)!;
  const { stack } = buildCloudrunStack(stackContext(spec, env, platform));
  assert.deepEqual(
    checkStack(stack).map((d) => `${d.code}: ${d.message}`),
    [],
  );
  return JSON.parse(serializeStack(stack));
}

const res = (json: Json, type: string, name: string) => json.resource?.[type]?.[name];

describe('PostgreSQL roles and grants (postgresql provider)', () => {
  it('pins cyrilgdn/postgresql and connects as msp-admin over the Cloud SQL connector', () => {
    const json = cloudrun('acme-api', 'dev');
    assert.deepEqual(json.terraform.required_providers.postgresql, {
      source: 'cyrilgdn/postgresql',
      version: '1.26.0',
    });
    assert.deepEqual(json.provider.postgresql, [
      {
        alias: 'admin',
        scheme: 'gcppostgres',
        host: '${google_sql_database_instance.postgresql.connection_name}',
        port: 5432,
        database: 'postgres',
        username: '${google_sql_user.postgresql_admin.name}',
        password: '${random_password.postgresql_admin.result}',
        superuser: false,
      },
    ]);
  });

  it('makes the workload a cloudsqlsuperuser, and Cloud Run waits for that grant', () => {
    for (const [id, env, kind] of [
      ['acme-api', 'dev', 'google_cloud_run_v2_service'],
      ['release-registry', 'prod', 'google_cloud_run_v2_service'],
    ] as const) {
      const json = cloudrun(id, env);
      assert.deepEqual(res(json, 'postgresql_grant_role', 'workload_cloudsqlsuperuser'), {
        role: '${google_sql_user.postgresql_workload.name}',
        grant_role: 'cloudsqlsuperuser',
        provider: 'postgresql.admin',
      });
      assert.ok(
        res(json, kind, 'cloudrun').depends_on.includes('postgresql_grant_role.workload_cloudsqlsuperuser'),
        `${id}/${env}`,
      );
    }
  });

  it('a job waits for the grant too', () => {
    const json = cloudrun('nightly-sync', 'prod', (t) =>
      t.replaceAll(
        /resources:\n(\s+)bigQueryDataset:/g,
        'resources:\n$1postgreSQL:\n$1  databases: [sync]\n$1bigQueryDataset:',
      ),
    );
    assert.ok(
      res(json, 'google_cloud_run_v2_job', 'cloudrun').depends_on.includes(
        'postgresql_grant_role.workload_cloudsqlsuperuser',
      ),
    );
  });

  it('gives the operator-access user read access to every database, now and for future tables', () => {
    const json = cloudrun('acme-api', 'dev');
    const common = {
      database: '${google_sql_database.postgresql_primary.name}',
      role: '${google_sql_user.postgresql_operator_access.name}',
      provider: 'postgresql.admin',
    };
    assert.deepEqual(res(json, 'postgresql_grant', 'operator_primary_connect'), {
      ...common,
      object_type: 'database',
      privileges: ['CONNECT'],
    });
    assert.deepEqual(res(json, 'postgresql_grant', 'operator_primary_schema'), {
      ...common,
      schema: 'public',
      object_type: 'schema',
      privileges: ['USAGE'],
    });
    assert.deepEqual(res(json, 'postgresql_grant', 'operator_primary_tables'), {
      ...common,
      schema: 'public',
      object_type: 'table',
      objects: [],
      privileges: ['SELECT'],
    });
    assert.deepEqual(res(json, 'postgresql_default_privileges', 'operator_primary_tables'), {
      ...common,
      owner: '${google_sql_user.postgresql_workload.name}',
      schema: 'public',
      object_type: 'table',
      privileges: ['SELECT'],
    });
    // No replication without logicalReplication.
    assert.equal(json.resource.postgresql_publication, undefined);
    assert.equal(json.resource.postgresql_role, undefined);
    assert.equal(json.output.postgresql_setup_sql, undefined);
  });

  it('logical replication: replication user, publication after Cloud Run, slot as the replication user', () => {
    const json = cloudrun('acme-api', 'prod');
    assert.deepEqual(
      json.provider.postgresql.map((p: Json) => p.alias),
      ['admin', 'replication', 'workload'],
    );
    const workload = json.provider.postgresql.find((p: Json) => p.alias === 'workload');
    assert.equal(
      workload.gcp_iam_impersonate_service_account,
      'acme-api-sa@acme-api-prod-b71c.iam.gserviceaccount.com',
    );
    assert.equal(workload.password, undefined);
    const replication = json.provider.postgresql.find((p: Json) => p.alias === 'replication');
    assert.equal(replication.username, '${postgresql_role.postgresql_replication.name}');
    assert.deepEqual(res(json, 'postgresql_publication', 'api_events'), {
      name: 'api_events',
      database: '${google_sql_database.postgresql_primary.name}',
      tables: ['public.events', 'public.accounts'],
      provider: 'postgresql.workload',
      depends_on: [
        'google_cloud_run_v2_service.cloudrun',
        'postgresql_grant_role.workload_cloudsqlsuperuser',
      ],
    });
    assert.deepEqual(res(json, 'postgresql_replication_slot', 'api_events'), {
      name: 'api_events_pgoutput',
      database: '${google_sql_database.postgresql_primary.name}',
      plugin: 'pgoutput',
      provider: 'postgresql.replication',
      depends_on: ['postgresql_publication.api_events'],
    });
    const user = res(json, 'postgresql_role', 'postgresql_publication_api_events');
    assert.equal(user.name, 'msp-publication-api_events-user');
    assert.equal(user.replication, true);
    assert.deepEqual(res(json, 'postgresql_grant', 'publication_api_events_tables').objects, [
      'events',
      'accounts',
    ]);
    const profile = res(json, 'google_datastream_connection_profile', 'datastream_api_events');
    assert.equal(
      profile.postgresql_profile[0].username,
      '${postgresql_role.postgresql_publication_api_events.name}',
    );
    for (const dep of [
      'postgresql_publication.api_events',
      'postgresql_replication_slot.api_events',
      'postgresql_grant.publication_api_events_tables',
    ])
      assert.ok(profile.depends_on.includes(dep), dep);
  });
});
