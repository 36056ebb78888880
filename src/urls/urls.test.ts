/** The URL model and the operator command lines built from spec + environment + platform. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { examplePlatform, exampleSpec } from '../../test/support/examples.ts';
import type { PlatformConfig } from '../platform/model.ts';
import {
  cloudSqlConnectionNameLookup,
  commandLine,
  incidentCommands,
  mspPgConnectCommand,
  pgConnectPlan,
  shellQuote,
} from './commands.ts';
import * as urls from './index.ts';

const platform = examplePlatform();
const api = exampleSpec('acme-api');
const [dev, prod] = api.environments as [(typeof api.environments)[0], (typeof api.environments)[0]];
const job = exampleSpec('nightly-sync');
const jobProd = job.environments[1]!;

test('console links carry the project', () => {
  assert.equal(
    urls.projectUrl(dev),
    'https://console.cloud.google.com/home/dashboard?project=acme-api-dev-3f9a',
  );
  assert.equal(
    urls.cloudRunUrl(api, prod),
    'https://console.cloud.google.com/run/detail/us-central1/acme-api-prod-us-central1?project=acme-api-prod-b71c',
  );
  assert.equal(
    urls.cloudRunUrl(job, jobProd),
    'https://console.cloud.google.com/run/jobs/details/europe-west2/nightly-sync-prod-europe-west2/executions?project=nightly-sync-prod-9c1e',
  );
  assert.equal(
    urls.cloudSqlUrl(dev),
    'https://console.cloud.google.com/sql/instances?project=acme-api-dev-3f9a',
  );
  assert.equal(
    urls.redisUrl(prod),
    'https://console.cloud.google.com/memorystore/redis/instances?project=acme-api-prod-b71c',
  );
  assert.equal(urls.bigQueryUrl(dev), undefined);
  const table = new URL(urls.bigQueryUrl(prod, 'api_requests')!);
  assert.deepEqual(Object.fromEntries(table.searchParams), {
    p: 'acme-api-prod-b71c',
    d: 'acme_api',
    t: 'api_requests',
    page: 'table',
    project: 'acme-api-prod-b71c',
  });
  const dash = new URL(urls.dashboardsUrl(dev));
  assert.equal(dash.searchParams.get('pageState'), '("dashboards":("t":"Custom"))');
  assert.equal(
    urls.deliveryPipelineUrl({ name: 'x-us-central1-rollout', region: 'us-central1', project: 'p-1' }),
    'https://console.cloud.google.com/deploy/delivery-pipelines/us-central1/x-us-central1-rollout?project=p-1',
  );
});

test('Logs Explorer: the service\u2019s own logs without request logs, or the job\u2019s', () => {
  assert.equal(
    urls.logsQuery(api, dev),
    'resource.type = "cloud_run_revision"\nresource.labels.service_name = "acme-api-dev-us-central1"\n-logName =~ "logs/run.googleapis.com%2Frequests"',
  );
  assert.equal(
    urls.logsQuery(job, jobProd),
    'resource.type = "cloud_run_job"\nresource.labels.job_name = "nightly-sync-prod-europe-west2"',
  );
  const u = urls.logsExplorerUrl(api, dev);
  assert.ok(
    u.startsWith(
      'https://console.cloud.google.com/logs/query;query=resource.type%20%3D%20%22cloud_run_revision%22%0A',
    ),
  );
  assert.ok(u.endsWith('?project=acme-api-dev-3f9a'));
  const query = decodeURIComponent(/;query=([^?]*)/.exec(u)![1]!);
  assert.equal(query, urls.logsQuery(api, dev));
});

test('request links fill every placeholder, URL-encoded, with the category\u2019s duration', () => {
  const link = new URL(urls.elevatedAccessUrl(platform, api, prod, 'roles/cloudsql.instanceUser')!);
  assert.equal(link.origin + link.pathname, 'https://access.acme.com/request');
  assert.deepEqual(Object.fromEntries(link.searchParams), {
    project: 'acme-api-prod-b71c',
    role: 'roles/cloudsql.instanceUser',
    duration: '2h',
    service: 'acme-api',
    env: 'prod',
  });
  assert.match(urls.elevatedAccessUrl(platform, api, dev, 'roles/owner')!, /role=roles%2Fowner&duration=24h/);
  const none: PlatformConfig = {
    ...platform,
    access: { ...platform.access, elevated: { ...platform.access.elevated, requestUrl: '' } },
  };
  assert.equal(urls.elevatedAccessUrl(none, api, dev, 'roles/owner'), undefined);
});

test('Terraform state links follow the backend and the workspace pattern', () => {
  assert.equal(
    urls.workspaceUrl(platform, 'acme-api', 'dev', 'cloudrun'),
    'https://app.terraform.io/app/acme/workspaces/msp-acme-api-dev-cloudrun',
  );
  assert.equal(
    urls.workspaceTagUrl(platform, 'msp-env-acme-api-dev'),
    'https://app.terraform.io/app/acme/workspaces?tag=msp-env-acme-api-dev',
  );
  const gcs: PlatformConfig = {
    ...platform,
    terraform: {
      ...platform.terraform,
      backend: {
        type: 'gcs',
        bucket: 'tf-state',
        prefix: 'msp/fleet',
        workspacePattern: '{service}/{env}/{stack}',
      },
    },
  };
  assert.equal(
    urls.workspaceUrl(gcs, 'acme-api', 'dev', 'iam'),
    'https://console.cloud.google.com/storage/browser/tf-state/msp/fleet/acme-api/dev/iam',
  );
  assert.equal(urls.workspaceTagUrl(gcs, 'msp'), undefined);
  const local: PlatformConfig = {
    ...platform,
    terraform: {
      ...platform.terraform,
      backend: { type: 'local', workspacePattern: '{service}-{env}-{stack}' },
    },
  };
  assert.equal(urls.workspaceUrl(local, 'acme-api', 'dev', 'iam'), undefined);
});

test('repository and source links', () => {
  assert.equal(
    urls.repoFileUrl(platform, './services/acme-api/api requests.json'),
    'https://github.com/acme/managed-services/blob/main/services/acme-api/api%20requests.json',
  );
  assert.equal(
    urls.repoRevisionUrl(platform, 'abc123'),
    'https://github.com/acme/managed-services/tree/abc123',
  );
  assert.equal(urls.sourceUrl(api), 'https://github.com/acme/api/tree/HEAD/examples/runtime-service');
  assert.equal(urls.domainUrl(prod), 'https://api.acme.com');
  assert.equal(urls.domainUrl(jobProd), undefined);
});

test('pg connect: read-only as operator access, write as the workload; one psql per database', () => {
  const ro = pgConnectPlan(api, dev, {
    writeAccess: false,
    connectionName: 'acme-api-dev-3f9a:us-central1:pg-1a2b',
  })!;
  assert.equal(ro.serviceAccount, 'operator-access@acme-api-dev-3f9a.iam.gserviceaccount.com');
  assert.equal(ro.databaseUser, 'operator-access@acme-api-dev-3f9a.iam');
  assert.deepEqual(ro.proxyArgs, [
    '--auto-iam-authn',
    '--port=5433',
    '--impersonate-service-account=operator-access@acme-api-dev-3f9a.iam.gserviceaccount.com',
    'acme-api-dev-3f9a:us-central1:pg-1a2b',
  ]);
  assert.deepEqual(ro.psql, [
    {
      database: 'primary',
      argv: [
        'psql',
        '-h',
        '127.0.0.1',
        '-p',
        '5433',
        '-U',
        'operator-access@acme-api-dev-3f9a.iam',
        '-d',
        'primary',
      ],
    },
  ]);
  const rw = pgConnectPlan(api, dev, { writeAccess: true, port: 6000, connectionName: 'c:r:i' })!;
  assert.equal(rw.serviceAccount, 'acme-api-sa@acme-api-dev-3f9a.iam.gserviceaccount.com');
  assert.equal(rw.psql[0]!.argv[4], '6000');
  assert.equal(pgConnectPlan(job, jobProd, { writeAccess: false, connectionName: 'c:r:i' }), undefined);
  assert.deepEqual(cloudSqlConnectionNameLookup(dev), [
    'gcloud',
    'sql',
    'instances',
    'list',
    '--project=acme-api-dev-3f9a',
    '--format=value(connectionName)',
  ]);
  assert.equal(mspPgConnectCommand(api, dev, true), 'msp pg connect --write-access acme-api dev');
});

test('shell quoting and incident commands', () => {
  assert.equal(shellQuote('plain-word_1.2:x/y@z'), 'plain-word_1.2:x/y@z');
  assert.equal(shellQuote("it's $HOME"), `'it'\\''s $HOME'`);
  assert.equal(shellQuote(''), "''");
  assert.equal(commandLine(['a', 'b c']), "a 'b c'");
  assert.deepEqual(
    incidentCommands(job, jobProd).map((c) => commandLine(c.argv)),
    [
      'gcloud run jobs executions list --job=nightly-sync-prod-europe-west2 --region=europe-west2 --project=nightly-sync-prod-9c1e',
      'gcloud run jobs execute nightly-sync-prod-europe-west2 --region=europe-west2 --project=nightly-sync-prod-9c1e',
    ],
  );
  assert.match(
    commandLine(incidentCommands(api, prod)[1]!.argv),
    /update-traffic acme-api-prod-us-central1 .*--to-revisions=REVISION=100$/,
  );
});
