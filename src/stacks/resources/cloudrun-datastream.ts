/**
 * Datastream plumbing for PostgreSQL logical-replication publications (docs/cloudrun-stack.md):
 * Datastream cannot peer with Cloud SQL's private network directly, so a small VM runs the Cloud
 * SQL Auth Proxy on the environment network; a Datastream private connection peers with that
 * network, firewall rules admit Datastream (and IAP SSH for operators), and each publication gets
 * a connection profile that reads its user's password from Secret Manager.
 *
 * Each profile waits for its publication, grants and replication slot (`addPublications`); it is
 * created without validation, because the proxy VM may still be starting when it is created.
 */

import { datastreamSaEmail } from '../../naming/names.ts';
import type { EnvironmentSpec } from '../../spec/model.ts';
import { type Dependable, interpolate, type Stack } from '../../terraform/index.ts';
import { labelValue } from '../project.ts';
import type { PrivateNetwork } from './network.ts';
import type { PostgreSQLResources } from './postgresql.ts';
import { replicationSlot } from './postgresql.ts';

/** Name of the proxy VM, its network tag, the private connection ID and the firewall prefix. */
const DATASTREAM_PROXY = 'msp-datastream-cloudsqlproxy';
/** The range Datastream's private connection peers from. */
const DATASTREAM_SUBNET = '10.126.0.0/29';
/** Google's IAP TCP-forwarding range, for operators' SSH to the proxy VM. */
const IAP_RANGE = '35.235.240.0/20';
/** Cloud SQL Auth Proxy image run on the VM (pinned; bump deliberately). */
const CLOUD_SQL_PROXY_IMAGE = 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1';

/**
 * A Datastream resource ID from a publication name: lower case, `-` for anything else, no
 * trailing `-` (IDs must end with a letter or digit).
 */
function datastreamId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+$/, '');
}

/**
 * Adds the proxy VM (`google_compute_instance.datastream_proxy`), the private connection, the
 * two firewall rules and one `google_datastream_connection_profile.datastream_<publication>` per
 * publication. Call only when `pg.publications` is non-empty.
 */
export function addDatastream(
  stack: Stack,
  env: EnvironmentSpec,
  network: PrivateNetwork,
  pg: PostgreSQLResources,
  publicationsReady: ReadonlyMap<string, readonly Dependable[]>,
): void {
  const region = env.locations.gcpRegion;
  const cloudInit = interpolate`#cloud-config
write_files:
  - path: /etc/systemd/system/cloudsqlproxy.service
    permissions: "0644"
    content: |
      [Unit]
      Description=Cloud SQL Auth Proxy for Datastream
      Wants=network-online.target docker.socket
      After=network-online.target docker.socket
      [Service]
      ExecStartPre=/usr/bin/docker-credential-gcr configure-docker --registries gcr.io
      ExecStart=/usr/bin/docker run --rm --name=cloudsqlproxy --network=host ${CLOUD_SQL_PROXY_IMAGE} --private-ip --address=0.0.0.0 --port=5432 ${pg.instance.ref('connection_name')}
      ExecStop=/usr/bin/docker stop cloudsqlproxy
      Restart=always
runcmd:
  - systemctl daemon-reload
  - systemctl start cloudsqlproxy.service
`;
  const vm = stack.resource('google_compute_instance', 'datastream_proxy', {
    name: DATASTREAM_PROXY,
    machine_type: 'e2-micro',
    zone: `${region}-a`,
    tags: [DATASTREAM_PROXY],
    labels: { 'container-vm': DATASTREAM_PROXY, msp: 'true' },
    boot_disk: [{ initialize_params: [{ image: 'cos-cloud/cos-stable', size: 10 }] }],
    // No external address: the subnet has Private Google Access, enough to pull from gcr.io.
    network_interface: [{ network: network.network.id, subnetwork: network.subnetwork.id }],
    service_account: [
      { email: datastreamSaEmail(env), scopes: ['https://www.googleapis.com/auth/cloud-platform'] },
    ],
    shielded_instance_config: [
      { enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true },
    ],
    metadata: { 'user-data': cloudInit, 'google-logging-enabled': 'true' },
    allow_stopping_for_update: true,
  });
  const connection = stack.resource('google_datastream_private_connection', 'datastream', {
    private_connection_id: DATASTREAM_PROXY,
    display_name: DATASTREAM_PROXY,
    location: region,
    labels: { msp: 'true' },
    vpc_peering_config: [{ vpc: network.network.id, subnet: DATASTREAM_SUBNET }],
  });
  const datastreamIngress = stack.resource('google_compute_firewall', 'datastream_ingress', {
    name: `${DATASTREAM_PROXY}-datastream-ingress`,
    network: network.network.id,
    direction: 'INGRESS',
    priority: 1000,
    source_ranges: [DATASTREAM_SUBNET],
    target_tags: [DATASTREAM_PROXY],
    allow: [{ protocol: 'tcp', ports: ['5432'] }],
  });
  stack.resource('google_compute_firewall', 'datastream_iap_ingress', {
    name: `${DATASTREAM_PROXY}-iap-ingress`,
    network: network.network.id,
    direction: 'INGRESS',
    priority: 1000,
    source_ranges: [IAP_RANGE],
    target_tags: [DATASTREAM_PROXY],
    allow: [{ protocol: 'tcp', ports: ['22'] }],
  });

  // Datastream's service agent reads the publication users' passwords.
  const project = stack.data('google_project', 'datastream', { project_id: env.projectID });
  const agent = interpolate`serviceAccount:service-${project.ref('number')}@gcp-sa-datastream.iam.gserviceaccount.com`;
  for (const p of pg.publications) {
    const name = datastreamId(p.name).replaceAll('-', '_');
    const access = stack.resource('google_secret_manager_secret_iam_member', `datastream_${name}_password`, {
      secret_id: p.password.secret.id,
      role: 'roles/secretmanager.secretAccessor',
      member: agent,
    });
    const deps: Dependable[] = [access, datastreamIngress, ...(publicationsReady.get(p.name) ?? [])];
    stack.resource(
      'google_datastream_connection_profile',
      `datastream_${name}`,
      {
        connection_profile_id: `msp-publication-${datastreamId(p.name)}`,
        display_name: `MSP Publication - ${p.name}`,
        location: region,
        labels: {
          msp: 'true',
          database: labelValue(p.database),
          pg_publication: labelValue(p.name),
          pg_replication_slot: labelValue(replicationSlot(p.name)),
        },
        create_without_validation: true,
        postgresql_profile: [
          {
            hostname: vm.ref('network_interface[0].network_ip'),
            port: 5432,
            database: p.database,
            username: p.role.ref('name'),
            secret_manager_stored_password: p.password.version.ref('name'),
          },
        ],
        private_connectivity: [{ private_connection: connection.id }],
      },
      { depends_on: deps },
    );
  }
}
