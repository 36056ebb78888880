/**
 * The naming rules of every resource attribute the stacks write a name into, as the GCP APIs,
 * the Terraform providers and Terraform Cloud document them. The schema check
 * (`check-names.ts`) checks every literal name against this table, so a name an API would
 * reject is an error at generate time instead of at the first apply. docs/naming.md shows the
 * same table for readers, generated from it (`naming-doc.ts`, refreshed by `npm run goldens`).
 *
 * A rule gives the length range and, where the API documents one, the pattern. Lengths are in
 * characters (UTF-16 code units; every pattern below is ASCII except BigQuery table IDs).
 */

export interface NameRule {
  /** What the rule applies to, for messages: "Compute Engine resource name". */
  readonly what: string;
  readonly min: number;
  readonly max: number;
  /** The whole name must match (anchored). */
  readonly pattern?: RegExp;
  /** The pattern in words, for messages. */
  readonly patternText?: string;
  /** Where the rule is documented. */
  readonly doc: string;
}

/** RFC 1035 label: a lowercase letter, then lowercase letters, digits, `-`; not ending in `-`. */
const RFC1035 = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;
const RFC1035_TEXT = 'a lowercase letter, then lowercase letters, digits or "-", not ending with "-"';

const COMPUTE: NameRule = {
  what: 'Compute Engine resource name',
  min: 1,
  max: 63,
  pattern: RFC1035,
  patternText: RFC1035_TEXT,
  doc: 'https://cloud.google.com/compute/docs/naming-resources',
};

/** Resource IDs of the newer Google APIs (AIP-122): 1–63 characters, RFC 1035. */
const AIP_122 = (what: string, doc: string): NameRule => ({
  what,
  min: 1,
  max: 63,
  pattern: RFC1035,
  patternText: RFC1035_TEXT,
  doc,
});

/**
 * A PostgreSQL identifier (role, database, schema, publication): at most 63 bytes
 * (`NAMEDATALEN - 1`); longer names are silently truncated by the server, so two names could
 * collide. Quoted identifiers may hold any character, so there is no pattern.
 */
const PG_IDENTIFIER = (what: string): NameRule => ({
  what,
  min: 1,
  max: 63,
  doc: 'https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS',
});

/** GCP resource labels (keys and values), on every resource that has them. */
export const LABEL_KEY: NameRule = {
  what: 'GCP label key',
  min: 1,
  max: 63,
  pattern: /^[a-z][a-z0-9_-]*$/,
  patternText: 'a lowercase letter, then lowercase letters, digits, "_" or "-"',
  doc: 'https://cloud.google.com/resource-manager/docs/labels-overview#requirements',
};
export const LABEL_VALUE: NameRule = {
  what: 'GCP label value',
  min: 0,
  max: 63,
  pattern: /^[a-z0-9_-]*$/,
  patternText: 'lowercase letters, digits, "_" or "-"',
  doc: 'https://cloud.google.com/resource-manager/docs/labels-overview#requirements',
};

/**
 * `resource type` → `attribute` → rule. Only top-level attributes of resource bodies; every
 * attribute listed here is a name (or ID) the API stores and validates.
 */
export const NAMING_RULES: Readonly<Record<string, Readonly<Record<string, NameRule>>>> = {
  // --- Cloud Run ---
  google_cloud_run_v2_service: {
    name: {
      what: 'Cloud Run service name',
      min: 1,
      max: 49,
      pattern: RFC1035,
      patternText: RFC1035_TEXT,
      doc: 'https://cloud.google.com/run/docs/deploying',
    },
  },
  google_cloud_run_v2_job: {
    name: AIP_122(
      'Cloud Run job name',
      'https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.jobs',
    ),
  },
  google_cloud_scheduler_job: {
    name: {
      what: 'Cloud Scheduler job ID',
      min: 1,
      max: 500,
      pattern: /^[A-Za-z0-9_-]+$/,
      patternText: 'letters, digits, "_" or "-"',
      doc: 'https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs',
    },
  },
  // --- Compute Engine: load balancer, Cloud Armor, certificates, network ---
  google_compute_backend_service: { name: COMPUTE },
  google_compute_url_map: { name: COMPUTE },
  google_compute_target_https_proxy: { name: COMPUTE },
  google_compute_global_forwarding_rule: { name: COMPUTE },
  google_compute_global_address: { name: COMPUTE },
  google_compute_security_policy: { name: COMPUTE },
  google_compute_ssl_policy: { name: COMPUTE },
  google_compute_managed_ssl_certificate: { name: COMPUTE },
  google_compute_ssl_certificate: {
    name: COMPUTE,
    name_prefix: {
      what: 'SSL certificate name prefix',
      min: 1,
      max: 54,
      pattern: /^[a-z][-a-z0-9]*$/,
      patternText: 'a lowercase letter, then lowercase letters, digits or "-"',
      doc: 'https://registry.terraform.io/providers/hashicorp/google/7.9.0/docs/resources/compute_ssl_certificate#name_prefix',
    },
  },
  google_compute_region_network_endpoint_group: { name: COMPUTE },
  google_compute_network: { name: COMPUTE },
  google_compute_subnetwork: { name: COMPUTE },
  google_compute_firewall: { name: COMPUTE },
  google_compute_instance: { name: COMPUTE },
  // --- Memorystore, Cloud SQL ---
  google_redis_instance: {
    name: {
      what: 'Memorystore for Redis instance ID',
      min: 1,
      max: 40,
      pattern: RFC1035,
      patternText: RFC1035_TEXT,
      doc: 'https://cloud.google.com/memorystore/docs/redis/reference/rest/v1/projects.locations.instances/create',
    },
  },
  google_sql_database_instance: {
    name: {
      what: 'Cloud SQL instance ID',
      min: 1,
      max: 98,
      pattern: RFC1035,
      patternText: RFC1035_TEXT,
      doc: 'https://cloud.google.com/sql/docs/postgres/create-instance#create-2nd-gen',
    },
  },
  google_sql_database: {
    name: {
      what: 'PostgreSQL database name',
      min: 1,
      max: 63,
      doc: 'https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS',
    },
  },
  google_sql_user: {
    name: {
      what: 'PostgreSQL role name',
      min: 1,
      max: 63,
      doc: 'https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS',
    },
  },
  // --- PostgreSQL provider (cyrilgdn/postgresql): roles, grants, publications, slots ---
  postgresql_role: { name: PG_IDENTIFIER('PostgreSQL role name') },
  postgresql_grant_role: {
    role: PG_IDENTIFIER('PostgreSQL role name'),
    grant_role: PG_IDENTIFIER('PostgreSQL role name'),
  },
  postgresql_grant: {
    role: PG_IDENTIFIER('PostgreSQL role name'),
    database: PG_IDENTIFIER('PostgreSQL database name'),
    schema: PG_IDENTIFIER('PostgreSQL schema name'),
  },
  postgresql_default_privileges: {
    role: PG_IDENTIFIER('PostgreSQL role name'),
    owner: PG_IDENTIFIER('PostgreSQL role name'),
    database: PG_IDENTIFIER('PostgreSQL database name'),
    schema: PG_IDENTIFIER('PostgreSQL schema name'),
  },
  postgresql_publication: {
    name: PG_IDENTIFIER('PostgreSQL publication name'),
    database: PG_IDENTIFIER('PostgreSQL database name'),
  },
  postgresql_replication_slot: {
    name: {
      what: 'PostgreSQL replication slot name',
      min: 1,
      max: 63,
      pattern: /^[a-z0-9_]+$/,
      patternText: 'lowercase letters, digits or "_"',
      doc: 'https://www.postgresql.org/docs/15/warm-standby.html#STREAMING-REPLICATION-SLOTS-MANIPULATION',
    },
    database: PG_IDENTIFIER('PostgreSQL database name'),
  },
  // --- IAM, projects ---
  google_service_account: {
    account_id: {
      what: 'service account ID',
      min: 6,
      max: 30,
      pattern: /^[a-z](?:[-a-z0-9]*[a-z0-9])$/,
      patternText: RFC1035_TEXT,
      doc: 'https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create',
    },
    display_name: {
      what: 'service account display name',
      min: 0,
      max: 100,
      doc: 'https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts#ServiceAccount',
    },
  },
  google_project_iam_custom_role: {
    role_id: {
      what: 'custom role ID',
      min: 3,
      max: 64,
      pattern: /^[a-zA-Z0-9_.]+$/,
      patternText: 'letters, digits, "_" or "."',
      doc: 'https://cloud.google.com/iam/docs/reference/rest/v1/projects.roles/create',
    },
    title: {
      what: 'custom role title',
      min: 0,
      max: 100,
      doc: 'https://cloud.google.com/iam/docs/reference/rest/v1/organizations.roles#Role',
    },
  },
  google_project: {
    project_id: {
      what: 'project ID',
      min: 6,
      max: 30,
      pattern: /^[a-z][a-z0-9-]*[a-z0-9]$/,
      patternText: 'a lowercase letter, then lowercase letters, digits or "-", not ending with "-"',
      doc: 'https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin',
    },
    name: {
      what: 'project display name',
      min: 4,
      max: 30,
      pattern: /^[A-Za-z0-9 '"!-]+$/,
      patternText: 'letters, digits, spaces and the characters - \' " !',
      doc: 'https://cloud.google.com/resource-manager/reference/rest/v3/projects#Project',
    },
  },
  // --- Storage, BigQuery, Secret Manager, Pub/Sub ---
  google_storage_bucket: {
    name: {
      what: 'Cloud Storage bucket name',
      min: 3,
      max: 63,
      pattern: /^(?!goog)[a-z0-9][a-z0-9_.-]*[a-z0-9]$/,
      patternText:
        'lowercase letters, digits, "-", "_" or ".", starting and ending with a letter or digit, not starting with "goog"',
      doc: 'https://cloud.google.com/storage/docs/buckets#naming',
    },
  },
  google_bigquery_dataset: {
    dataset_id: {
      what: 'BigQuery dataset ID',
      min: 1,
      max: 1024,
      pattern: /^[A-Za-z0-9_]+$/,
      patternText: 'letters, digits or "_"',
      doc: 'https://cloud.google.com/bigquery/docs/datasets#dataset-naming',
    },
  },
  google_bigquery_table: {
    table_id: {
      what: 'BigQuery table ID',
      min: 1,
      max: 1024,
      pattern: /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]+$/u,
      patternText: 'letters, marks, digits, connectors (such as "_"), dashes and spaces',
      doc: 'https://cloud.google.com/bigquery/docs/tables#table_naming',
    },
  },
  google_secret_manager_secret: {
    secret_id: {
      what: 'Secret Manager secret ID',
      min: 1,
      max: 255,
      pattern: /^[A-Za-z0-9_-]+$/,
      patternText: 'letters, digits, "_" or "-"',
      doc: 'https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create',
    },
  },
  google_pubsub_topic: {
    name: {
      what: 'Pub/Sub topic ID',
      min: 3,
      max: 255,
      pattern: /^(?!goog)[A-Za-z][A-Za-z0-9._~+%-]*$/,
      patternText: 'a letter, then letters, digits or - . _ ~ + %; not starting with "goog"',
      doc: 'https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names',
    },
  },
  google_pubsub_subscription: {
    name: {
      what: 'Pub/Sub subscription ID',
      min: 3,
      max: 255,
      pattern: /^(?!goog)[A-Za-z][A-Za-z0-9._~+%-]*$/,
      patternText: 'a letter, then letters, digits or - . _ ~ + %; not starting with "goog"',
      doc: 'https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names',
    },
  },
  // --- Cloud Deploy, Datastream ---
  google_clouddeploy_delivery_pipeline: {
    name: AIP_122(
      'Cloud Deploy delivery pipeline name',
      'https://cloud.google.com/deploy/docs/api/reference/rest/v1/projects.locations.deliveryPipelines/create',
    ),
  },
  google_clouddeploy_target: {
    name: AIP_122(
      'Cloud Deploy target name',
      'https://cloud.google.com/deploy/docs/api/reference/rest/v1/projects.locations.targets/create',
    ),
  },
  google_clouddeploy_custom_target_type: {
    name: AIP_122(
      'Cloud Deploy custom target type name',
      'https://cloud.google.com/deploy/docs/api/reference/rest/v1/projects.locations.customTargetTypes/create',
    ),
  },
  google_datastream_private_connection: {
    private_connection_id: AIP_122(
      'Datastream private connection ID',
      'https://cloud.google.com/datastream/docs/reference/rest/v1/projects.locations.privateConnections/create',
    ),
  },
  google_datastream_connection_profile: {
    connection_profile_id: AIP_122(
      'Datastream connection profile ID',
      'https://cloud.google.com/datastream/docs/reference/rest/v1/projects.locations.connectionProfiles/create',
    ),
  },
  // --- Monitoring, Logging ---
  google_monitoring_alert_policy: {
    display_name: {
      what: 'alert policy display name',
      min: 1,
      max: 512,
      doc: 'https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.alertPolicies#AlertPolicy',
    },
  },
  google_monitoring_notification_channel: {
    display_name: {
      what: 'notification channel display name',
      min: 0,
      max: 512,
      doc: 'https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.notificationChannels#NotificationChannel',
    },
  },
  google_logging_metric: {
    name: {
      what: 'log-based metric name',
      min: 1,
      max: 100,
      pattern: /^[A-Za-z0-9_.,+!*'()%/\\-]+$/,
      patternText: "letters, digits and _ - . , + ! * ' ( ) % / \\",
      doc: 'https://cloud.google.com/logging/docs/reference/v2/rest/v2/projects.metrics#LogMetric',
    },
  },
  // --- Terraform Cloud ---
  tfe_workspace: {
    name: {
      what: 'Terraform Cloud workspace name',
      min: 1,
      max: 90,
      pattern: /^[A-Za-z0-9_-]+$/,
      patternText: 'letters, digits, "_" or "-"',
      doc: 'https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create',
    },
  },
  tfe_project: {
    name: {
      what: 'Terraform Cloud project name',
      min: 3,
      max: 40,
      pattern: /^[A-Za-z0-9_-](?:[A-Za-z0-9 _-]*[A-Za-z0-9_-])?$/,
      patternText: 'letters, digits, "_", "-" and inner spaces',
      doc: 'https://developer.hashicorp.com/terraform/cloud-docs/api-docs/projects#create-a-project',
    },
  },
  // --- Cloudflare ---
  cloudflare_dns_record: {
    name: {
      what: 'DNS record name',
      min: 1,
      max: 253,
      pattern:
        /^(?:\*\.)?(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i,
      patternText: 'dot-separated labels of at most 63 letters, digits or "-"',
      doc: 'https://developers.cloudflare.com/dns/manage-dns-records/reference/dns-record-types/',
    },
  },
};

/**
 * Map attributes holding GCP resource labels, by resource type: each key and value is checked
 * against {@link LABEL_KEY} and {@link LABEL_VALUE}.
 */
export const LABEL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  google_project: ['labels'],
  google_bigquery_dataset: ['labels'],
  google_bigquery_table: ['labels'],
  google_compute_instance: ['labels'],
  google_datastream_private_connection: ['labels'],
  google_datastream_connection_profile: ['labels'],
  google_secret_manager_secret: ['labels'],
  google_storage_bucket: ['labels'],
  google_redis_instance: ['labels'],
  google_cloud_run_v2_service: ['labels'],
  google_cloud_run_v2_job: ['labels'],
  google_clouddeploy_delivery_pipeline: ['labels'],
  google_clouddeploy_target: ['labels'],
  google_clouddeploy_custom_target_type: ['labels'],
  google_pubsub_topic: ['labels'],
  google_pubsub_subscription: ['labels'],
  google_monitoring_alert_policy: ['user_labels'],
  google_monitoring_notification_channel: ['user_labels'],
  google_monitoring_custom_service: ['user_labels'],
  google_monitoring_slo: ['user_labels'],
};
