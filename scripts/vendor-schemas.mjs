// Vendors the provider schemas msp checks against, then regenerates the TypeScript argument types.
//
//   node scripts/vendor-schemas.mjs [--from <dir>]
//
// Reads <dir>/<provider>-<version>.json (`terraform providers schema -json` shape; default dir
// /work/shared/terraform-schemas or $MSP_TERRAFORM_SCHEMAS) for every provider in
// src/terraform/schemas/providers.json, keeps the provider block and only the resource and data
// source types listed in src/terraform/schemas/types.json, and writes
// src/terraform/schemas/<provider>.json. Also writes terraform.json, the schema of Terraform's
// built-in provider (terraform_data, terraform_remote_state). Output is deterministic: running
// it twice gives the same bytes. To add a type: list it in types.json and rerun.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGeneratedTypes } from './gen-tf-types.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = join(root, 'src/terraform/schemas');

/** Terraform's built-in provider, as `terraform providers schema -json` (1.11) reports it. */
const BUILTIN = {
  source: 'terraform.io/builtin/terraform',
  version: 'builtin',
  provider: {},
  resources: {
    terraform_data: {
      attributes: {
        id: { computed: true, type: 'string' },
        input: { optional: true, type: 'dynamic' },
        output: { computed: true, type: 'dynamic' },
        triggers_replace: { optional: true, type: 'dynamic' },
      },
    },
  },
  data_sources: {
    terraform_remote_state: {
      attributes: {
        backend: { required: true, type: 'string' },
        config: { optional: true, type: 'dynamic' },
        defaults: { optional: true, type: 'dynamic' },
        outputs: { computed: true, type: 'dynamic' },
        workspace: { optional: true, type: 'string' },
      },
    },
  },
};

const ATTRIBUTE_KEYS = [
  'computed',
  'deprecated',
  'nested_type',
  'optional',
  'required',
  'sensitive',
  'type',
  'write_only',
];
const BLOCK_TYPE_KEYS = ['block', 'max_items', 'min_items', 'nesting_mode'];

function fail(message) {
  console.error(`vendor-schemas: ${message}`);
  process.exit(1);
}

/** Keeps names, types, flags and nesting; drops descriptions, schema versions and false flags. */
function stripBlock(block) {
  const out = {};
  if (block.attributes && Object.keys(block.attributes).length > 0) {
    out.attributes = {};
    for (const name of Object.keys(block.attributes).sort())
      out.attributes[name] = stripAttribute(block.attributes[name]);
  }
  if (block.block_types && Object.keys(block.block_types).length > 0) {
    out.block_types = {};
    for (const name of Object.keys(block.block_types).sort()) {
      const bt = block.block_types[name];
      const o = {};
      for (const k of BLOCK_TYPE_KEYS) {
        if (k === 'block') o.block = stripBlock(bt.block ?? {});
        else if (bt[k] !== undefined && bt[k] !== 0) o[k] = bt[k];
      }
      out.block_types[name] = o;
    }
  }
  if (block.deprecated) out.deprecated = true;
  return out;
}

function stripAttribute(attr) {
  const o = {};
  for (const k of ATTRIBUTE_KEYS) {
    const v = attr[k];
    if (v === undefined || v === false) continue;
    if (k === 'nested_type') {
      o.nested_type = { ...stripBlock({ attributes: v.attributes }), nesting_mode: v.nesting_mode };
      if (v.min_items) o.nested_type.min_items = v.min_items;
      if (v.max_items) o.nested_type.max_items = v.max_items;
    } else o[k] = v;
  }
  return o;
}

/** Deterministic JSON with sorted keys, one line per type so diffs stay readable. */
function formatSchemaFile(schema) {
  const line = (v) => JSON.stringify(sortKeys(v));
  const section = (obj) => {
    const names = Object.keys(obj).sort();
    if (names.length === 0) return '{}';
    return `{\n${names.map((n) => `  ${JSON.stringify(n)}: ${line(obj[n])}`).join(',\n')}\n}`;
  };
  return (
    `{\n"source": ${JSON.stringify(schema.source)},\n"version": ${JSON.stringify(schema.version)},\n` +
    `"provider": ${line(schema.provider)},\n"resources": ${section(schema.resources)},\n` +
    `"data_sources": ${section(schema.data_sources)}\n}\n`
  );
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}

function main() {
  const args = process.argv.slice(2);
  const fromIdx = args.indexOf('--from');
  const from =
    fromIdx >= 0
      ? args[fromIdx + 1]
      : (process.env.MSP_TERRAFORM_SCHEMAS ?? '/work/shared/terraform-schemas');
  if (!from || !existsSync(from)) fail(`schema directory not found: ${from}`);

  const providers = JSON.parse(readFileSync(join(schemaDir, 'providers.json'), 'utf8'));
  const types = JSON.parse(readFileSync(join(schemaDir, 'types.json'), 'utf8'));
  for (const name of Object.keys(types))
    if (!providers[name]) fail(`types.json names provider "${name}" missing from providers.json`);

  const written = new Set(['providers.json', 'types.json']);
  for (const name of Object.keys(providers).sort()) {
    const { source, version } = providers[name];
    const file = join(from, `${name}-${version}.json`);
    if (!existsSync(file)) fail(`no schema file ${file} for ${source} ${version}`);
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    const address = `registry.terraform.io/${source}`;
    const ps = raw.provider_schemas?.[address];
    if (!ps) fail(`${file} has no schema for ${address}`);
    const want = types[name] ?? { resources: [], data_sources: [] };
    const pick = (kind, available, list) => {
      const out = {};
      for (const type of [...new Set(list)].sort()) {
        if (!available?.[type]) fail(`${kind} ${type} is not in ${source} ${version}`);
        out[type] = stripBlock(available[type].block);
      }
      return out;
    };
    const schema = {
      source,
      version,
      provider: stripBlock(ps.provider?.block ?? {}),
      resources: pick('resource', ps.resource_schemas, want.resources ?? []),
      data_sources: pick('data source', ps.data_source_schemas, want.data_sources ?? []),
    };
    writeFileSync(join(schemaDir, `${name}.json`), formatSchemaFile(schema));
    written.add(`${name}.json`);
  }
  writeFileSync(join(schemaDir, 'terraform.json'), formatSchemaFile(BUILTIN));
  written.add('terraform.json');
  for (const f of readdirSync(schemaDir))
    if (f.endsWith('.json') && !written.has(f)) rmSync(join(schemaDir, f));

  const files = writeGeneratedTypes(root);
  console.log(
    `vendored ${written.size - 2} schemas into src/terraform/schemas; wrote ${files.length} type files`,
  );
}

main();
