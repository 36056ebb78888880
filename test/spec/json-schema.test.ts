/**
 * The exported draft-07 JSON Schema (`msp schema`), compiled with ajv:
 * - it accepts every example spec and the valid fixtures (except the ones listed below);
 * - it rejects the invalid fixtures it can express (unknown keys, wrong types, missing keys, bad
 *   enums, patterns, ranges, minItems, if/then on kind and deploy type) and accepts the rest,
 *   whose rules are cross-field (the validator's job).
 * The committed docs/schema/*.json files are goldens (test/repo/goldens.test.ts; refresh with
 * `npm run goldens`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { platformJsonSchema } from '../../src/platform/schema.ts';
import { serviceJsonSchema } from '../../src/spec/schema.ts';
import { exampleSpecs, REPO, readFixtures } from './helpers.ts';

const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(serviceJsonSchema());
const errorsText = () => ajv.errorsText(validate.errors, { separator: '\n' });

test('the schemas are draft-07 with an id and descriptions', () => {
  for (const s of [serviceJsonSchema(), platformJsonSchema()]) {
    assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.match(String(s.$id), /^https:\/\/.+\.schema\.json$/);
    assert.equal(typeof s.description, 'string');
  }
  const text = JSON.stringify(serviceJsonSchema());
  for (const k of ['"default"', '"enum"', '"examples"', '"description"']) assert.ok(text.includes(k), k);
});

test('the platform schema accepts the example platform config', () => {
  const v = ajv.compile(platformJsonSchema());
  const ok = v(parseYaml(readFileSync(join(REPO, 'examples', 'platform.yaml'), 'utf8')));
  assert.ok(ok, ajv.errorsText(v.errors));
});

for (const [name, text] of exampleSpecs())
  test(`accepts example ${name}`, () => {
    assert.ok(validate(parseYaml(text)), errorsText());
  });

/**
 * Valid for the validator, rejected by the schema, on purpose: the schema wants string values
 * quoted (the validator keeps yaml.v3's literal text for numbers and booleans), and it does not
 * list legacy keys (warnings for the validator).
 */
const VALID_BUT_NOT_FOR_THE_SCHEMA = new Set([
  'compat-yaml-v3.yaml',
  'env-vars-secrets.yaml',
  'legacy-domain-required.yaml',
  'legacy-keys.yaml',
]);

for (const f of readFixtures('valid'))
  test(`valid fixture ${f.name}: ${VALID_BUT_NOT_FOR_THE_SCHEMA.has(f.name) ? 'rejected (stricter)' : 'accepted'}`, () => {
    const ok = validate(parseYaml(f.text));
    assert.equal(ok, !VALID_BUT_NOT_FOR_THE_SCHEMA.has(f.name), errorsText());
  });

/**
 * Invalid fixtures the schema accepts, on purpose: every problem in them is a rule across keys,
 * files or the platform config (a rollout stage naming a missing environment, a Notion page
 * required by the category, a duplicate domain, a region the platform does not list, a paging
 * route, an objective for the other kind of service), which only the validator and the language server see (docs/editor.md). The schema
 * rejects every other invalid fixture: patterns, ranges, `minItems`, enums and the `if`/`then`
 * rules on `kind`, deploy type, domain type and probes.
 */
const CROSS_FIELD_ONLY = new Set([
  'alerting-paging-route.yaml',
  'env-display-name.yaml',
  'env-domain-duplicate.yaml',
  'env-locations-platform.yaml',
  'objectives-job.yaml',
  'rollout-job.yaml',
  'rollout-missing.yaml',
  'rollout-stages.yaml',
  'service-notion-required.yaml',
]);

// `yaml-*` fixtures are YAML-level errors: there is no document for a schema to check.
for (const f of readFixtures('invalid').filter((x) => !x.name.startsWith('yaml-')))
  test(`invalid fixture ${f.name}: ${CROSS_FIELD_ONLY.has(f.name) ? 'cross-field rules only, accepted' : 'rejected'}`, () => {
    const ok = validate(parseYaml(f.text));
    assert.equal(ok, CROSS_FIELD_ONLY.has(f.name), ok ? 'accepted' : errorsText());
  });
