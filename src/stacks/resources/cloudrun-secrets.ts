/**
 * Secrets the cloudrun stack creates in the environment project to hand values Terraform knows
 * (passwords, the Redis endpoint, CA certificates) to the container or to operators without
 * writing them into plain environment variables. The workload account reads them through its
 * project-wide `roles/secretmanager.secretAccessor` (iam stack).
 */
import type { ResourceHandle, Stack, TfExpr } from '../../terraform/index.ts';

/** A created secret and the version holding its value. */
export interface ManagedSecret {
  secret: ResourceHandle<'google_secret_manager_secret'>;
  version: ResourceHandle<'google_secret_manager_secret_version'>;
  /** The secret ID, as a reference (so users of it wait for the secret). */
  secretId: TfExpr;
  /** The version number written, as a reference (pin it to roll revisions when the value changes). */
  versionNumber: TfExpr;
}

/**
 * Adds `google_secret_manager_secret.<name>` (ID `secretId`, automatic replication, label
 * `msp=true`) and `google_secret_manager_secret_version.<name>` holding `data`.
 */
export function addManagedSecret(stack: Stack, name: string, secretId: string, data: TfExpr): ManagedSecret {
  const secret = stack.resource('google_secret_manager_secret', name, {
    secret_id: secretId,
    labels: { msp: 'true' },
    replication: [{ auto: [{}] }],
  });
  const version = stack.resource('google_secret_manager_secret_version', name, {
    secret: secret.id,
    secret_data: data,
  });
  return { secret, version, secretId: secret.ref('secret_id'), versionNumber: version.ref('version') };
}
