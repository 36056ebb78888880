/**
 * Cloud SQL for PostgreSQL 15 (docs/cloudrun-stack.md, "PostgreSQL roles and grants"): the instance
 * (tier from cpu/memory, HA, IAM authentication, backups, maintenance window, query insights,
 * private IP, TLS required, deletion guards), its databases and users, and — through the
 * `cyrilgdn/postgresql` provider, connected as the admin user over the Cloud SQL connector
 * (`scheme = "gcppostgres"`) — the roles and grants inside PostgreSQL:
 *
 * - the workload's IAM user is a member of `cloudsqlsuperuser`, so its migrations can create
 *   tables (PostgreSQL 15 no longer lets every user create objects in `public`); the Cloud Run
 *   service or job depends on this grant;
 * - the operator-access IAM user may connect to each database and read it: `CONNECT`, `USAGE` on
 *   `public`, `SELECT` on its tables and, through default privileges, on the tables the workload
 *   creates later;
 * - with logical replication: the replication user and one user per publication (both with
 *   `REPLICATION`), and — after the Cloud Run resource, whose migrations create the tables —
 *   each publication, its grants and its `pgoutput` replication slot ({@link addPublications}).
 *
 * No SQL is left for a person to run. See docs/cloudrun-stack.md, "PostgreSQL".
 */

import { operatorAccessSaEmail, workloadSaEmail } from '../../naming/names.ts';
import type { EnvironmentSpec, PostgreSQLSpec, ServiceSpec } from '../../spec/model.ts';
import {
  type Dependable,
  PROVIDERS,
  type ProviderHandle,
  type ResourceHandle,
  type Stack,
  type Str,
  type TfExpr,
} from '../../terraform/index.ts';
import { addManagedSecret, type ManagedSecret } from './cloudrun-secrets.ts';
import { iamDatabaseUser } from './env-contract.ts';
import type { PrivateNetwork } from './network.ts';

/** Built-in administrator user (member of `cloudsqlsuperuser`); the `postgresql` provider logs in as it. */
const ADMIN_USER = 'msp-admin';
/** Replication user, created with logical replication; it creates the replication slots. */
const REPLICATION_USER = 'msp-replicationuser';
/** Secret IDs of the generated passwords. */
const ADMIN_PASSWORD_SECRET = 'POSTGRESQL_ADMIN_PASSWORD';
const REPLICATION_PASSWORD_SECRET = 'POSTGRESQL_REPLICATION_PASSWORD';
/** The role the workload's IAM user joins so it can own the schema its migrations create. */
const WORKLOAD_ROLE = 'cloudsqlsuperuser';
/** The schema the grants cover: the one the workload's migrations use. */
const GRANT_SCHEMA = 'public';

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

/** The user a publication's replication stream connects as. */
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
function pgFragment(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '_');
}

/** A publication and what its replication stream needs. */
interface PublicationUser {
  name: string;
  database: string;
  tables: readonly string[];
  /** The publication's login role (`msp-publication-<name>-user`). */
  role: ResourceHandle<'postgresql_role'>;
  password: ManagedSecret;
}

/** What other parts of the stack need from PostgreSQL. */
export interface PostgreSQLResources {
  instance: ResourceHandle<'google_sql_database_instance'>;
  /** Everything Cloud Run waits for: databases, users and the workload's `cloudsqlsuperuser` grant. */
  ready: Dependable[];
  /** `postgresql_grant_role.workload_cloudsqlsuperuser`. */
  workloadGrant: ResourceHandle<'postgresql_grant_role'>;
  /** `google_sql_database.postgresql_<db>` by database name. */
  databases: Map<string, ResourceHandle<'google_sql_database'>>;
  /** The workload's IAM database user. */
  workloadUser: ResourceHandle<'google_sql_user'>;
  /** The provider configuration logged in as `msp-admin`. */
  admin: ProviderHandle;
  /** With logical replication: the provider logged in as the replication user. */
  replication?: ProviderHandle;
  publications: PublicationUser[];
}

/**
 * Adds the instance (`google_sql_database_instance.postgresql`, named `postgresql-<4 hex>` by
 * `random_id.postgresql_instance_suffix`), `google_sql_database.postgresql_<db>`, the admin and
 * IAM users, the `postgresql` provider (alias `admin`) and the roles and grants above; with
 * logical replication the replication and publication roles (alias `replication` logs in as the
 * replication user). Publications themselves come later ({@link addPublications}). Call only with
 * `env.resources.postgreSQL`.
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
      `postgresql_${pgFragment(db)}`,
      { name: db, instance: instance.ref('name'), deletion_policy: 'ABANDON' },
      { lifecycle: { prevent_destroy: guard } },
    ),
  );

  const adminPassword = stack.resource('random_password', 'postgresql_admin', { length: 32, special: false });
  addManagedSecret(stack, 'postgresql_admin_password', ADMIN_PASSWORD_SECRET, adminPassword.ref('result'));
  const adminUser = stack.resource('google_sql_user', 'postgresql_admin', {
    instance: instance.ref('name'),
    name: ADMIN_USER,
    password: adminPassword.ref('result'),
    deletion_policy: 'ABANDON',
  });
  const [workloadUser, operatorUser] = [
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
  ) as [ResourceHandle<'google_sql_user'>, ResourceHandle<'google_sql_user'>];

  stack.requireProvider('postgresql', PROVIDERS.postgresql);
  const admin = addPostgresqlProvider(stack, 'admin', instance, {
    username: adminUser.ref('name'),
    password: adminPassword.ref('result'),
  });

  const workloadGrant = stack.resource(
    'postgresql_grant_role',
    'workload_cloudsqlsuperuser',
    { role: workloadUser.ref('name'), grant_role: WORKLOAD_ROLE },
    { provider: admin },
  );
  pg.databases.forEach((db, i) => {
    addOperatorGrants(stack, admin, databases[i]!, db, operatorUser, workloadUser);
  });

  const ready: Dependable[] = [...databases, adminUser, workloadUser, operatorUser, workloadGrant];
  const out: PostgreSQLResources = {
    instance,
    ready,
    workloadGrant,
    databases: new Map(pg.databases.map((db, i) => [db, databases[i]!])),
    workloadUser,
    admin,
    publications: [],
  };
  if (!pg.logicalReplication) return out;

  const repl = addReplicationRole(
    stack,
    admin,
    'postgresql_replication',
    REPLICATION_USER,
    REPLICATION_PASSWORD_SECRET,
  );
  out.replication = addPostgresqlProvider(stack, 'replication', instance, {
    username: repl.role.ref('name'),
    password: repl.password.ref('result'),
  });
  for (const p of pg.logicalReplication.publications) {
    const user = addReplicationRole(
      stack,
      admin,
      `postgresql_publication_${pgFragment(p.name)}`,
      publicationUser(p.name),
      publicationPasswordSecret(p.name),
    );
    out.publications.push({
      name: p.name,
      database: p.database,
      tables: p.tables,
      role: user.role,
      password: user.secret,
    });
  }
  return out;
}

/**
 * `provider "postgresql"` with `alias`: the Cloud SQL connector (`gcppostgres`, host = the
 * instance connection name) as a built-in user. The Terraform runner's Google credentials open
 * the connector; `superuser = false` because Cloud SQL's `cloudsqlsuperuser` is not a superuser.
 */
function addPostgresqlProvider(
  stack: Stack,
  alias: string,
  instance: ResourceHandle<'google_sql_database_instance'>,
  login: { username: TfExpr; password: TfExpr },
): ProviderHandle {
  return stack.provider(
    'postgresql',
    {
      scheme: 'gcppostgres',
      host: instance.ref('connection_name'),
      port: 5432,
      database: 'postgres',
      username: login.username,
      password: login.password,
      superuser: false,
    },
    alias,
  );
}

/**
 * The operator-access user's read access to `db`: `CONNECT`, `USAGE` on the schema, `SELECT` on
 * its tables today and, by default privileges on the workload's future tables, tomorrow.
 * `postgresql_grant.operator_<db>_{connect,schema,tables}`, `postgresql_default_privileges.operator_<db>_tables`.
 */
function addOperatorGrants(
  stack: Stack,
  admin: ProviderHandle,
  database: ResourceHandle<'google_sql_database'>,
  db: string,
  operator: ResourceHandle<'google_sql_user'>,
  workload: ResourceHandle<'google_sql_user'>,
): void {
  const name = `operator_${pgFragment(db)}`;
  const meta = { provider: admin };
  const common = { database: database.ref('name'), role: operator.ref('name') };
  stack.resource(
    'postgresql_grant',
    `${name}_connect`,
    { ...common, object_type: 'database', privileges: ['CONNECT'] },
    meta,
  );
  // An empty `objects` means every table of the schema.
  addReadGrants(stack, name, common, [], meta);
  stack.resource(
    'postgresql_default_privileges',
    `${name}_tables`,
    {
      ...common,
      // Tables the workload's migrations create are owned by the workload's user.
      owner: workload.ref('name'),
      schema: GRANT_SCHEMA,
      object_type: 'table',
      privileges: ['SELECT'],
    },
    meta,
  );
}

/**
 * Read access of `grantee.role` to tables of {@link GRANT_SCHEMA} in `grantee.database`: `USAGE`
 * on the schema (`postgresql_grant.<name>_schema`) and `SELECT` on `tables`
 * (`postgresql_grant.<name>_tables`; empty means every table of the schema), both applied by the
 * admin provider of `meta`; `meta.depends_on` applies to the table grant only.
 */
function addReadGrants(
  stack: Stack,
  name: string,
  grantee: { database: Str; role: Str },
  tables: readonly string[],
  meta: { provider: ProviderHandle; depends_on?: readonly Dependable[] },
): [ResourceHandle<'postgresql_grant'>, ResourceHandle<'postgresql_grant'>] {
  const schema = stack.resource(
    'postgresql_grant',
    `${name}_schema`,
    { ...grantee, schema: GRANT_SCHEMA, object_type: 'schema', privileges: ['USAGE'] },
    { provider: meta.provider },
  );
  const select = stack.resource(
    'postgresql_grant',
    `${name}_tables`,
    { ...grantee, schema: GRANT_SCHEMA, object_type: 'table', objects: [...tables], privileges: ['SELECT'] },
    meta,
  );
  return [schema, select];
}

/**
 * A login role with `REPLICATION` (`postgresql_role.<name>`) whose random password
 * (`random_password.<name>`) is kept in Secret Manager (`<name>_password`), never in the config.
 */
function addReplicationRole(
  stack: Stack,
  admin: ProviderHandle,
  name: string,
  user: string,
  secretId: string,
): {
  role: ResourceHandle<'postgresql_role'>;
  password: ResourceHandle<'random_password'>;
  secret: ManagedSecret;
} {
  const password = stack.resource('random_password', name, { length: 32, special: false });
  const secret = addManagedSecret(stack, `${name}_password`, secretId, password.ref('result'));
  const role = stack.resource(
    'postgresql_role',
    name,
    { name: user, login: true, replication: true, password: password.ref('result') },
    { provider: admin },
  );
  return { role, password, secret };
}

/**
 * Each publication of `pg` (`postgresql_publication.<name>`, created as the workload, which owns
 * the tables), its user's `USAGE` on the schema and `SELECT` on the published tables, and its
 * `pgoutput` slot (`postgresql_replication_slot.<name>`, created by the replication user). They
 * depend on `cloudRun`: the tables exist once the workload's migrations have run, which a
 * service's first revision does before it is ready. Returns what Datastream should wait for.
 */
export function addPublications(
  stack: Stack,
  spec: ServiceSpec,
  env: EnvironmentSpec,
  pg: PostgreSQLResources,
  cloudRun: Dependable,
): Map<string, Dependable[]> {
  const out = new Map<string, Dependable[]>();
  if (pg.publications.length === 0) return out;
  // Creating a publication for given tables needs their owner: the workload's IAM user, which
  // the runner may impersonate (iam stack: serviceAccountTokenCreator on the workload account).
  const workload = stack.provider(
    'postgresql',
    {
      scheme: 'gcppostgres',
      host: pg.instance.ref('connection_name'),
      port: 5432,
      database: 'postgres',
      username: pg.workloadUser.ref('name'),
      gcp_iam_impersonate_service_account: workloadSaEmail(spec, env),
      superuser: false,
    },
    'workload',
  );
  for (const p of pg.publications) {
    const name = `publication_${pgFragment(p.name)}`;
    const tables = p.tables.map((t) => `${GRANT_SCHEMA}.${t}`);
    const database = pg.databases.get(p.database)?.ref('name') ?? p.database;
    const publication = stack.resource(
      'postgresql_publication',
      pgFragment(p.name),
      { name: p.name, database, tables },
      { provider: workload, depends_on: [cloudRun, pg.workloadGrant] },
    );
    const [schema, select] = addReadGrants(stack, name, { database, role: p.role.ref('name') }, p.tables, {
      provider: pg.admin,
      depends_on: [cloudRun],
    });
    const slot = stack.resource(
      'postgresql_replication_slot',
      pgFragment(p.name),
      { name: replicationSlot(p.name), database, plugin: 'pgoutput' },
      { provider: pg.replication!, depends_on: [publication] },
    );
    out.set(p.name, [publication, schema, select, slot]);
  }
  return out;
}
