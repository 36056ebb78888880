import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PROVIDERS } from './providers.ts';
import { loadVendoredSchemas, VENDORED_SCHEMAS } from './schema.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const schemaDir = join(here, 'schemas');
const root = join(here, '..', '..');

interface TypeList {
  resources: string[];
  data_sources: string[];
}

describe('vendored provider schemas', () => {
  const types = JSON.parse(readFileSync(join(schemaDir, 'types.json'), 'utf8')) as Record<string, TypeList>;
  const providers = JSON.parse(readFileSync(join(schemaDir, 'providers.json'), 'utf8')) as Record<
    string,
    { source: string; version: string }
  >;

  it('hold exactly the types listed in types.json, at the versions in providers.json', () => {
    for (const [name, req] of Object.entries(providers)) {
      const file = JSON.parse(readFileSync(join(schemaDir, `${name}.json`), 'utf8'));
      assert.equal(file.source, req.source);
      assert.equal(file.version, req.version);
      assert.deepEqual(Object.keys(file.resources), [...(types[name]?.resources ?? [])].sort(), name);
      assert.deepEqual(Object.keys(file.data_sources), [...(types[name]?.data_sources ?? [])].sort(), name);
    }
    assert.deepEqual(PROVIDERS, providers);
  });

  it('stay small', () => {
    const total = readdirSync(schemaDir).reduce((n, f) => n + statSync(join(schemaDir, f)).size, 0);
    assert.ok(total < 1024 * 1024, `vendored schemas are ${total} bytes`);
  });

  it('index every vendored type and provider', () => {
    const index = loadVendoredSchemas();
    for (const p of VENDORED_SCHEMAS) {
      assert.ok(index.provider(p.source), p.source);
      for (const t of Object.keys(p.resources)) assert.ok(index.resource(t)?.block.names.length, t);
      for (const t of Object.keys(p.data_sources)) assert.ok(index.dataSource(t), t);
    }
    assert.ok(index.resource('google_cloud_run_v2_service')?.block.blocks.get('template'));
    assert.equal(index.provider('registry.terraform.io/hashicorp/google')?.version, '7.9.0');
    assert.equal(index.resource('google_project_service_identity'), undefined);
  });

  it('match the committed generated TypeScript types', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'gen-tf-types.mjs'), '--check'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  });
});
