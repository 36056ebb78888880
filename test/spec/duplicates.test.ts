/**
 * Duplicates within one spec are reported at the repetition, with a note (`related`) at the
 * first occurrence; the message does not repeat where that is. Lines marked `# first` and
 * `# again` in each case are where the note and the diagnostic must be.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiagnosticCode } from '../../src/diagnostics/codes/index.ts';
import { describe, parse } from './helpers.ts';

const SERVICE = `service:
  id: acme-api
  owners: [core]
  description: x
`;
const ENV = `  - id: dev
    projectID: acme-api-dev-3f9a
    category: test
    deploy: {type: manual}
    instances:
      resources: {cpu: 1, memory: 1Gi}
`;

const CASES: { name: string; code: DiagnosticCode; text: string }[] = [
  {
    name: 'environment ids',
    code: 'SPEC_DUPLICATE_ENV',
    text: `${SERVICE}environments:\n${ENV.replace('id: dev', 'id: dev # first')}${ENV.replace('id: dev', 'id: dev # again').replace('3f9a', '3f9b')}`,
  },
  {
    name: 'domains',
    code: 'SPEC_DUPLICATE_DOMAIN',
    text: `${SERVICE}environments:\n${ENV}    domain: {type: cloudflare, cloudflare: {subdomain: api, zone: acme.com}} # first\n${ENV.replace(/dev/g, 'prod')}    domain: {type: cloudflare, cloudflare: {subdomain: api, zone: acme.com}} # again\n`,
  },
  {
    name: 'response code alert ids',
    code: 'SPEC_ALERT_ID_DUPLICATE',
    text: `${SERVICE}environments:\n${ENV}monitoring:\n  alerts:\n    responseCodeRatios:\n      - {id: errors, name: Errors, codeClass: 5xx, ratio: 0.1} # first\n      - {id: errors, name: More, codeClass: 4xx, ratio: 0.5} # again\n`,
  },
  {
    name: 'custom alert names (case and spaces ignored)',
    code: 'SPEC_CUSTOM_ALERT_NAME_DUPLICATE',
    text: `${SERVICE}environments:\n${ENV}monitoring:\n  alerts:\n    customAlerts:\n      - {name: Queue depth, severityLevel: WARNING, condition: {type: promql, query: up}} # first\n      - {name: queue-depth, severityLevel: WARNING, condition: {type: promql, query: up}} # again\n`,
  },
  {
    name: 'PostgreSQL databases',
    code: 'SPEC_POSTGRESQL_DATABASE_DUPLICATE',
    text: `${SERVICE}environments:\n${ENV}    resources:\n      postgreSQL:\n        databases:\n          - main # first\n          - main # again\n`,
  },
  {
    name: 'publication names',
    code: 'SPEC_PUBLICATION_NAME_DUPLICATE',
    text: `${SERVICE}environments:\n${ENV}    resources:\n      postgreSQL:\n        databases: [main]\n        logicalReplication:\n          publications:\n            - {name: events, database: main, tables: [a]} # first\n            - {name: events, database: main, tables: [b]} # again\n`,
  },
  {
    name: 'BigQuery tables',
    code: 'SPEC_BIGQUERY_TABLE_DUPLICATE',
    text: `${SERVICE}environments:\n${ENV}    resources:\n      bigQueryDataset:\n        tables:\n          - events # first\n          - events # again\n`,
  },
  {
    name: 'secret volumes in one directory',
    code: 'SPEC_SECRET_VOLUME_SHARED_DIR',
    text: `${SERVICE}environments:\n${ENV}    secretVolumes:\n      a:\n        mountPath: /etc/a/one.pem # first\n        secret: S\n      b:\n        mountPath: /etc/a/two.pem # again\n        secret: S\n`,
  },
  {
    name: 'a variable in env and secretEnv',
    code: 'SPEC_ENV_DUPLICATE',
    text: `${SERVICE}environments:\n${ENV}    env:\n      TOKEN: x # first\n    secretEnv:\n      TOKEN: TOKEN_SECRET # again\n`,
  },
];

const lineOf = (text: string, mark: string) => text.split('\n').findIndex((l) => l.endsWith(`# ${mark}`)) + 1;

for (const c of CASES)
  test(`duplicate ${c.name}: ${c.code} at the repetition, a note at the first`, () => {
    const r = parse(c.text, { file: 'services/acme-api/service.yaml' });
    const found = r.diagnostics.filter((d) => d.code === c.code);
    assert.equal(found.length, 1, describe(r.diagnostics));
    const d = found[0]!;
    assert.equal(d.range?.start.line, lineOf(c.text, 'again'), describe([d]));
    assert.equal(d.related?.length, 1, describe([d]));
    const note = d.related![0]!;
    assert.equal(note.file, 'services/acme-api/service.yaml');
    assert.equal(note.range?.start.line, lineOf(c.text, 'first'));
    assert.match(note.message, /^first /);
    assert.doesNotMatch(d.message, /line \d|first/);
  });
