/**
 * The provider-schema check: every resource, data source and provider block of a generated
 * Terraform JSON document against the vendored provider schemas, plus references, providers
 * and meta-arguments. Pure: data in, diagnostics out; never throws on bad content.
 */

import type { Diagnostic, KeyPath } from '../diagnostics/diagnostic.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import { checkBody, checkReferencesIn, isExpression, type MetaCheck } from './check-body.ts';
import { CheckContext, describeValue, type Owner, type TfCheckCode } from './check-context.ts';
import { checkNames } from './check-names.ts';
import { walkSchemaPath } from './check-refs.ts';
import { renderStack } from './render.ts';
import {
  BUILTIN_PROVIDER_SOURCE,
  type IndexedBlock,
  loadVendoredSchemas,
  normalizeSource,
  type SchemaIndex,
} from './schema.ts';
import type { Stack } from './stack.ts';
import { parseTraversal } from './traversal.ts';

type Obj = Record<string, unknown>;

const TOP_LEVEL = new Set([
  '//',
  'terraform',
  'provider',
  'variable',
  'locals',
  'resource',
  'data',
  'output',
]);
const RESOURCE_META = new Set([
  'count',
  'for_each',
  'depends_on',
  'lifecycle',
  'provider',
  'provisioner',
  'connection',
]);
const DATA_META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider']);
const LIFECYCLE_KEYS = new Set([
  'create_before_destroy',
  'prevent_destroy',
  'ignore_changes',
  'replace_triggered_by',
  'precondition',
  'postcondition',
]);
const VARIABLE_KEYS = new Set([
  'type',
  'default',
  'description',
  'sensitive',
  'nullable',
  'validation',
  'ephemeral',
]);
const OUTPUT_KEYS = new Set(['value', 'description', 'sensitive', 'depends_on', 'precondition', 'ephemeral']);

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Checks a stack against provider schemas (the vendored ones by default). Renders the stack
 * first, so diagnostic paths point into the generated JSON, e.g.
 * `['resource', 'google_project', 'project', 'billing_account']`. Returns diagnostics in
 * document order; empty means the stack passed. Throws only if the stack cannot be rendered.
 */
export function checkStack(stack: Stack, schemas: SchemaIndex = loadVendoredSchemas()): Diagnostic[] {
  return checkTerraformJson(renderStack(stack), schemas);
}

interface CheckOptions {
  /**
   * Documents of the same module (the other files of the folder): their resources, data
   * sources, variables, locals, providers and required providers are declared before `doc` is
   * checked, so references into them resolve. They are not checked themselves.
   */
  alsoDeclared?: readonly unknown[];
}

/**
 * Checks a Terraform JSON document (as parsed from a `*.tf.json` file or rendered by
 * `renderStack`). Pure; never throws.
 */
export function checkTerraformJson(
  doc: unknown,
  schemas: SchemaIndex = loadVendoredSchemas(),
  options: CheckOptions = {},
): Diagnostic[] {
  const ctx = new CheckContext(schemas);
  // Other files of the same module: what they declare can be referred to from `doc`.
  for (const other of options.alsoDeclared ?? []) if (isObject(other)) declare(ctx, other);
  if (!isObject(doc)) {
    ctx.error('TF_DOCUMENT_NOT_OBJECT', 'Terraform JSON must be an object', [], {
      found: describeValue(doc),
    });
    return ctx.diagnostics;
  }
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL.has(key)) {
      ctx.error('TF_UNKNOWN_TOP_LEVEL_BLOCK', `Unsupported top-level block "${key}"`, [key], {
        hint: didYouMean(key, [...TOP_LEVEL]),
      });
    }
  }
  declare(ctx, doc);
  checkTerraformBlock(ctx, doc.terraform);
  checkProviders(ctx, doc.provider);
  checkVariables(ctx, doc.variable);
  checkLocals(ctx, doc.locals);
  checkBlocks(ctx, 'resource', doc.resource);
  checkBlocks(ctx, 'data', doc.data);
  checkOutputs(ctx, doc.output);
  checkNames(ctx, doc.resource);
  return ctx.diagnostics;
}

/** First pass: what the document declares, so references can be resolved in any order. */
function declare(ctx: CheckContext, doc: Obj): void {
  for (const [section, map] of [
    ['resource', ctx.resources],
    ['data', ctx.dataSources],
  ] as const) {
    const byType = doc[section];
    if (!isObject(byType)) continue;
    for (const type in byType) {
      const byName = byType[type];
      if (!isObject(byName)) continue;
      for (const name in byName) {
        const body = byName[name];
        const repeated = isObject(body) && (body.count !== undefined || body.for_each !== undefined);
        map.set(section === 'data' ? `data.${type}.${name}` : `${type}.${name}`, { type, name, repeated });
      }
    }
  }
  if (isObject(doc.variable)) {
    for (const [name, v] of Object.entries(doc.variable))
      ctx.variables.set(name, isObject(v) && v.sensitive === true);
  }
  if (isObject(doc.locals)) for (const name of Object.keys(doc.locals)) ctx.locals.add(name);
  if (isObject(doc.provider)) {
    for (const [name, configs] of Object.entries(doc.provider)) {
      for (const c of Array.isArray(configs) ? configs : [configs]) {
        ctx.providerConfigs.add(isObject(c) && typeof c.alias === 'string' ? `${name}.${c.alias}` : name);
      }
    }
  }
  const tf = doc.terraform;
  const rp = isObject(tf) ? tf.required_providers : undefined;
  if (isObject(rp)) {
    for (const [name, r] of Object.entries(rp)) {
      if (isObject(r)) {
        ctx.requiredProviders.set(name, {
          source: typeof r.source === 'string' ? r.source : undefined,
          version: typeof r.version === 'string' ? r.version : undefined,
        });
      } else ctx.requiredProviders.set(name, {});
    }
  }
}

/** The source a provider local name resolves to: `required_providers`, else `hashicorp/<name>`. */
function sourceOf(ctx: CheckContext, localName: string): string {
  return normalizeSource(ctx.requiredProviders.get(localName)?.source ?? `hashicorp/${localName}`);
}

function checkTerraformBlock(ctx: CheckContext, tf: unknown): void {
  if (tf === undefined) return;
  if (!isObject(tf)) {
    ctx.error('TF_NOT_AN_OBJECT', '"terraform" must be an object', ['terraform']);
    return;
  }
  for (const [name, req] of ctx.requiredProviders) {
    const path = ['terraform', 'required_providers', name];
    if (!req.source) {
      ctx.error('TF_PROVIDER_SOURCE_MISSING', `Required provider "${name}" has no source`, path, {
        hint: `Set its registry source, e.g. source = "hashicorp/${name}".`,
      });
      continue;
    }
    const p = ctx.schemas.provider(req.source);
    if (!p) {
      ctx.error(
        'TF_UNKNOWN_PROVIDER',
        `Required provider "${name}" (${req.source}) has no vendored schema`,
        path,
        {
          detail:
            'Resources of this provider cannot be checked. Add it to src/terraform/schemas/providers.json.',
        },
      );
    } else if (
      req.version &&
      /^=?\s*\d+\.\d+\.\d+$/.test(req.version) &&
      req.version.replace(/^=\s*/, '') !== p.version
    ) {
      ctx.warning(
        'TF_PROVIDER_VERSION_MISMATCH',
        `Required provider "${name}" is pinned to ${req.version} but checked against the ${p.version} schema`,
        [...path, 'version'],
        { expected: p.version, found: req.version },
      );
    }
  }
}

function checkProviders(ctx: CheckContext, providers: unknown): void {
  if (providers === undefined) return;
  if (!isObject(providers)) {
    ctx.error('TF_NOT_AN_OBJECT', '"provider" must be an object', ['provider']);
    return;
  }
  for (const [name, configs] of Object.entries(providers)) {
    const list = Array.isArray(configs) ? configs : [configs];
    const source = sourceOf(ctx, name);
    const p = ctx.schemas.provider(source);
    if (!p || p.source === BUILTIN_PROVIDER_SOURCE) {
      ctx.error('TF_UNKNOWN_PROVIDER', `Provider "${name}" (${source}) has no vendored schema`, [
        'provider',
        name,
      ]);
      continue;
    }
    if (!ctx.requiredProviders.has(name)) {
      ctx.error(
        'TF_PROVIDER_NOT_REQUIRED',
        `Provider "${name}" is configured but not in required_providers`,
        ['provider', name],
      );
    }
    let defaults = 0;
    list.forEach((body, i) => {
      const path: KeyPath = Array.isArray(configs) ? ['provider', name, i] : ['provider', name];
      const alias = isObject(body) && typeof body.alias === 'string' ? body.alias : undefined;
      if (alias === undefined && ++defaults > 1) {
        ctx.error(
          'TF_PROVIDER_DUPLICATE_DEFAULT',
          `Provider "${name}" has more than one default configuration`,
          path,
          {
            hint: 'Give the extra configurations an alias.',
          },
        );
      }
      const owner: Owner = {
        address: alias ? `provider.${name}.${alias}` : `provider.${name}`,
        schemaLabel: `${p.source} ${p.version} provider`,
      };
      checkBody(ctx, owner, p.block, body, path as KeyPath, providerMeta);
    });
  }
}

function checkVariables(ctx: CheckContext, vars: unknown): void {
  if (!isObject(vars)) return;
  for (const [name, v] of Object.entries(vars)) {
    if (!isObject(v)) {
      ctx.error('TF_NOT_AN_OBJECT', 'A variable must be an object', ['variable', name], {
        address: `var.${name}`,
      });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (!VARIABLE_KEYS.has(key)) {
        ctx.error('TF_UNKNOWN_ATTRIBUTE', `Unknown attribute "${key}"`, ['variable', name, key], {
          address: `var.${name}`,
          hint: didYouMean(key, [...VARIABLE_KEYS]),
        });
      }
    }
  }
}

function checkLocals(ctx: CheckContext, locals: unknown): void {
  if (!isObject(locals)) return;
  for (const [name, value] of Object.entries(locals)) {
    const owner: Owner = { address: `local.${name}`, schemaLabel: 'locals' };
    checkReferencesIn(ctx, owner, value, ['locals', name]);
  }
}

function checkOutputs(ctx: CheckContext, outputs: unknown): void {
  if (!isObject(outputs)) return;
  for (const [name, o] of Object.entries(outputs)) {
    const path = ['output', name];
    if (!isObject(o)) {
      ctx.error('TF_NOT_AN_OBJECT', 'An output must be an object', path, { address: `output.${name}` });
      continue;
    }
    for (const key of Object.keys(o)) {
      if (!OUTPUT_KEYS.has(key)) {
        ctx.error('TF_UNKNOWN_ATTRIBUTE', `Unknown attribute "${key}"`, [...path, key], {
          address: `output.${name}`,
          hint: didYouMean(key, [...OUTPUT_KEYS]),
        });
      }
    }
    if (o.value === undefined) {
      ctx.error('TF_MISSING_REQUIRED', 'Missing required attribute "value"', path, {
        address: `output.${name}`,
      });
      continue;
    }
    const owner: Owner = {
      address: `output.${name}`,

      schemaLabel: 'output',
      sensitiveOutput: { name, sensitive: o.sensitive === true },
    };
    checkReferencesIn(ctx, owner, o.value, [...path, 'value']);
    checkDependsOn(ctx, owner, o.depends_on, [...path, 'depends_on']);
  }
}

function checkBlocks(ctx: CheckContext, section: 'resource' | 'data', byType: unknown): void {
  if (byType === undefined) return;
  if (!isObject(byType)) {
    ctx.error('TF_NOT_AN_OBJECT', `"${section}" must be an object`, [section]);
    return;
  }
  const isData = section === 'data';
  for (const type in byType) {
    const byName = byType[type];
    const schema = isData ? ctx.schemas.dataSource(type) : ctx.schemas.resource(type);
    if (!schema) {
      ctx.error(
        'TF_UNKNOWN_RESOURCE_TYPE',
        `Unknown ${isData ? 'data source' : 'resource'} type "${type}"`,
        [section, type],
        {
          detail:
            'The type is not in the vendored provider schemas. If it exists in the provider, add it to ' +
            'src/terraform/schemas/types.json and run node scripts/vendor-schemas.mjs.',
          hint: didYouMean(type, isData ? ctx.schemas.dataSourceTypes() : ctx.schemas.resourceTypes()),
        },
      );
      continue;
    }
    if (!isObject(byName)) {
      ctx.error(
        'TF_NOT_AN_OBJECT',
        `The ${isData ? 'data sources' : 'resources'} of a type must be an object of named blocks`,
        [section, type],
      );
      continue;
    }
    for (const name in byName) {
      const body = byName[name];
      const path: KeyPath = [section, type, name];
      const owner: Owner = {
        address: isData ? `data.${type}.${name}` : `${type}.${name}`,
        schemaLabel: `${schema.provider.source} ${schema.provider.version} ${type}`,
      };
      checkProviderOf(ctx, owner, type, schema.provider.source, body, path);
      checkBody(ctx, owner, schema.block, body, path, isData ? dataMeta : resourceMeta);
    }
  }
}

/** The provider configuration a resource uses must be required and, when aliased, declared. */
function checkProviderOf(
  ctx: CheckContext,
  owner: Owner,
  type: string,
  source: string,
  body: unknown,
  path: KeyPath,
): void {
  if (source === BUILTIN_PROVIDER_SOURCE) return;
  const explicit = isObject(body) && typeof body.provider === 'string' ? body.provider : undefined;
  const localName = explicit ? explicit.split('.')[0]! : type.split('_')[0]!;
  const req = ctx.requiredProviders.get(localName);
  if (!req) {
    ctx.errorIn(
      owner,
      'TF_PROVIDER_NOT_REQUIRED',
      `Provider "${localName}" is not in required_providers`,
      explicit ? [...path, 'provider'] : path,
      {
        detail: `Without a required_providers entry Terraform assumes hashicorp/${localName} at any version; the schema used here is ${source}.`,
        hint: `Add required_providers.${localName} = { source = "${source}" }.`,
      },
    );
  } else if (req.source && normalizeSource(req.source) !== source) {
    ctx.errorIn(
      owner,
      'TF_PROVIDER_SOURCE_MISMATCH',
      `Provider "${localName}" is ${req.source}, but ${type} belongs to ${source}`,
      explicit ? [...path, 'provider'] : path,
    );
  }
  if (explicit && !ctx.providerConfigs.has(explicit)) {
    ctx.errorIn(
      owner,
      'TF_UNDECLARED_PROVIDER',
      `Provider configuration "${explicit}" is not declared`,
      [...path, 'provider'],
      { hint: didYouMean(explicit, ctx.providerConfigs) },
    );
  }
}

const providerMeta: MetaCheck = (_ctx, _owner, _block, key) => key === 'alias' || key === 'version';

const resourceMeta: MetaCheck = (ctx, owner, block, key, value, path) => {
  if (!RESOURCE_META.has(key)) return false;
  checkMeta(ctx, owner, key, value, path.slice(), block);
  return true;
};

const dataMeta: MetaCheck = (ctx, owner, block, key, value, path) => {
  if (!DATA_META.has(key)) return false;
  checkMeta(ctx, owner, key, value, path.slice(), block);
  return true;
};

function checkMeta(
  ctx: CheckContext,
  owner: Owner,
  key: string,
  value: unknown,
  at: KeyPath,
  block: IndexedBlock,
): void {
  const invalid = (code: TfCheckCode, message: string) =>
    ctx.errorIn(owner, code, message, at, { found: describeValue(value) });
  switch (key) {
    case 'depends_on':
      checkDependsOn(ctx, owner, value, at);
      return;
    case 'provider':
      if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)?$/.test(value)) {
        invalid('TF_PROVIDER_ARGUMENT_INVALID', 'provider must be "name" or "name.alias"');
      }
      return;
    case 'count':
      if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0) && !isExpression(value)) {
        invalid('TF_COUNT_INVALID', 'count must be a whole number or an expression');
      } else checkReferencesIn(ctx, owner, value, at);
      return;
    case 'for_each':
      if (!Array.isArray(value) && !isObject(value) && !isExpression(value))
        invalid('TF_FOR_EACH_INVALID', 'for_each must be a map, a set or an expression');
      else checkReferencesIn(ctx, owner, value, at);
      return;
    case 'lifecycle':
      checkLifecycle(ctx, owner, value, at, block);
      return;
    default:
      return; // provisioner, connection: not generated, accepted as written
  }
}

function checkLifecycle(
  ctx: CheckContext,
  owner: Owner,
  value: unknown,
  at: KeyPath,
  block: IndexedBlock,
): void {
  if (!isObject(value)) {
    ctx.errorIn(owner, 'TF_LIFECYCLE_INVALID', 'lifecycle must be an object', at, {
      found: describeValue(value),
    });
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = [...at, k];
    if (!LIFECYCLE_KEYS.has(k)) {
      ctx.errorIn(owner, 'TF_LIFECYCLE_UNKNOWN_ARGUMENT', `Unknown lifecycle argument "${k}"`, p, {
        hint: didYouMean(k, [...LIFECYCLE_KEYS]),
      });
    } else if ((k === 'create_before_destroy' || k === 'prevent_destroy') && typeof v !== 'boolean') {
      ctx.errorIn(owner, 'TF_TYPE_MISMATCH', `lifecycle.${k} must be a bool literal`, p, {
        found: describeValue(v),
      });
    } else if (k === 'ignore_changes') {
      if (v === 'all') continue;
      if (!Array.isArray(v)) {
        ctx.errorIn(
          owner,
          'TF_IGNORE_CHANGES_INVALID',
          'lifecycle.ignore_changes must be a list or "all"',
          p,
        );
        continue;
      }
      for (let i = 0; i < v.length; i++) checkIgnoredPath(ctx, owner, v[i], [...p, i], block);
    } else if (k === 'replace_triggered_by') {
      checkReferencesIn(
        ctx,
        owner,
        Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? `\${${s}}` : s)) : v,
        p,
      );
    }
  }
}

function checkIgnoredPath(
  ctx: CheckContext,
  owner: Owner,
  entry: unknown,
  at: KeyPath,
  block: IndexedBlock,
): void {
  if (typeof entry !== 'string') {
    ctx.errorIn(
      owner,
      'TF_IGNORE_CHANGES_INVALID',
      'lifecycle.ignore_changes entries must be attribute paths',
      at,
      {
        found: describeValue(entry),
      },
    );
    return;
  }
  let steps: ReturnType<typeof parseTraversal>;
  try {
    steps = parseTraversal(entry);
  } catch (e) {
    ctx.errorIn(
      owner,
      'TF_IGNORE_CHANGES_INVALID',
      `lifecycle.ignore_changes entry "${entry}" is not an attribute path`,
      at,
      {
        detail: (e as Error).message,
      },
    );
    return;
  }
  const result = walkSchemaPath(block, steps, owner.address.replace(/^data\./, '').split('.')[0]!);
  if (!result.ok) {
    ctx.errorIn(
      owner,
      'TF_UNKNOWN_ATTRIBUTE',
      `lifecycle.ignore_changes entry "${entry}": ${result.message}`,
      at,
      {
        hint: result.hint,
      },
    );
  }
}

/** `depends_on` entries must be addresses of resources or data sources declared here. */
function checkDependsOn(ctx: CheckContext, owner: Owner, value: unknown, at: KeyPath): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    ctx.errorIn(owner, 'TF_DEPENDS_ON_INVALID', 'depends_on must be a list of addresses', at, {
      found: describeValue(value),
    });
    return;
  }
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    const p = [...at, i];
    if (typeof entry !== 'string') {
      ctx.errorIn(owner, 'TF_DEPENDS_ON_INVALID', 'depends_on entries must be addresses', p, {
        found: describeValue(entry),
      });
      continue;
    }
    const declared = entry.startsWith('data.') ? ctx.dataSources.has(entry) : ctx.resources.has(entry);
    if (!declared) {
      ctx.errorIn(owner, 'TF_UNDECLARED_REFERENCE', `depends_on names undeclared "${entry}"`, p, {
        hint: didYouMean(entry, [...ctx.resources.keys(), ...ctx.dataSources.keys()]),
      });
    }
  }
}
