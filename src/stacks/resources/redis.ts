/**
 * Memorystore for Redis: AUTH and TLS
 * (server authentication) always on, RDB snapshots every 24 hours, on the private network. The
 * endpoint with its AUTH string goes into the `REDIS_ENDPOINT` secret (never a plain env var);
 * the server CA certificate into `REDIS_CA_CERT`, mounted where `SSL_CERT_DIR` points.
 */
import type { EnvironmentSpec } from '../../spec/model.ts';
import { interpolate, type ResourceHandle, type Stack } from '../../terraform/index.ts';
import { addManagedSecret, type ManagedSecret } from './cloudrun-secrets.ts';
import { CUSTOM_CERT_DIR, REDIS_ENDPOINT_SECRET } from './env-contract.ts';
import type { PrivateNetwork } from './network.ts';

/** Secret holding the Redis server CA certificate. */
const REDIS_CA_CERT_SECRET = 'REDIS_CA_CERT';
/** Name of the secret volume with the CA certificate, and the file inside {@link CUSTOM_CERT_DIR}. */
export const REDIS_CA_VOLUME = 'redis-ca-cert';
export const REDIS_CA_FILE = 'redis-ca-cert.pem';

/** What the Cloud Run container needs from Redis. */
export interface RedisResources {
  instance: ResourceHandle<'google_redis_instance'>;
  endpoint: ManagedSecret;
  caCert: ManagedSecret;
}

/** Tier and instance name: `STANDARD_HA` `redis`, or `BASIC` `redis-basic` (a switch replaces the instance). */
export function redisTier(highAvailability: boolean): { tier: string; name: string; displayName: string } {
  return highAvailability
    ? { tier: 'STANDARD_HA', name: 'redis', displayName: 'Regional Redis (standard HA)' }
    : { tier: 'BASIC', name: 'redis-basic', displayName: 'Zonal Redis (basic)' };
}

/**
 * Adds `google_redis_instance.redis` and the `redis_endpoint` / `redis_ca_cert` secrets.
 * Call only when `env.resources.redis` is set.
 */
export function addRedis(stack: Stack, env: EnvironmentSpec, network: PrivateNetwork): RedisResources {
  const redis = env.resources.redis!;
  const t = redisTier(redis.highAvailability);
  const instance = stack.resource(
    'google_redis_instance',
    'redis',
    {
      name: t.name,
      display_name: t.displayName,
      region: env.locations.gcpRegion,
      tier: t.tier,
      memory_size_gb: redis.memoryGB,
      auth_enabled: true,
      transit_encryption_mode: 'SERVER_AUTHENTICATION',
      persistence_config: [{ persistence_mode: 'RDB', rdb_snapshot_period: 'TWENTY_FOUR_HOURS' }],
      authorized_network: network.network.id,
      // A cache: switching tiers replaces it (create before destroy), which a guard would block.
      deletion_protection: false,
    },
    { lifecycle: { create_before_destroy: true } },
  );
  const endpoint = addManagedSecret(
    stack,
    'redis_endpoint',
    REDIS_ENDPOINT_SECRET,
    interpolate`rediss://:${instance.ref('auth_string')}@${instance.ref('host')}:${instance.ref('port')}`,
  );
  const caCert = addManagedSecret(
    stack,
    'redis_ca_cert',
    REDIS_CA_CERT_SECRET,
    instance.ref('server_ca_certs[0].cert'),
  );
  return { instance, endpoint, caCert };
}
