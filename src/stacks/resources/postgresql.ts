/**
 * Cloud SQL for PostgreSQL 15 (SPEC-REFERENCE §2.10, STACKS-REFERENCE §4.3.1): the instance
 * (tier from cpu/memory, HA, IAM authentication, backups, maintenance window, query insights,
 * private IP, TLS required, deletion guards), its databases and users.
 *
 * MSP also configured roles, grants, publications and replication slots inside PostgreSQL through
 * a `postgresql` Terraform provider. No schema of that provider is vendored here, so this module
 * creates every Cloud SQL resource (instance, databases, users, their passwords in Secret
 * Manager) and returns the SQL that completes the setup ({@link postgresqlSetupSql}); the stack
 * publishes it as the `postgresql_setup_sql` output, to be run by the service's migrations (or an
 * operator as `msp-admin`) — see docs.
 */
import type { EnvironmentSpec, PostgreSQLSpec, ServiceSpec } from '../../spec/model.ts';
import type { Dependable, ResourceHandle, Stack } from '../../terraform/index.ts';
import { operatorAccessSaEmail, workloadSaEmail } from '../names.ts';
import { addManagedSecret, type ManagedSecret } from './cloudrun-secrets.ts';
import { iamDatabaseUser } from './env-contract.ts';
import type { PrivateNetwork } from './network.ts';

/** Built-in administrator user (member of `cloudsqlsuperuser`). */
export const ADMIN_USER = 'msp-admin';
/** Built-in replication user, created with logical replication. */
export const REPLICATION_USER = 'msp-replicationuser';
/** Secret IDs of the generated passwords. */
export const ADMIN_PASSWORD_SECRET = 'POSTGRESQL_ADMIN_PASSWORD';
export const REPLICATION_PASSWORD_SECRET = 'POSTGRESQL_REPLICATION_PASSWORD';

/** The machine tier: `db-custom-<cpu>-<memoryGB × 1024>`. */
export function postgresqlTier(pg: PostgreSQLSpec): string {
  return `db-custom-${pg.cpu}-${pg.memoryGB * 1024}`;
}

/** Database flags, sorted by name. */
export function postgresqlFlags(pg: PostgreSQLSpec): { name: string; value: string }[] {
  const flags = [{ name: 'cloudsql.iam_authentication', value: 'on' }];
  if (pg.logicalReplication) flags.push({ name: 'cloudsql.logical_decoding', value: 'on' });
  if (pg.maxConnections !== undefined)
    flags.push({ name: 'max_connections', value: String(pg.maxConnections) });
  return flags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The built-in user a publication's replication stream connects as. */
export function publicationUser(publication: string): string {
  return `msp-publication-${publication}-user`;
}

/** The logical replication slot of a publication. */
export function replicationSlot(publication: string): string {
  return `${publication}_pgoutput`;
}

/** Secret ID holding a publication user's password. */
export function publicationPasswordSecret(publication: string): string {
  return `POSTGRESQL_PUBLICATION_${publication.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_PASSWORD`;
}

/** Logical-name fragment of a database or publication. */
function fragment(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '_');
}

/** What other parts of the stack need from PostgreSQL. */
export interface PostgreSQLResources {
  instance: ResourceHandle<'google_sql_database_instance'>;
  /** Everything Cloud Run should wait for (databases and users). */
  ready: Dependable[];
  publications: { name: string; database: string; user: string; password: ManagedSecret }[];
}

/**
 * Adds the instance (`google_sql_database_instance.postgresql`, named `postgresql-<4 hex>` by
 * `random_id.postgresql_instance_suffix`), `google_sql_database.postgresql_<db>`, the admin,
 * IAM and replication users and their password secrets. Call only with `env.resources.postgreSQL`.
 */
export function addPostgreSQL(
  stack: Stack,
  spec: ServiceSpec,
  env: EnvironmentSpec,
  network: PrivateNetwork,
): PostgreSQLResources {
  const pg = env.resources.postgreSQL!;
  const guard = !env.allowDestroys;
  const suffix = stack.resource('random_id', 'postgresql_instance_suffix', {
    byte_length: 2,
    prefix: 'postgresql-',
  });
  const instance = stack.resource(
    'google_sql_database_instance',
    'postgresql',
    {
      name: suffix.ref('hex'),
      database_version: 'POSTGRES_15',
      region: env.locations.gcpRegion,
      deletion_protection: guard,
      settings: [
        {
          tier: postgresqlTier(pg),
          // Custom machine tiers exist only in the Enterprise edition.
          edition: 'ENTERPRISE',
          availability_type: pg.highAvailability ? 'REGIONAL' : 'ZONAL',
          disk_type: 'PD_SSD',
          disk_size: 10,
          disk_autoresize: true,
          disk_autoresize_limit: 0,
          deletion_protection_enabled: guard,
          database_flags: postgresqlFlags(pg),
          backup_configuration: [
            {
              enabled: true,
              point_in_time_recovery_enabled: pg.highAvailability,
              start_time: '10:00',
              transaction_log_retention_days: 7,
              backup_retention_settings: [{ retained_backups: 90, retention_unit: 'COUNT' }],
            },
          ],
          maintenance_window: [{ update_track: 'stable', day: 1, hour: 15 }],
          insights_config: [
            {
              query_insights_enabled: true,
              query_string_length: 4096,
              record_application_tags: true,
              record_client_address: true,
            },
          ],
          ip_configuration: [
            {
              // A public IP without authorised networks: reachable only through the Cloud SQL
              // connectors (operators' `cloud-sql-proxy`), which need a client certificate.
              ipv4_enabled: true,
              private_network: network.network.id,
              ssl_mode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
              enable_private_path_for_google_cloud_services: true,
            },
          ],
        },
      ],
    },
    {
      depends_on: [network.connection],
      lifecycle: { prevent_destroy: guard, ignore_changes: ['settings[0].disk_size'] },
    },
  );

  const databases = pg.databases.map((db) =>
    stack.resource(
      'google_sql_database',
      `postgresql_${fragment(db)}`,
      { name: db, instance: instance.ref('name'), deletion_policy: 'ABANDON' },
      { lifecycle: { prevent_destroy: guard } },
    ),
  );

  const admin = addPasswordUser(stack, 'postgresql_admin', ADMIN_USER, ADMIN_PASSWORD_SECRET, instance);
  const iamUsers = [
    ['postgresql_workload', workloadSaEmail(spec, env)],
    ['postgresql_operator_access', operatorAccessSaEmail(env)],
  ].map(([name, email]) =>
    stack.resource(
      'google_sql_user',
      name!,
      {
        instance: instance.ref('name'),
        name: iamDatabaseUser(email!),
        type: 'CLOUD_IAM_SERVICE_ACCOUNT',
        deletion_policy: 'ABANDON',
      },
      { depends_on: databases },
    ),
  );
  const ready: Dependable[] = [...databases, admin.user, ...iamUsers];

  const publications: PostgreSQLResources['publications'] = [];
  if (pg.logicalReplication) {
    const repl = addPasswordUser(
      stack,
      'postgresql_replication',
      REPLICATION_USER,
      REPLICATION_PASSWORD_SECRET,
      instance,
    );
    ready.push(repl.user);
    for (const p of pg.logicalReplication.publications) {
      const user = addPasswordUser(
        stack,
        `postgresql_publication_${fragment(p.name)}`,
        publicationUser(p.name),
        publicationPasswordSecret(p.name),
        instance,
      );
      ready.push(user.user);
      publications.push({
        name: p.name,
        database: p.database,
        user: publicationUser(p.name),
        password: user.password,
      });
    }
  }
  return { instance, ready, publications };
}

/** A built-in user whose random password is kept in a Secret Manager secret (never in the config). */
function addPasswordUser(
  stack: Stack,
  name: string,
  user: string,
  secretId: string,
  instance: ResourceHandle<'google_sql_database_instance'>,
): { user: ResourceHandle<'google_sql_user'>; password: ManagedSecret } {
  const password = stack.resource('random_password', name, { length: 32, special: false });
  const secret = addManagedSecret(stack, `${name}_password`, secretId, password.ref('result'));
  const sqlUser = stack.resource('google_sql_user', name, {
    instance: instance.ref('name'),
    name: user,
    password: password.ref('result'),
    deletion_policy: 'ABANDON',
  });
  return { user: sqlUser, password: secret };
}

/** One statement of the PostgreSQL setup, with where and as whom to run it. */
export interface SetupStatement {
  /** Database to connect to; `postgres` for instance-wide statements. */
  database: string;
  /**
   * `msp-admin` (password in `POSTGRESQL_ADMIN_PASSWORD`), the workload IAM user (it owns the
   * tables) or a publication user (password in its `POSTGRESQL_PUBLICATION_<NAME>_PASSWORD`).
   */
  run_as: string;
  sql: string;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const str = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The SQL that completes what MSP's `postgresql` provider did: the workload user becomes a
 * `cloudsqlsuperuser` (so its migrations own the schema), the operator-access user may connect
 * and read every table, the replication users get `REPLICATION`, and each publication is created
 * with its grants and its `pgoutput` replication slot. Every statement is safe to re-run except
 * `CREATE PUBLICATION` and the slot, which migrations should guard (`IF NOT EXISTS` checks).
 */
export function postgresqlSetupSql(spec: ServiceSpec, env: EnvironmentSpec): SetupStatement[] {
  const pg = env.resources.postgreSQL;
  if (!pg) return [];
  const workload = iamDatabaseUser(workloadSaEmail(spec, env));
  const operator = iamDatabaseUser(operatorAccessSaEmail(env));
  const out: SetupStatement[] = [
    { database: 'postgres', run_as: ADMIN_USER, sql: `GRANT cloudsqlsuperuser TO ${ident(workload)};` },
  ];
  for (const db of pg.databases) {
    out.push(
      {
        database: db,
        run_as: ADMIN_USER,
        sql: `GRANT CONNECT ON DATABASE ${ident(db)} TO ${ident(operator)};`,
      },
      { database: db, run_as: workload, sql: `GRANT USAGE ON SCHEMA public TO ${ident(operator)};` },
      {
        database: db,
        run_as: workload,
        sql: `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${ident(operator)};`,
      },
      {
        database: db,
        run_as: workload,
        sql: `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${ident(operator)};`,
      },
    );
  }
  if (!pg.logicalReplication) return out;
  out.push({
    database: 'postgres',
    run_as: ADMIN_USER,
    sql: `ALTER ROLE ${ident(REPLICATION_USER)} WITH REPLICATION;`,
  });
  for (const p of pg.logicalReplication.publications) {
    const user = publicationUser(p.name);
    const tables = p.tables.map((t) => `public.${ident(t)}`).join(', ');
    out.push(
      { database: 'postgres', run_as: ADMIN_USER, sql: `ALTER ROLE ${ident(user)} WITH REPLICATION;` },
      {
        database: p.database,
        run_as: workload,
        sql: `CREATE PUBLICATION ${ident(p.name)} FOR TABLE ${tables};`,
      },
      { database: p.database, run_as: workload, sql: `GRANT USAGE ON SCHEMA public TO ${ident(user)};` },
      { database: p.database, run_as: workload, sql: `GRANT SELECT ON ${tables} TO ${ident(user)};` },
      {
        database: p.database,
        // Creating a slot needs the REPLICATION attribute, which only the publication user has.
        run_as: user,
        sql: `SELECT pg_create_logical_replication_slot(${str(replicationSlot(p.name))}, 'pgoutput');`,
      },
    );
  }
  return out;
}
