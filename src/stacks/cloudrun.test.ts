// biome-ignore-all lint/suspicious/noExplicitAny: the tests walk parsed Terraform JSON
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: expected Terraform references are written as they appear in the JSON
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleContexts, examplePlatform, exampleSpec, stackContext } from '../../test/support/examples.ts';
import type { PlatformConfig } from '../platform/model.ts';
import { checkStack, loadVendoredSchemas, serializeStack } from '../terraform/index.ts';
import type { IndexedBlock } from '../terraform/schema.ts';
import { buildCloudrunStack } from './cloudrun.ts';
import type { StackBuild } from './context.ts';
import { envContract } from './resources/env-contract.ts';

type Json = any;

function build(
  id: string,
  envId: string,
  opts: { platform?: PlatformConfig; edit?: (t: string) => string } = {},
): StackBuild & { json: Json } {
  const platform = opts.platform ?? examplePlatform();
  const spec = exampleSpec(id, { platform, ...(opts.edit ? { edit: opts.edit } : {}) });
  const env = spec.environments.find((e) => e.id === envId)!;
  const built = buildCloudrunStack(stackContext(spec, env, platform));
  return { ...built, json: JSON.parse(serializeStack(built.stack)) };
}

const res = (json: Json, type: string, name: string) => json.resource?.[type]?.[name];
const cloudRun = (json: Json) =>
  res(json, 'google_cloud_run_v2_service', 'cloudrun') ?? res(json, 'google_cloud_run_v2_job', 'cloudrun');
function container(json: Json): Json {
  const svc = res(json, 'google_cloud_run_v2_service', 'cloudrun');
  return svc
    ? svc.template[0].containers[0]
    : res(json, 'google_cloud_run_v2_job', 'cloudrun').template[0].template[0].containers[0];
}
const envByName = (json: Json) => new Map(container(json).env.map((e: Json) => [e.name, e]));

describe('buildCloudrunStack: every example environment', () => {
  const contexts = exampleContexts();

  it('passes the provider-schema check with no diagnostics at all (no warnings either)', () => {
    for (const ctx of contexts) {
      const diags = checkStack(buildCloudrunStack(ctx).stack);
      assert.deepEqual(
        diags.map((d) => `${d.severity} ${d.code}: ${d.message}`),
        [],
        `${ctx.spec.id}/${ctx.env.id}`,
      );
    }
  });

  it('renders the container env vars exactly in contract order', () => {
    for (const ctx of contexts) {
      const json = JSON.parse(serializeStack(buildCloudrunStack(ctx).stack));
      assert.deepEqual(
        container(json).env.map((e: Json) => e.name),
        envContract(ctx.spec, ctx.env, ctx.platform).map((v) => v.name),
        `${ctx.spec.id}/${ctx.env.id}`,
      );
    }
  });

  it('publishes the output contract', () => {
    for (const ctx of contexts) {
      const json = JSON.parse(serializeStack(buildCloudrunStack(ctx).stack));
      const outputs = json.output;
      const key = `${ctx.spec.id}/${ctx.env.id}`;
      assert.ok(outputs.cloud_run_name, key);
      assert.equal(outputs.cloud_run_location.value, ctx.env.locations.gcpRegion, key);
      assert.equal(outputs.diagnostics_secret.sensitive, true, key);
      assert.equal(outputs.diagnostics_secret.value, '${random_id.diagnostics_secret.hex}', key);
      const pg = ctx.env.resources.postgreSQL !== undefined;
      assert.equal(outputs.cloudsql_instance_name !== undefined, pg, key);
      assert.equal(outputs.cloudsql_connection_name !== undefined, pg, key);
      assert.equal(outputs.redis_instance_id !== undefined, ctx.env.resources.redis !== undefined, key);
    }
  });

  it('is deterministic', () => {
    for (const ctx of contexts) {
      assert.equal(
        serializeStack(buildCloudrunStack(ctx).stack),
        serializeStack(buildCloudrunStack(ctx).stack),
      );
    }
  });
});

describe('no secret value in the output', () => {
  /** Every secret name the example fleet and platform mention. */
  function secretNames(): string[] {
    const p = examplePlatform();
    const names = new Set<string>();
    for (const ref of [
      p.cloudflare.apiToken,
      p.sentry.dsn,
      p.cloudflare.originCertificate?.certificate,
      p.cloudflare.originCertificate?.privateKey,
    ])
      if (ref) names.add(ref.secret);
    for (const ctx of exampleContexts()) {
      for (const s of ctx.env.secretEnv) names.add(s.secret.secret);
      for (const v of ctx.env.secretVolumes) names.add(v.secret.secret);
    }
    for (const n of ['REDIS_ENDPOINT', 'REDIS_CA_CERT', 'POSTGRESQL_ADMIN_PASSWORD']) names.add(n);
    return [...names].sort();
  }

  it('never contains the fixture values of the secrets, even when they are in the process environment', () => {
    const names = secretNames();
    assert.ok(names.length >= 8);
    const saved = new Map(names.map((n) => [n, process.env[n]]));
    const sentinel = (n: string) => `SENTINEL-${n}-5f3b9c`;
    try {
      for (const n of names) process.env[n] = sentinel(n);
      for (const ctx of exampleContexts()) {
        const built = buildCloudrunStack(ctx);
        const text = [
          serializeStack(built.stack),
          ...(built.extraFiles ?? []).map((f) => Buffer.from(f.content).toString('latin1')),
        ].join('\n');
        for (const n of names)
          assert.ok(!text.includes(sentinel(n)), `${ctx.spec.id}/${ctx.env.id} contains ${n}`);
        assert.ok(!text.includes('SENTINEL-'), `${ctx.spec.id}/${ctx.env.id}`);
      }
    } finally {
      for (const [n, v] of saved) {
        if (v === undefined) delete process.env[n];
        else process.env[n] = v;
      }
    }
  });

  /** Attribute names that carry secret material whatever the schema says. */
  const SECRET_KEYS = new Set([
    'password',
    'private_key',
    'secret_data',
    'api_token',
    'auth_string',
    'certificate',
  ]);
  /**
   * Only references: `${...}`, or the Redis endpoint template whose literal text is just the
   * URL punctuation `rediss://:` `@` `:`.
   */
  const isReference = (v: unknown) =>
    typeof v === 'string' && /\$\{/.test(v) && ['', 'rediss://:@:'].includes(v.replace(/\$\{[^}]+\}/g, ''));

  function walk(
    block: IndexedBlock | undefined,
    body: Json,
    path: string,
    visit: (path: string, key: string, value: unknown, sensitive: boolean) => void,
  ) {
    for (const [key, value] of Object.entries(body ?? {})) {
      if (key === 'lifecycle' || key === 'depends_on' || key === 'provider') continue;
      const attr = block?.attributes.get(key);
      const nested = block?.blocks.get(key)?.block ?? attr?.nested?.block;
      if (nested && value !== null && typeof value === 'object') {
        const items = Array.isArray(value) ? value : [value];
        for (const [i, v] of items.entries()) walk(nested, v, `${path}.${key}[${i}]`, visit);
        continue;
      }
      visit(`${path}.${key}`, key, value, attr?.sensitive === true);
    }
  }

  it('writes sensitive arguments and secret-bearing ones only as references', () => {
    const schemas = loadVendoredSchemas();
    let checked = 0;
    for (const ctx of exampleContexts()) {
      const json = JSON.parse(serializeStack(buildCloudrunStack(ctx).stack));
      const visit = (path: string, key: string, value: unknown, sensitive: boolean) => {
        if (!sensitive && !SECRET_KEYS.has(key)) return;
        checked++;
        assert.ok(isReference(value), `${ctx.spec.id}/${ctx.env.id} ${path} = ${JSON.stringify(value)}`);
      };
      for (const kind of ['resource', 'data'] as const)
        for (const [type, byName] of Object.entries(json[kind] ?? {}))
          for (const [name, body] of Object.entries(byName as Json)) {
            const schema = kind === 'resource' ? schemas.resource(type) : schemas.dataSource(type);
            walk(schema?.block, body, `${type}.${name}`, visit);
          }
      for (const [name, configs] of Object.entries(json.provider ?? {}))
        for (const body of configs as Json[]) walk(undefined, body, `provider.${name}`, visit);
    }
    assert.ok(checked > 10, `only ${checked} secret-bearing values seen`);
  });

  it('hands the Redis AUTH string to the container only through Secret Manager', () => {
    const { json } = build('acme-api', 'prod');
    const text = JSON.stringify(json);
    const uses = [...text.matchAll(/auth_string/g)].length;
    assert.equal(uses, 1);
    assert.match(
      res(json, 'google_secret_manager_secret_version', 'redis_endpoint').secret_data,
      /^rediss:\/\/:\$\{google_redis_instance\.redis\.auth_string\}@/,
    );
    const redisEnv = envByName(json).get('REDIS_ENDPOINT') as Json;
    assert.equal(redisEnv.value, undefined);
    assert.deepEqual(redisEnv.value_source[0].secret_key_ref[0], {
      secret: '${google_secret_manager_secret.redis_endpoint.secret_id}',
      version: '${google_secret_manager_secret_version.redis_endpoint.version}',
    });
  });
});

describe('kind: job', () => {
  it('runs one task with the deadline as timeout, and schedules it as the job invoker', () => {
    const { json } = build('nightly-sync', 'prod');
    const job = res(json, 'google_cloud_run_v2_job', 'cloudrun');
    assert.equal(res(json, 'google_cloud_run_v2_service', 'cloudrun'), undefined);
    assert.equal(job.name, 'nightly-sync-prod-europe-west2');
    assert.equal(job.location, 'europe-west2');
    assert.equal(job.template[0].task_count, 1);
    assert.equal(job.template[0].template[0].timeout, '1800s');
    assert.equal(container(json).startup_probe, undefined);
    const invoker = 'nightly-sync-job-sa@nightly-sync-prod-9c1e.iam.gserviceaccount.com';
    assert.deepEqual(res(json, 'google_cloud_run_v2_job_iam_member', 'cloudrun_scheduler_invoker'), {
      name: '${google_cloud_run_v2_job.cloudrun.name}',
      location: 'europe-west2',
      role: 'roles/run.invoker',
      member: `serviceAccount:${invoker}`,
    });
    const sched = res(json, 'google_cloud_scheduler_job', 'cloudrun');
    assert.equal(sched.schedule, '0 3 * * *');
    assert.equal(sched.time_zone, 'Etc/UTC');
    assert.equal(sched.attempt_deadline, '1800s');
    assert.equal(sched.region, 'europe-west2');
    const target = sched.http_target[0];
    assert.equal(target.http_method, 'POST');
    assert.equal(
      target.uri,
      'https://run.googleapis.com/v2/projects/nightly-sync-prod-9c1e/locations/europe-west2/jobs/nightly-sync-prod-europe-west2:run',
    );
    assert.equal(target.headers['User-Agent'], 'MSP-Google-Cloud-Scheduler');
    assert.equal(target.oauth_token[0].service_account_email, invoker);
    assert.deepEqual(sched.depends_on, [
      'google_cloud_run_v2_job_iam_member.cloudrun_scheduler_invoker',
      'google_cloud_run_v2_job.cloudrun',
    ]);
    const env = envByName(json);
    assert.equal((env.get('JOB_EXECUTION_CRON_SCHEDULE') as Json).value, '0 3 * * *');
    assert.equal((env.get('JOB_EXECUTION_DEADLINE') as Json).value, '1800s');
  });

  it('has no scheduler without a schedule', () => {
    const { json } = build('nightly-sync', 'dev', {
      edit: (t) => t.replace('    schedule:\n      cron: "0 * * * *"\n', ''),
    });
    assert.ok(res(json, 'google_cloud_run_v2_job', 'cloudrun'));
    assert.equal(json.resource.google_cloud_scheduler_job, undefined);
    assert.equal(json.resource.google_cloud_run_v2_job_iam_member, undefined);
  });
});

describe('secrets', () => {
  it('mounts secret volumes by directory, one file, latest version, mode 0444, across projects', () => {
    const { json } = build('nightly-sync', 'prod');
    const tpl = res(json, 'google_cloud_run_v2_job', 'cloudrun').template[0].template[0];
    assert.deepEqual(tpl.volumes, [
      {
        name: 'creds',
        secret: [
          {
            secret: 'projects/acme-shared-secrets/secrets/SYNC_CREDS',
            items: [{ path: 'creds.json', version: 'latest', mode: 292 }],
          },
        ],
      },
    ]);
    assert.deepEqual(container(json).volume_mounts, [{ name: 'creds', mount_path: '/var/secrets' }]);
  });

  it('references same-project secrets by ID and other projects by full name, version latest', () => {
    const env = envByName(build('acme-api', 'prod').json);
    const ref = (n: string) => (env.get(n) as Json).value_source[0].secret_key_ref[0];
    assert.deepEqual(ref('API_SIGNING_KEY'), { secret: 'API_SIGNING_KEY', version: 'latest' });
    assert.deepEqual(ref('SHARED_TOKEN'), {
      secret: 'projects/acme-shared-secrets/secrets/SHARED_TOKEN',
      version: 'latest',
    });
    assert.deepEqual(ref('SENTRY_DSN'), {
      secret: 'projects/acme-platform-secrets/secrets/SENTRY_DSN',
      version: 'latest',
    });
  });

  it('lets the workload read the platform SENTRY_DSN secret before Cloud Run starts', () => {
    const { json } = build('acme-api', 'prod');
    assert.deepEqual(res(json, 'google_secret_manager_secret_iam_member', 'sentry_dsn_workload'), {
      project: 'acme-platform-secrets',
      secret_id: 'SENTRY_DSN',
      role: 'roles/secretmanager.secretAccessor',
      member: 'serviceAccount:acme-api-sa@acme-api-prod-b71c.iam.gserviceaccount.com',
    });
    assert.ok(
      cloudRun(json).depends_on.includes('google_secret_manager_secret_iam_member.sentry_dsn_workload'),
    );
    const none = build('acme-api', 'prod', { platform: { ...examplePlatform(), sentry: {} } }).json;
    assert.equal(res(none, 'google_secret_manager_secret_iam_member', 'sentry_dsn_workload'), undefined);
  });
});

describe('deploy types', () => {
  it('manual: a literal tag (an empty tag means insiders)', () => {
    const { json, extraFiles } = build('search-grpc', 'test');
    assert.equal(container(json).image, 'us-docker.pkg.dev/acme-dev/search/grpc:insiders');
    assert.equal(extraFiles, undefined);
    assert.equal(cloudRun(json).lifecycle, undefined);
  });

  it('subscription: resolved_image_tag with its value in terraform.tfvars', () => {
    const { json, extraFiles } = build('search-grpc', 'prod');
    assert.equal(container(json).image, 'us-docker.pkg.dev/acme-dev/search/grpc:${var.resolved_image_tag}');
    assert.deepEqual(json.variable.resolved_image_tag, {
      type: 'string',
      description: 'Image tag resolved from subscription to deploy',
    });
    assert.deepEqual(extraFiles, [{ name: 'terraform.tfvars', content: 'resolved_image_tag = "stable"\n' }]);
  });

  it('rollout: the final stage hosts the pipeline and writes its Skaffold archive', () => {
    const { json, extraFiles } = build('release-registry', 'prod');
    assert.ok(res(json, 'google_clouddeploy_delivery_pipeline', 'rollout_pipeline'));
    assert.deepEqual(
      extraFiles?.map((f) => f.name),
      ['skaffoldsource.tar.gz'],
    );
    const dev = build('release-registry', 'dev');
    assert.equal(dev.json.resource.google_clouddeploy_delivery_pipeline, undefined);
    assert.equal(dev.extraFiles, undefined);
  });

  it('rollout: the initial tag, then Cloud Deploy owns image and client fields', () => {
    const { json } = build('release-registry', 'prod');
    assert.equal(container(json).image, 'us.gcr.io/acme-dev/releaseregistry:insiders');
    assert.deepEqual(cloudRun(json).lifecycle.ignore_changes, [
      'template[0].containers[0].image',
      'client',
      'client_version',
    ]);
  });
});

describe('the Cloud Run service', () => {
  it('who can reach it: ingress and custom audiences follow the domain and authentication', () => {
    const svc = (id: string, env: string, edit?: (t: string) => string) =>
      res(build(id, env, edit ? { edit } : {}).json, 'google_cloud_run_v2_service', 'cloudrun');
    // Domain + IAM-checked callers: only through the load balancer; tokens for the domain work.
    const rr = svc('release-registry', 'prod');
    assert.equal(rr.ingress, 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER');
    assert.deepEqual(rr.custom_audiences, ['https://releases.acme.com']);
    // Domain + public: no audiences needed.
    const api = svc('acme-api', 'prod');
    assert.equal(api.ingress, 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER');
    assert.equal(api.custom_audiences, undefined);
    // No domain + public: stays internal, never an open run.app URL.
    const edit = (t: string) => t.replaceAll('    authentication: {}\n', '');
    const open = svc('search-grpc', 'prod', edit);
    assert.equal(open.ingress, 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER');
    const invoker = res(
      build('search-grpc', 'prod', { edit }).json,
      'google_cloud_run_v2_service_iam_member',
      'cloudrun_invoker',
    );
    assert.equal(invoker.member, 'allUsers');
  });

  it('sets scaling, concurrency, limits, generation, h2c, egress and ingress', () => {
    const { json } = build('search-grpc', 'prod');
    const svc = res(json, 'google_cloud_run_v2_service', 'cloudrun');
    const tpl = svc.template[0];
    // No domain and IAM-checked callers: reachable at run.app by the fleet, IAM decides.
    assert.equal(svc.ingress, 'INGRESS_TRAFFIC_ALL');
    assert.equal(svc.custom_audiences, undefined);
    assert.equal(json.resource.google_cloud_run_v2_service_iam_member, undefined);
    assert.equal(svc.location, 'us-west1');
    assert.equal(svc.name, 'search-grpc-prod-us-west1');
    assert.deepEqual(tpl.scaling, [{ min_instance_count: 2, max_instance_count: 20 }]);
    assert.equal(tpl.max_instance_request_concurrency, 100);
    assert.equal(tpl.execution_environment, 'EXECUTION_ENVIRONMENT_GEN2');
    assert.equal(tpl.service_account, 'search-grpc-sa@search-grpc-prod-7e2d.iam.gserviceaccount.com');
    assert.equal(tpl.vpc_access, undefined);
    assert.deepEqual(container(json).ports, [{ container_port: 9992, name: 'h2c' }]);
    assert.deepEqual(container(json).resources, [{ limits: { cpu: '4', memory: '4Gi' } }]);
  });

  it('uses the default scaling without a scaling block and Direct VPC egress with data stores', () => {
    const { json } = build('release-registry', 'dev');
    const tpl = res(json, 'google_cloud_run_v2_service', 'cloudrun').template[0];
    assert.deepEqual(tpl.scaling, [{ min_instance_count: 0, max_instance_count: 5 }]);
    assert.equal(tpl.max_instance_request_concurrency, 1000);
    assert.equal(tpl.execution_environment, undefined);
    assert.deepEqual(tpl.vpc_access, [
      {
        network_interfaces: [
          {
            network: '${google_compute_network.private_network.id}',
            subnetwork: '${google_compute_subnetwork.private_network.id}',
          },
        ],
        egress: 'PRIVATE_RANGES_ONLY',
      },
    ]);
  });

  it('startup probes readiness (/-/healthz, with the bearer) and liveness probes /-/livez', () => {
    const c = container(build('acme-api', 'dev').json);
    assert.deepEqual(c.startup_probe, [
      {
        http_get: [
          {
            path: '/-/healthz',
            http_headers: [{ name: 'Authorization', value: 'Bearer ${random_id.diagnostics_secret.hex}' }],
          },
        ],
        initial_delay_seconds: 0,
        timeout_seconds: 5,
        period_seconds: 5,
        failure_threshold: 3,
      },
    ]);
    // Liveness checks the process only: no dependency checks, so no token either.
    assert.deepEqual(c.liveness_probe, [
      { http_get: [{ path: '/-/livez' }], timeout_seconds: 5, period_seconds: 60, failure_threshold: 3 },
    ]);
    const off = container(build('release-registry', 'dev').json);
    assert.equal(off.startup_probe, undefined);
    assert.equal(off.liveness_probe, undefined);
  });

  it('grants run.invoker per authentication: public, organisation domain, or nothing', () => {
    const member = (id: string, env: string) =>
      res(build(id, env).json, 'google_cloud_run_v2_service_iam_member', 'cloudrun_invoker')?.member;
    assert.equal(member('acme-api', 'prod'), 'allUsers');
    assert.equal(member('release-registry', 'prod'), 'domain:acme.com');
    assert.equal(member('search-grpc', 'prod'), undefined);
  });

  it('guards the service from destroys unless allowDestroys', () => {
    assert.equal(cloudRun(build('acme-api', 'prod').json).deletion_protection, true);
    assert.equal(cloudRun(build('acme-api', 'dev').json).deletion_protection, false);
  });
});

describe('domain', () => {
  it('proxied in a production category: origin certificate from the platform, Cloud Armor, proxied record', () => {
    const { json } = build('acme-api', 'prod');
    assert.deepEqual(json.data.google_secret_manager_secret_version.origin_certificate, {
      project: 'acme-platform-secrets',
      secret: 'CLOUDFLARE_ORIGIN_CERTIFICATE',
    });
    const cert = res(json, 'google_compute_ssl_certificate', 'domain');
    assert.equal(
      cert.certificate,
      '${data.google_secret_manager_secret_version.origin_certificate.secret_data}',
    );
    assert.equal(
      cert.private_key,
      '${data.google_secret_manager_secret_version.origin_private_key.secret_data}',
    );
    assert.equal(json.resource.google_compute_managed_ssl_certificate, undefined);
    const policy = res(json, 'google_compute_security_policy', 'domain');
    // Cloudflare's ranges come from the provider's data source at plan time, 10 per allow rule.
    assert.deepEqual(json.data.cloudflare_ip_ranges, { cloudflare: {} });
    assert.deepEqual(policy.rule, [
      {
        action: 'deny(403)',
        priority: 2147483647,
        description: 'Default rule: deny everything else',
        match: [{ versioned_expr: 'SRC_IPS_V1', config: [{ src_ip_ranges: ['*'] }] }],
      },
    ]);
    assert.deepEqual(policy.dynamic.rule, {
      for_each: '${chunklist(sort(data.cloudflare_ip_ranges.cloudflare.ipv4_cidrs), 10)}',
      content: {
        action: 'allow',
        priority: '${4000 + rule.key}',
        description: 'Cloudflare edge (${(rule.key + 1)})',
        match: [{ versioned_expr: 'SRC_IPS_V1', config: [{ src_ip_ranges: '${rule.value}' }] }],
      },
    });
    assert.ok(!JSON.stringify(policy).includes('173.245.48.0/20'), 'no static list of ranges');
    // Turning Cloud Armor off detaches it before deleting it; a replacement gets a new name.
    assert.deepEqual(policy.lifecycle, { create_before_destroy: true });
    assert.match(policy.name, /^msp-cloudflare-only-[0-9a-f]{8}$/);
    const backend = res(json, 'google_compute_backend_service', 'domain');
    assert.equal(backend.security_policy, '${google_compute_security_policy.domain.id}');
    assert.deepEqual(backend.log_config, [{ enable: true, sample_rate: 1 }]);
    const record = res(json, 'cloudflare_dns_record', 'domain');
    assert.equal(record.proxied, true);
    assert.equal(record.name, 'api.acme.com');
    assert.equal(record.content, '${google_compute_global_address.domain.address}');
    assert.equal(record.zone_id, '${data.cloudflare_zone.domain.id}');
    assert.deepEqual(json.data.cloudflare_zone.domain, { filter: { name: 'acme.com' } });
    assert.equal(res(json, 'google_compute_ssl_policy', 'domain').profile, 'MODERN');
    assert.equal(res(json, 'google_compute_ssl_policy', 'domain').min_tls_version, 'TLS_1_2');
    assert.deepEqual(json.provider.cloudflare, [
      { api_token: '${data.google_secret_manager_secret_version.cloudflare_api_token.secret_data}' },
    ]);
  });

  it('proxied in a test environment: no Cloud Armor', () => {
    const { json } = build('acme-api', 'dev');
    assert.equal(json.resource.google_compute_security_policy, undefined);
    assert.equal(res(json, 'google_compute_backend_service', 'domain').security_policy, undefined);
    assert.ok(res(json, 'google_compute_ssl_certificate', 'domain'));
  });

  it('unproxied: a Google-managed certificate and a DNS-only record', () => {
    const { json } = build('release-registry', 'dev');
    assert.deepEqual(res(json, 'google_compute_managed_ssl_certificate', 'domain').managed, [
      { domains: ['releases.acme.dev'] },
    ]);
    assert.equal(json.resource.google_compute_ssl_certificate, undefined);
    assert.equal(json.resource.google_compute_security_policy, undefined);
    assert.equal(res(json, 'cloudflare_dns_record', 'domain').proxied, false);
    assert.deepEqual(res(json, 'google_compute_target_https_proxy', 'domain').ssl_certificates, [
      '${google_compute_managed_ssl_certificate.domain.id}',
    ]);
  });

  it('falls back to origin-certificate secrets in the environment project, and to the run environment for the token', () => {
    const p = examplePlatform();
    const platform = { ...p, cloudflare: { ...(p.cloudflare.zones ? { zones: p.cloudflare.zones } : {}) } };
    const { json } = build('acme-api', 'prod', { platform });
    assert.deepEqual(json.data.google_secret_manager_secret_version.origin_private_key, {
      project: 'acme-api-prod-b71c',
      secret: 'CLOUDFLARE_ORIGIN_PRIVATE_KEY',
    });
    assert.deepEqual(json.provider.cloudflare, [{}]);
    assert.equal(json.data.google_secret_manager_secret_version.cloudflare_api_token, undefined);
  });

  it('has no load balancer or Cloudflare provider without a domain', () => {
    const { json } = build('search-grpc', 'prod');
    assert.equal(json.provider.cloudflare, undefined);
    assert.equal(json.terraform.required_providers.cloudflare, undefined);
    assert.equal(json.resource.google_compute_global_forwarding_rule, undefined);
  });
});

describe('data stores', () => {
  it('Redis: BASIC redis-basic or STANDARD_HA redis, TLS, AUTH, RDB, CA mounted', () => {
    const basic = build('search-grpc', 'test').json;
    const b = res(basic, 'google_redis_instance', 'redis');
    assert.equal(b.tier, 'BASIC');
    assert.equal(b.name, 'redis-basic');
    assert.equal(b.transit_encryption_mode, 'SERVER_AUTHENTICATION');
    assert.equal(b.auth_enabled, true);
    assert.deepEqual(b.persistence_config, [
      { persistence_mode: 'RDB', rdb_snapshot_period: 'TWENTY_FOUR_HOURS' },
    ]);
    assert.deepEqual(b.lifecycle, { create_before_destroy: true });
    const ha = res(build('acme-api', 'prod').json, 'google_redis_instance', 'redis');
    assert.equal(ha.tier, 'STANDARD_HA');
    assert.equal(ha.name, 'redis');
    assert.equal(ha.memory_size_gb, 2);
    assert.deepEqual(container(basic).volume_mounts, [
      { name: 'redis-ca-cert', mount_path: '/etc/ssl/custom-certs' },
    ]);
    const volume = res(basic, 'google_cloud_run_v2_service', 'cloudrun').template[0].volumes[0];
    assert.deepEqual(volume.secret[0].items, [
      {
        path: 'redis-ca-cert.pem',
        version: '${google_secret_manager_secret_version.redis_ca_cert.version}',
        mode: 292,
      },
    ]);
    assert.equal(res(basic, 'google_secret_manager_secret', 'redis_ca_cert').secret_id, 'REDIS_CA_CERT');
  });

  it('PostgreSQL: tier, HA, flags, guards, users, replication roles (no setup SQL left)', () => {
    const prod = build('acme-api', 'prod').json;
    const inst = res(prod, 'google_sql_database_instance', 'postgresql');
    assert.equal(inst.settings[0].tier, 'db-custom-2-8192');
    assert.equal(inst.settings[0].availability_type, 'REGIONAL');
    assert.equal(inst.database_version, 'POSTGRES_15');
    assert.deepEqual(inst.settings[0].database_flags, [
      { name: 'cloudsql.iam_authentication', value: 'on' },
      { name: 'cloudsql.logical_decoding', value: 'on' },
      { name: 'max_connections', value: '200' },
    ]);
    assert.equal(inst.deletion_protection, true);
    assert.equal(inst.lifecycle.prevent_destroy, true);
    assert.equal(inst.name, '${random_id.postgresql_instance_suffix.hex}');
    assert.deepEqual(res(prod, 'random_id', 'postgresql_instance_suffix'), {
      byte_length: 2,
      prefix: 'postgresql-',
    });
    assert.deepEqual(res(prod, 'google_sql_database', 'postgresql_primary').lifecycle, {
      prevent_destroy: true,
    });
    assert.equal(res(prod, 'google_sql_database', 'postgresql_primary').deletion_policy, 'ABANDON');
    assert.equal(
      res(prod, 'google_sql_user', 'postgresql_workload').name,
      'acme-api-sa@acme-api-prod-b71c.iam',
    );
    assert.equal(
      res(prod, 'google_sql_user', 'postgresql_operator_access').name,
      'operator-access@acme-api-prod-b71c.iam',
    );
    assert.equal(
      res(prod, 'google_sql_user', 'postgresql_admin').password,
      '${random_password.postgresql_admin.result}',
    );
    assert.equal(
      res(prod, 'google_secret_manager_secret', 'postgresql_admin_password').secret_id,
      'POSTGRESQL_ADMIN_PASSWORD',
    );
    assert.equal(res(prod, 'google_sql_user', 'postgresql_replication'), undefined);
    assert.deepEqual(res(prod, 'postgresql_role', 'postgresql_replication'), {
      name: 'msp-replicationuser',
      login: true,
      replication: true,
      password: '${random_password.postgresql_replication.result}',
      provider: 'postgresql.admin',
    });
    assert.ok(res(prod, 'google_datastream_connection_profile', 'datastream_api_events'));
    assert.equal(prod.output.postgresql_setup_sql, undefined);
    assert.deepEqual(prod.output.postgresql_publications.value, [
      {
        name: 'api_events',
        database: 'primary',
        tables: ['events', 'accounts'],
        replication_slot: 'api_events_pgoutput',
      },
    ]);

    const dev = build('acme-api', 'dev').json;
    const d = res(dev, 'google_sql_database_instance', 'postgresql');
    assert.equal(d.settings[0].tier, 'db-custom-1-4096');
    assert.equal(d.settings[0].availability_type, 'ZONAL');
    assert.deepEqual(d.settings[0].database_flags, [{ name: 'cloudsql.iam_authentication', value: 'on' }]);
    assert.equal(d.deletion_protection, false);
    assert.equal(d.lifecycle.prevent_destroy, false);
    assert.equal(res(dev, 'postgresql_role', 'postgresql_replication'), undefined);
    assert.equal(dev.resource.google_datastream_connection_profile, undefined);
    assert.equal(dev.output.postgresql_publications, undefined);
  });

  it('BigQuery: dataset in the BigQuery location, tables with the spec schema, dataEditor', () => {
    const { json } = build('nightly-sync', 'prod');
    const ds = res(json, 'google_bigquery_dataset', 'bigquery');
    assert.equal(ds.location, 'EU');
    assert.equal(ds.dataset_id, 'nightly_sync');
    const table = res(json, 'google_bigquery_table', 'bigquery_daily_usage');
    assert.equal(JSON.parse(table.schema)[0].name, 'day');
    assert.equal(table.deletion_protection, true);
    assert.equal(
      res(json, 'google_bigquery_dataset_iam_member', 'bigquery_workload_data_editor').member,
      'serviceAccount:nightly-sync-sa@nightly-sync-prod-9c1e.iam.gserviceaccount.com',
    );
    assert.ok(cloudRun(json).depends_on.includes('google_bigquery_table.bigquery_daily_usage'));
    assert.equal(json.resource.google_compute_network, undefined);
  });
});
