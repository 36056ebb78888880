/**
 * The public domain of a service (the spec's `domain`, docs/cloudrun-stack.md): a
 * global external HTTPS load balancer in front of Cloud Run (serverless NEG, backend service,
 * URL map, HTTPS proxy with a MODERN / TLS 1.2 SSL policy, global address, forwarding rule), its
 * certificate, an optional Cloud Armor policy, and the Cloudflare DNS record.
 *
 * Certificates: a proxied record terminates TLS at Cloudflare, which then needs a certificate
 * it trusts on the origin — a Cloudflare origin certificate. Issuing one with Terraform needs a
 * CSR, i.e. a private key from the `tls` provider, which is not vendored; so the origin
 * certificate and key are read from Secret Manager (`platform.cloudflare.originCertificate`, or
 * {@link DEFAULT_ORIGIN_CERTIFICATE_SECRETS} in the environment project). An unproxied record
 * points at the load balancer directly and gets a Google-managed certificate.
 *
 * Cloud Armor: proxied domains of `internal` and `external` environments admit only
 * Cloudflare's edge — the IPv4 ranges of the cloudflare provider's `cloudflare_ip_ranges` data
 * source, read at plan time, so the list follows Cloudflare without a regeneration — and
 * everything else gets 403. The policy is created before it is destroyed and its name changes
 * with its content ({@link securityPolicyName}), so turning Cloud Armor off (or changing the
 * policy in a way that replaces it) first detaches it from the backend service, then deletes it:
 * never "resource is in use".
 */
import { createHash } from 'node:crypto';
import { COMPUTE_NAME_MAX, fitName } from '../../naming/names.ts';
import type { PlatformConfig, SecretRef } from '../../platform/model.ts';
import type { DomainSpec, EnvironmentSpec } from '../../spec/model.ts';
import {
  dynamicRef,
  fn,
  interpolate,
  PROVIDERS,
  type ResourceHandle,
  rawExpr,
  type Stack,
  type TfExpr,
} from '../../terraform/index.ts';

/** Cloud Armor allows at most this many ranges per rule. */
const RANGES_PER_RULE = 10;
/** Priority of the first allow rule; the next ones follow. */
const ALLOW_PRIORITY = 4000;
/** Priority of the default rule (Cloud Armor's lowest). */
const DEFAULT_RULE_PRIORITY = 2147483647;

/** Secret IDs in the environment project used when the platform names no origin certificate. */
const DEFAULT_ORIGIN_CERTIFICATE_SECRETS = {
  certificate: 'CLOUDFLARE_ORIGIN_CERTIFICATE',
  privateKey: 'CLOUDFLARE_ORIGIN_PRIVATE_KEY',
} as const;

/** True when the backend gets the Cloudflare-only Cloud Armor policy. */
export function hasCloudArmor(env: EnvironmentSpec): boolean {
  return env.domain?.proxied === true && env.category !== 'test';
}

/**
 * Adds the `cloudflare` provider. Its API token comes from the platform's `cloudflare.apiToken`
 * secret through `data.google_secret_manager_secret_version.cloudflare_api_token`; without one,
 * the provider reads `CLOUDFLARE_API_TOKEN` from the run's environment.
 */
export function addCloudflareProvider(stack: Stack, platform: PlatformConfig): void {
  stack.requireProvider('cloudflare', PROVIDERS.cloudflare);
  const token = platform.cloudflare.apiToken;
  if (!token) {
    stack.provider('cloudflare', {});
    return;
  }
  const data = stack.data('google_secret_manager_secret_version', 'cloudflare_api_token', {
    project: token.project,
    secret: token.secret,
  });
  stack.provider('cloudflare', { api_token: data.ref('secret_data') });
}

/** Managed certificate name: changes with the DNS name, so create-before-destroy never collides. */
export function managedCertificateName(dnsName: string): string {
  return `managed-cert-${createHash('sha256').update(dnsName).digest('hex').slice(0, 8)}`;
}

/** What the rest of the stack may reference. */
interface DomainResources {
  address: ResourceHandle<'google_compute_global_address'>;
  record: ResourceHandle<'cloudflare_dns_record'>;
}

/**
 * Adds the load balancer, certificate, Cloud Armor policy (when {@link hasCloudArmor}) and DNS
 * record for `env.domain`. `cloudRunName` is a reference to the Cloud Run service's name (so the
 * NEG waits for it); `name` is the literal name the load-balancer pieces share.
 */
export function addDomain(
  stack: Stack,
  env: EnvironmentSpec,
  platform: PlatformConfig,
  name: string,
  cloudRunName: TfExpr,
): DomainResources {
  const domain = env.domain!;
  const region = env.locations.gcpRegion;
  const certificate = addCertificate(stack, env, domain, platform);
  const neg = stack.resource('google_compute_region_network_endpoint_group', 'domain', {
    name,
    region,
    network_endpoint_type: 'SERVERLESS',
    cloud_run: [{ service: cloudRunName }],
  });
  const policy = hasCloudArmor(env) ? addCloudArmor(stack) : undefined;
  // No create-before-destroy: the name is fixed, so a replacement could not be created first.
  const backend = stack.resource('google_compute_backend_service', 'domain', {
    name,
    protocol: 'HTTP',
    port_name: 'http',
    load_balancing_scheme: 'EXTERNAL',
    backend: [{ group: neg.id }],
    log_config: [{ enable: domain.loadBalancerLogging, sample_rate: 1 }],
    ...(policy ? { security_policy: policy.id } : {}),
  });
  const urlMap = stack.resource('google_compute_url_map', 'domain', { name, default_service: backend.id });
  const sslPolicy = stack.resource('google_compute_ssl_policy', 'domain', {
    name: fitName(name, COMPUTE_NAME_MAX, '-https'),
    profile: 'MODERN',
    min_tls_version: 'TLS_1_2',
  });
  const proxy = stack.resource('google_compute_target_https_proxy', 'domain', {
    name: fitName(name, COMPUTE_NAME_MAX, '-https'),
    url_map: urlMap.id,
    ssl_certificates: [certificate],
    ssl_policy: sslPolicy.id,
  });
  const address = stack.resource('google_compute_global_address', 'domain', {
    name,
    address_type: 'EXTERNAL',
    ip_version: 'IPV4',
  });
  stack.resource('google_compute_global_forwarding_rule', 'domain', {
    name,
    target: proxy.id,
    ip_address: address.ref('address'),
    ip_protocol: 'TCP',
    port_range: '443',
    load_balancing_scheme: 'EXTERNAL',
  });
  const zone = stack.data('cloudflare_zone', 'domain', { filter: { name: domain.zone } });
  const record = stack.resource('cloudflare_dns_record', 'domain', {
    zone_id: zone.id,
    // The full name: the API returns it that way, so a relative one would show a diff forever.
    name: domain.dnsName,
    type: 'A',
    content: address.ref('address'),
    proxied: domain.proxied,
    // 1 means "automatic" (required for proxied records).
    ttl: 1,
    comment: 'Managed Services Platform service',
  });
  return { address, record };
}

/** The certificate's ID: origin certificate from Secret Manager when proxied, else Google-managed. */
function addCertificate(
  stack: Stack,
  env: EnvironmentSpec,
  domain: DomainSpec,
  platform: PlatformConfig,
): TfExpr {
  if (!domain.proxied) {
    return stack.resource(
      'google_compute_managed_ssl_certificate',
      'domain',
      { name: managedCertificateName(domain.dnsName), managed: [{ domains: [domain.dnsName] }] },
      { lifecycle: { create_before_destroy: true } },
    ).id;
  }
  const configured = platform.cloudflare.originCertificate;
  const ref = (key: keyof typeof DEFAULT_ORIGIN_CERTIFICATE_SECRETS): SecretRef =>
    configured?.[key] ?? { project: env.projectID, secret: DEFAULT_ORIGIN_CERTIFICATE_SECRETS[key] };
  const read = (name: string, s: SecretRef) =>
    stack.data('google_secret_manager_secret_version', name, { project: s.project, secret: s.secret });
  const cert = read('origin_certificate', ref('certificate'));
  const key = read('origin_private_key', ref('privateKey'));
  return stack.resource(
    'google_compute_ssl_certificate',
    'domain',
    {
      name_prefix: 'cf-origin-cert-',
      certificate: cert.ref('secret_data'),
      private_key: key.ref('secret_data'),
    },
    { lifecycle: { create_before_destroy: true } },
  ).id;
}

/** The static part of the Cloud Armor policy: what its name is derived from. */
const CLOUD_ARMOR_POLICY = {
  description: 'Allow only Cloudflare',
  type: 'CLOUD_ARMOR',
  defaultRule: {
    action: 'deny(403)',
    priority: DEFAULT_RULE_PRIORITY,
    description: 'Default rule: deny everything else',
  },
  allowRule: { action: 'allow', firstPriority: ALLOW_PRIORITY, rangesPerRule: RANGES_PER_RULE },
} as const;

/**
 * The policy's name: `msp-cloudflare-only-<8 hex>`, a hash of the policy's static content, so
 * a change that replaces the policy gets a new name and create-before-destroy can work (two
 * policies of one project cannot share a name). 28 characters, within GCP's 63.
 */
export function securityPolicyName(): string {
  const hash = createHash('sha256').update(JSON.stringify(CLOUD_ARMOR_POLICY)).digest('hex').slice(0, 8);
  return `msp-cloudflare-only-${hash}`;
}

/**
 * Cloud Armor: allow Cloudflare's IPv4 ranges from `data.cloudflare_ip_ranges.cloudflare`
 * (sorted, {@link RANGES_PER_RULE} per rule, priorities from {@link ALLOW_PRIORITY}, as one
 * `dynamic "rule"`), deny everything else with 403.
 */
function addCloudArmor(stack: Stack): ResourceHandle<'google_compute_security_policy'> {
  const ranges = stack.data('cloudflare_ip_ranges', 'cloudflare', {});
  const p = CLOUD_ARMOR_POLICY;
  const chunk = (attr: 'key' | 'value') => dynamicRef('rule', attr);
  return stack.resource(
    'google_compute_security_policy',
    'domain',
    {
      name: securityPolicyName(),
      description: p.description,
      type: p.type,
      rule: [
        {
          ...p.defaultRule,
          match: [{ versioned_expr: 'SRC_IPS_V1', config: [{ src_ip_ranges: ['*'] }] }],
        },
      ],
    },
    {
      dynamic: {
        rule: {
          for_each: fn('chunklist', fn('sort', ranges.ref('ipv4_cidrs')), p.allowRule.rangesPerRule),
          content: {
            action: p.allowRule.action,
            priority: rawExpr`${p.allowRule.firstPriority} + ${chunk('key')}`,
            description: interpolate`Cloudflare edge (${rawExpr`${chunk('key')} + 1`})`,
            match: [{ versioned_expr: 'SRC_IPS_V1', config: [{ src_ip_ranges: chunk('value') }] }],
          },
        },
      },
      lifecycle: { create_before_destroy: true },
    },
  );
}
