/**
 * End to end, user values are data: random strings (with `${`, `%{`, `$${`, quotes, backslashes,
 * newlines, non-ASCII) written as env values and alert descriptions in service.yaml come out of
 * the generated Terraform as literals equal to the input. The Terraform layer's own property
 * test (src/terraform/escape.property.test.ts) also runs Terraform itself on such strings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateService } from '../../src/generate/service.ts';
import { unescapeTemplateLiteral } from '../../src/terraform/escape.ts';
import { examplePlatform, exampleSpec, TEST_TOOL_VERSION } from '../support/examples.ts';

const tricky = fc.oneof(
  fc.constantFrom(
    '${',
    '%{',
    '$${',
    '%%{',
    '}',
    '"',
    "'",
    '\\',
    '\n',
    '\t',
    'é',
    '日本',
    '🚀',
    '$' + '{var.x}',
    '%{ if true }x%{ endif }',
  ),
  fc.string({ maxLength: 4 }),
);
// Env values may not contain `{{ … }}` (the only template syntax msp owns) and YAML cannot hold
// most C0 control characters, so those are left out.
const userString = fc
  .array(tricky, { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''))
  .filter(
    (s) =>
      !s.includes('{{') &&
      !s.includes('}}') &&
      !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s) &&
      s.trim() !== '',
  );

/** `value` as a YAML scalar: a JSON string is a valid YAML double-quoted scalar. */
function yamlScalar(value: string): string {
  return JSON.stringify(value);
}

function cloudrunEnv(
  files: { path: string; content: string | Uint8Array }[],
  env: string,
): Map<string, string> {
  const f = files.find((x) => x.path === `${env}/stacks/cloudrun/main.tf.json`)!;
  const json = JSON.parse(String(f.content));
  const service = Object.values(
    json.resource.google_cloud_run_v2_service as Record<
      string,
      { template: { containers: { env?: { name: string; value?: string }[] }[] }[] }
    >,
  )[0]!;
  const out = new Map<string, string>();
  for (const e of service.template[0]!.containers[0]!.env ?? [])
    if (e.value !== undefined) out.set(e.name, e.value);
  return out;
}

describe('spec strings come out of generation as literals', () => {
  it('env values', () => {
    fc.assert(
      fc.property(userString, (value) => {
        const spec = exampleSpec('acme-api', {
          edit: (t) => t.replace('      LOG_LEVEL: info\n', () => `      LOG_LEVEL: ${yamlScalar(value)}\n`),
        });
        assert.equal(spec.environments[0]!.env.find((e) => e.name === 'LOG_LEVEL')!.value, value);
        const gen = generateService({
          spec,
          platform: examplePlatform(),
          toolVersion: TEST_TOOL_VERSION,
          specPath: 'services/acme-api/service.yaml',
          inputHash: '',
        });
        assert.deepEqual(
          gen.diagnostics.filter((d) => d.severity === 'error'),
          [],
        );
        const rendered = cloudrunEnv(gen.value!.files, 'dev').get('LOG_LEVEL')!;
        assert.equal(unescapeTemplateLiteral(rendered), value);
      }),
      { numRuns: 150, seed: 4242 },
    );
  });

  it('custom alert descriptions in the monitoring stack', () => {
    fc.assert(
      fc.property(userString, (value) => {
        const spec = exampleSpec('acme-api', {
          edit: (t) =>
            t.replace(
              '        description: Work queue is growing.\n',
              () => `        description: ${yamlScalar(value)}\n`,
            ),
        });
        const gen = generateService({
          spec,
          platform: examplePlatform(),
          toolVersion: TEST_TOOL_VERSION,
          specPath: 'services/acme-api/service.yaml',
          inputHash: '',
        });
        assert.deepEqual(
          gen.diagnostics.filter((d) => d.severity === 'error'),
          [],
        );
        const text = String(
          gen.value!.files.find((f) => f.path === 'dev/stacks/monitoring/main.tf.json')!.content,
        );
        const json = JSON.parse(text);
        const docs = Object.values(
          json.resource.google_monitoring_alert_policy as Record<
            string,
            { documentation?: { content: string }[] | { content: string } }
          >,
        )
          .map(
            (p) =>
              (Array.isArray(p.documentation) ? p.documentation[0]?.content : p.documentation?.content) ?? '',
          )
          .map((c) => unescapeTemplateLiteral(c));
        // Documentation trims the description; everything else is kept byte for byte.
        assert.ok(
          docs.some((c) => c.includes(value.trim())),
          'the description appears literally in an alert policy',
        );
      }),
      { numRuns: 100, seed: 99 },
    );
  });
});
