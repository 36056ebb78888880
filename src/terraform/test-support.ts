/**
 * Test helpers for the terraform layer (not exported from the package): a stack with the usual
 * providers, and a realistic Cloud Run stack shaped like MSP's `cloudrun` stack.
 */

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: test stacks hold literal ${ on purpose, to show it stays literal

import fc from 'fast-check';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { fn, interpolate } from './expr.ts';
import { PROVIDERS } from './providers.ts';
import { createStack, type Stack } from './stack.ts';

/** The header every test stack uses. */
export const TEST_HEADER = {
  tool: 'msp',
  version: '0.0.0-test',
  source: 'services/example/service.yaml',
} as const;

/** An empty stack requiring google, random, cloudflare and tfe. */
export function newStack(name = 'test'): Stack {
  const s = createStack({ name, header: TEST_HEADER, requiredVersion: '~> 1.7.5' });
  s.requireProvider('google', PROVIDERS.google);
  s.requireProvider('random', PROVIDERS.random);
  s.requireProvider('cloudflare', PROVIDERS.cloudflare);
  s.requireProvider('tfe', PROVIDERS.tfe);
  return s;
}

/** Fragments that stress template escaping. */
export const TRICKY_FRAGMENTS = [
  '${',
  '%{',
  '$${',
  '%%{',
  '$',
  '%',
  '{',
  '}',
  '"',
  '\\',
  '\n',
  '\r\n',
  '\t',
  'é',
  '😀',
  '~}',
];

/** Strings built from tricky fragments and arbitrary code points (no lone surrogates). */
export function trickyString(): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...TRICKY_FRAGMENTS), fc.string({ unit: 'binary', maxLength: 4 })), {
      maxLength: 12,
    })
    .map((parts) => parts.join(''));
}

/** Codes of the diagnostics, in order. */
export function codes(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => d.code);
}

/** A realistic `cloudrun` stack for service `svc<i>` (about 30 blocks, nested Cloud Run template). */
export function buildCloudRunStack(i = 0): Stack {
  const id = `svc${i}`;
  const s = createStack({
    name: 'cloudrun',
    header: { tool: 'msp', version: '0.1.0', source: `services/${id}/service.yaml` },
    requiredVersion: '~> 1.7.5',
    backend: {
      type: 'cloud',
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: `msp-${id}-prod-cloudrun` },
    },
  });
  s.requireProvider('google', PROVIDERS.google);
  s.requireProvider('random', PROVIDERS.random);
  s.requireProvider('cloudflare', PROVIDERS.cloudflare);

  const project = s.remoteState('cross-stack-reference-input-project', {
    backend: 'remote',
    config: {
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: `msp-${id}-prod-project` },
    },
  });
  const iam = s.remoteState('cross-stack-reference-input-iam', {
    backend: 'remote',
    config: {
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: `msp-${id}-prod-iam` },
    },
  });
  const projectId = project.output('cross-stack-output-google_projectproject_id');
  const saEmail = iam.output('cross-stack-output-google_service_accountworkloademail');
  s.provider('google', { project: projectId, region: 'us-central1' });
  const token = s.data('google_secret_manager_secret_version', 'cloudflare-provider-token-version_data', {
    project: 'shared-secrets',
    secret: 'CLOUDFLARE_API_TOKEN',
  });
  s.provider('cloudflare', { api_token: token.ref('secret_data') });
  const projectLocal = s.local('project_id', projectId);

  const diag = s.resource('random_id', 'diagnostics-secret-random', { byte_length: 8 });
  const network = s.resource('google_compute_network', 'cloudrun-network', {
    project: projectLocal.ref(),
    name: id,
    auto_create_subnetworks: false,
  });
  const subnetName = s.resource('random_id', 'privatenetwork-subnetwork-name-random', {
    prefix: `${id}-`,
    byte_length: 4,
    keepers: { ipcidrrange: '172.16.0.0/12' },
  });
  const subnet = s.resource(
    'google_compute_subnetwork',
    'cloudrun-subnetwork',
    {
      project: projectLocal.ref(),
      region: 'us-central1',
      name: subnetName.ref('hex'),
      network: network.id,
      ip_cidr_range: '172.16.0.0/12',
      private_ip_google_access: true,
      private_ipv6_google_access: 'DISABLE_GOOGLE_ACCESS',
      log_config: [
        { aggregation_interval: 'INTERVAL_10_MIN', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
      ],
    },
    { lifecycle: { create_before_destroy: true } },
  );
  const address = s.resource(
    'google_compute_global_address',
    'cloudrun-network-service-networking-connection-ip',
    {
      project: projectLocal.ref(),
      name: `${id}-service-networking-connection`,
      purpose: 'VPC_PEERING',
      address_type: 'INTERNAL',
      prefix_length: 16,
      network: network.id,
    },
  );
  const peering = s.resource(
    'google_service_networking_connection',
    'cloudrun-network-service-networking-connection',
    {
      network: network.id,
      service: 'servicenetworking.googleapis.com',
      reserved_peering_ranges: [address.ref('name')],
    },
  );

  const redis = s.resource(
    'google_redis_instance',
    'redis-instance',
    {
      project: projectLocal.ref(),
      region: 'us-central1',
      name: 'redis-basic',
      display_name: 'Zonal Redis (basic)',
      tier: 'BASIC',
      memory_size_gb: 1,
      auth_enabled: true,
      transit_encryption_mode: 'SERVER_AUTHENTICATION',
      authorized_network: network.ref('self_link'),
      persistence_config: [{ persistence_mode: 'RDB', rdb_snapshot_period: 'TWENTY_FOUR_HOURS' }],
    },
    { lifecycle: { create_before_destroy: true } },
  );
  const caSecret = s.resource('google_secret_manager_secret', 'redis-ca-cert-secret', {
    project: projectLocal.ref(),
    secret_id: 'REDIS_CA_CERT',
    replication: [{ auto: [{}] }],
  });
  const caVersion = s.resource('google_secret_manager_secret_version', 'redis-ca-cert-secret_version', {
    secret: caSecret.id,
    secret_data: redis.ref('server_ca_certs[0].cert'),
  });

  const suffix = s.resource('random_id', 'postgresql-instance_name_suffix-random', { byte_length: 2 });
  const sql = s.resource(
    'google_sql_database_instance',
    'postgresql-instance',
    {
      project: projectLocal.ref(),
      region: 'us-central1',
      name: interpolate`postgresql-${suffix.ref('hex')}`,
      database_version: 'POSTGRES_15',
      deletion_protection: true,
      settings: [
        {
          tier: 'db-custom-1-4096',
          availability_type: 'ZONAL',
          disk_type: 'PD_SSD',
          disk_size: 10,
          disk_autoresize: true,
          disk_autoresize_limit: 0,
          database_flags: [{ name: 'cloudsql.iam_authentication', value: 'on' }],
          backup_configuration: [
            {
              enabled: true,
              point_in_time_recovery_enabled: false,
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
              ipv4_enabled: true,
              private_network: network.id,
              ssl_mode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
              enable_private_path_for_google_cloud_services: true,
            },
          ],
        },
      ],
    },
    {
      depends_on: [peering],
      lifecycle: { prevent_destroy: true, ignore_changes: ['settings[0].disk_size'] },
    },
  );
  const db = s.resource('google_sql_database', 'postgresql-database-primary', {
    project: projectLocal.ref(),
    instance: sql.ref('name'),
    name: 'primary',
    deletion_policy: 'ABANDON',
  });
  const adminPassword = s.resource('random_password', 'postgresql-admin_password', {
    length: 32,
    special: false,
  });
  s.resource('google_sql_user', 'postgresql-admin_user', {
    project: projectLocal.ref(),
    instance: sql.ref('name'),
    name: 'msp-admin',
    password: adminPassword.ref('result'),
    deletion_policy: 'ABANDON',
  });
  s.resource(
    'google_sql_user',
    'postgresql-workload_service_account_user',
    {
      project: projectLocal.ref(),
      instance: sql.ref('name'),
      type: 'CLOUD_IAM_SERVICE_ACCOUNT',
      name: fn('trimsuffix', saEmail, '.gserviceaccount.com'),
      deletion_policy: 'ABANDON',
    },
    { depends_on: [db] },
  );

  const service = s.resource(
    'google_cloud_run_v2_service',
    'cloudrun',
    {
      project: projectLocal.ref(),
      name: `${id}-prod-us-central1`,
      location: 'us-central1',
      ingress: 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
      deletion_protection: false,
      template: [
        {
          service_account: saEmail,
          timeout: '300s',
          max_instance_request_concurrency: 80,
          scaling: [{ min_instance_count: 0, max_instance_count: 5 }],
          vpc_access: [
            {
              egress: 'PRIVATE_RANGES_ONLY',
              network_interfaces: [{ network: network.id, subnetwork: subnet.id }],
            },
          ],
          containers: [
            {
              image: `us-docker.pkg.dev/acme/${id}:insiders`,
              ports: [{ container_port: 9992, name: 'http1' }],
              resources: [{ limits: { cpu: '1', memory: '512Mi' }, cpu_idle: true, startup_cpu_boost: true }],
              env: [
                { name: 'MSP', value: 'true' },
                { name: 'ENVIRONMENT_ID', value: 'prod' },
                { name: 'DIAGNOSTICS_SECRET', value: diag.ref('hex') },
                {
                  name: 'REDIS_ENDPOINT',
                  value: interpolate`rediss://:${redis.ref('auth_string')}@${redis.ref('host')}:${redis.ref('port')}`,
                },
                { name: 'PGHOST', value: sql.ref('private_ip_address') },
                { name: 'PGDATABASE', value: db.ref('name') },
                { name: 'LITERAL_TEMPLATE', value: 'not ${interpolated} %{ at all }' },
                {
                  name: 'SENTRY_DSN',
                  value_source: [{ secret_key_ref: [{ secret: 'SENTRY_DSN', version: 'latest' }] }],
                },
              ],
              volume_mounts: [{ name: 'redis-ca-cert', mount_path: '/etc/ssl/custom-certs' }],
              startup_probe: [
                {
                  initial_delay_seconds: 0,
                  timeout_seconds: 1,
                  period_seconds: 1,
                  failure_threshold: 3,
                  tcp_socket: [{ port: 9992 }],
                },
              ],
              liveness_probe: [
                {
                  timeout_seconds: 3,
                  period_seconds: 3,
                  failure_threshold: 2,
                  http_get: [
                    {
                      path: '/-/healthz',
                      port: 9992,
                      http_headers: [
                        { name: 'Authorization', value: interpolate`Bearer ${diag.ref('hex')}` },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
          volumes: [
            {
              name: 'redis-ca-cert',
              secret: [
                {
                  secret: caSecret.ref('secret_id'),
                  items: [{ version: caVersion.ref('version'), path: 'redis-ca-cert.pem', mode: 292 }],
                },
              ],
            },
          ],
        },
      ],
      traffic: [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 }],
    },
    { lifecycle: { ignore_changes: ['template[0].containers[0].image'] } },
  );
  s.resource('google_cloud_run_v2_service_iam_member', 'cloudrun-allusers-runinvoker', {
    project: projectLocal.ref(),
    location: service.ref('location'),
    name: service.ref('name'),
    role: 'roles/run.invoker',
    member: 'allUsers',
  });

  const neg = s.resource('google_compute_region_network_endpoint_group', 'loadbalancer-neg', {
    project: projectLocal.ref(),
    name: `${id}-prod-us-central1`,
    region: 'us-central1',
    network_endpoint_type: 'SERVERLESS',
    cloud_run: [{ service: service.ref('name') }],
  });
  const backend = s.resource('google_compute_backend_service', 'loadbalancer-backend', {
    project: projectLocal.ref(),
    name: `${id}-prod-us-central1`,
    protocol: 'HTTPS',
    port_name: 'http',
    load_balancing_scheme: 'EXTERNAL',
    backend: [{ group: neg.id }],
    log_config: [{ enable: true, sample_rate: 1 }],
  });
  const urlMap = s.resource('google_compute_url_map', 'loadbalancer-urlmap', {
    project: projectLocal.ref(),
    name: `${id}-prod-us-central1`,
    default_service: backend.id,
  });
  const cert = s.resource('google_compute_ssl_certificate', 'loadbalancer-origin-cert', {
    project: projectLocal.ref(),
    name_prefix: `${id}-origin-`,
    private_key: 'PLACEHOLDER',
    certificate: 'PLACEHOLDER',
  });
  const proxy = s.resource('google_compute_target_https_proxy', 'loadbalancer-https-proxy', {
    project: projectLocal.ref(),
    name: `${id}-prod-us-central1-https`,
    url_map: urlMap.id,
    ssl_certificates: [cert.id],
  });
  const ip = s.resource('google_compute_global_address', 'loadbalancer-address', {
    project: projectLocal.ref(),
    name: 'loadbalancer',
  });
  s.resource('google_compute_global_forwarding_rule', 'loadbalancer-forwarding-rule', {
    project: projectLocal.ref(),
    name: `${id}-prod-us-central1`,
    target: proxy.id,
    port_range: '443',
    ip_address: ip.ref('address'),
    load_balancing_scheme: 'EXTERNAL',
  });
  const zone = s.data('cloudflare_zones', 'zones', { name: 'example.com' });
  s.resource('cloudflare_dns_record', 'loadbalancer-dns', {
    zone_id: zone.ref('result[0].id'),
    name: `${id}.example.com`,
    type: 'A',
    content: ip.ref('address'),
    proxied: true,
    ttl: 1,
    comment: 'Managed by msp: ${not a template}',
  });

  s.output('output-cloud_run_resource_name', {
    value: service.ref('name'),
    description: 'Cloud Run resource name',
  });
  s.output('output-cloud_run_location', {
    value: service.ref('location'),
    description: 'Cloud Run resource location',
  });
  s.output('cross-stack-output-random_iddiagnostics-secret-randomhex', {
    value: diag.ref('hex'),
    sensitive: true,
  });
  s.output('cross-stack-output-google_redis_instanceredis-instanceid', { value: redis.id, sensitive: true });
  return s;
}
