/**
 * The private network an environment gets when it uses PostgreSQL or Redis
 * (docs/cloudrun-stack.md "What it contains"): a VPC named after the service, one regional subnet with Private Google Access
 * and flow logs, and a Service Networking peering range so Cloud SQL and Memorystore get private
 * addresses in it. Cloud Run reaches it through Direct VPC egress (private ranges only).
 */
import type { EnvironmentSpec, ServiceSpec } from '../../spec/model.ts';
import type { ResourceHandle, Stack } from '../../terraform/index.ts';

/** The subnet Cloud Run's Direct VPC egress uses. */
const SUBNET_CIDR = '172.16.0.0/12';
/** Size of the range reserved for Service Networking peering (Cloud SQL, Memorystore). */
const PEERING_PREFIX_LENGTH = 16;

/** The network resources, for references. */
export interface PrivateNetwork {
  network: ResourceHandle<'google_compute_network'>;
  subnetwork: ResourceHandle<'google_compute_subnetwork'>;
  peeringRange: ResourceHandle<'google_compute_global_address'>;
  /** Private services access; Cloud SQL must wait for it. */
  connection: ResourceHandle<'google_service_networking_connection'>;
}

/** True when the environment needs the private network. */
export function needsPrivateNetwork(env: EnvironmentSpec): boolean {
  return env.resources.postgreSQL !== undefined || env.resources.redis !== undefined;
}

/**
 * Adds `google_compute_network.private_network`, `google_compute_subnetwork.private_network`,
 * `google_compute_global_address.private_network_peering` and
 * `google_service_networking_connection.private_network`.
 */
export function addPrivateNetwork(stack: Stack, spec: ServiceSpec, env: EnvironmentSpec): PrivateNetwork {
  const region = env.locations.gcpRegion;
  const network = stack.resource('google_compute_network', 'private_network', {
    name: spec.id,
    auto_create_subnetworks: false,
  });
  const subnetwork = stack.resource(
    'google_compute_subnetwork',
    'private_network',
    {
      // The name changes with the region, so create-before-destroy never collides.
      name: `${spec.id}-${region}`,
      region,
      network: network.id,
      ip_cidr_range: SUBNET_CIDR,
      private_ip_google_access: true,
      private_ipv6_google_access: 'DISABLE_GOOGLE_ACCESS',
      log_config: [
        { aggregation_interval: 'INTERVAL_10_MIN', flow_sampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
      ],
    },
    { lifecycle: { create_before_destroy: true } },
  );
  const peeringRange = stack.resource('google_compute_global_address', 'private_network_peering', {
    name: `${spec.id}-service-networking-connection`,
    purpose: 'VPC_PEERING',
    address_type: 'INTERNAL',
    prefix_length: PEERING_PREFIX_LENGTH,
    network: network.id,
  });
  const connection = stack.resource('google_service_networking_connection', 'private_network', {
    network: network.id,
    service: 'servicenetworking.googleapis.com',
    reserved_peering_ranges: [peeringRange.ref('name')],
    // Deleting the peering fails while producer resources still exist; leave it to the project.
    deletion_policy: 'ABANDON',
  });
  return { network, subnetwork, peeringRange, connection };
}
