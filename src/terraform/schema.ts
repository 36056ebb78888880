/**
 * Provider schemas: the vendored JSON shape, and an index of Maps built from it once so checking
 * thousands of stacks stays cheap. Types are indexed lazily, on first lookup.
 */

import cloudflareSchema from './schemas/cloudflare.json' with { type: 'json' };
import googleSchema from './schemas/google.json' with { type: 'json' };
import postgresqlSchema from './schemas/postgresql.json' with { type: 'json' };
import randomSchema from './schemas/random.json' with { type: 'json' };
import terraformSchema from './schemas/terraform.json' with { type: 'json' };
import tfeSchema from './schemas/tfe.json' with { type: 'json' };
import timeSchema from './schemas/time.json' with { type: 'json' };

/** A Terraform (cty) type as schema JSON writes it: `"string"`, `["list","string"]`, `["object",{...}]`. */
export type CtyType = string | readonly unknown[];

/** How a nested block (or nested attribute) repeats. */
export type NestingMode = 'single' | 'group' | 'list' | 'set' | 'map';

/** One attribute of a block, as in `terraform providers schema -json` (descriptions removed). */
interface SchemaAttribute {
  type?: CtyType;
  nested_type?: SchemaNestedType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
}

/** A nested attribute type (plugin-framework providers such as cloudflare 5). */
interface SchemaNestedType {
  attributes?: Record<string, SchemaAttribute>;
  nesting_mode: NestingMode;
  min_items?: number;
  max_items?: number;
}

/** A block: attributes and nested block types. */
interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
  deprecated?: boolean;
}

/** A nested block type. */
interface SchemaBlockType {
  nesting_mode: NestingMode;
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

/** One vendored provider: source address, version, provider block, and the types we use. */
export interface ProviderSchema {
  source: string;
  version: string;
  provider: SchemaBlock;
  resources: Record<string, SchemaBlock>;
  data_sources: Record<string, SchemaBlock>;
}

/** A block indexed for lookups. */
export interface IndexedBlock {
  readonly attributes: ReadonlyMap<string, IndexedAttribute>;
  readonly blocks: ReadonlyMap<string, IndexedBlockType>;
  /** Names of required attributes and of block types with `min_items >= 1`. */
  readonly required: readonly string[];
  readonly deprecated: boolean;
  /** Every attribute and block name, sorted (for "did you mean"). */
  readonly names: readonly string[];
}

/** An attribute, with its nested attribute type indexed when it has one. */
export interface IndexedAttribute extends SchemaAttribute {
  readonly nested?: { readonly mode: NestingMode; readonly block: IndexedBlock };
}

/** A nested block type, indexed. `max` is 0 when unlimited. */
export interface IndexedBlockType {
  readonly nesting: NestingMode;
  readonly min: number;
  readonly max: number;
  readonly block: IndexedBlock;
}

/** A provider known to the index. */
interface IndexedProvider {
  /** Normalised source address, e.g. `hashicorp/google`. */
  readonly source: string;
  readonly version: string;
  readonly block: IndexedBlock;
}

/** The source address of Terraform's built-in provider (terraform_data, terraform_remote_state). */
export const BUILTIN_PROVIDER_SOURCE = 'terraform.io/builtin/terraform';

/** Lower-cases a source address and drops the default registry host. */
export function normalizeSource(source: string): string {
  const s = source.trim().toLowerCase();
  return s.startsWith('registry.terraform.io/') ? s.slice('registry.terraform.io/'.length) : s;
}

/** Builds an {@link IndexedBlock} from schema JSON (recursively). */
function indexBlock(block: SchemaBlock): IndexedBlock {
  const attributes = new Map<string, IndexedAttribute>();
  const blocks = new Map<string, IndexedBlockType>();
  const required: string[] = [];
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const nt = attr.nested_type;
    attributes.set(name, nt ? { ...attr, nested: { mode: nt.nesting_mode, block: indexBlock(nt) } } : attr);
    if (attr.required) required.push(name);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const min = bt.min_items ?? 0;
    blocks.set(name, { nesting: bt.nesting_mode, min, max: bt.max_items ?? 0, block: indexBlock(bt.block) });
    if (min > 0) required.push(name);
  }
  return {
    attributes,
    blocks,
    required: required.sort(),
    deprecated: block.deprecated === true,
    names: [...attributes.keys(), ...blocks.keys()].sort(),
  };
}

interface TypeEntry {
  readonly provider: ProviderSchema;
  readonly raw: SchemaBlock;
  indexed?: TypeSchema;
}

/** What a resource or data source type resolves to. */
interface TypeSchema {
  readonly provider: IndexedProvider;
  readonly block: IndexedBlock;
}

/**
 * Provider schemas indexed by source address and by resource / data source type. Blocks are
 * indexed on first lookup and kept. Build one with {@link indexSchemas} or use
 * {@link loadVendoredSchemas}.
 */
export class SchemaIndex {
  readonly #providers = new Map<string, IndexedProvider | ProviderSchema>();
  readonly #resources = new Map<string, TypeEntry>();
  readonly #dataSources = new Map<string, TypeEntry>();
  readonly #typeProvider = new Map<ProviderSchema, IndexedProvider>();

  constructor(schemas: readonly ProviderSchema[]) {
    for (const p of schemas) {
      this.#providers.set(normalizeSource(p.source), p);
      for (const [type, raw] of Object.entries(p.resources)) this.#resources.set(type, { provider: p, raw });
      for (const [type, raw] of Object.entries(p.data_sources))
        this.#dataSources.set(type, { provider: p, raw });
    }
  }

  /** The provider with this source address (`hashicorp/google` or `registry.terraform.io/...`). */
  provider(source: string): IndexedProvider | undefined {
    const key = normalizeSource(source);
    const p = this.#providers.get(key);
    if (p === undefined || 'block' in p) return p;
    return this.#indexProvider(p);
  }

  /** A managed resource type's schema and provider, or undefined when not vendored. */
  resource(type: string): TypeSchema | undefined {
    return this.#lookup(this.#resources, type);
  }

  /** A data source type's schema and provider, or undefined when not vendored. */
  dataSource(type: string): TypeSchema | undefined {
    return this.#lookup(this.#dataSources, type);
  }

  /** Every resource type name (for suggestions). */
  resourceTypes(): string[] {
    return [...this.#resources.keys()];
  }

  /** Every data source type name (for suggestions). */
  dataSourceTypes(): string[] {
    return [...this.#dataSources.keys()];
  }

  #indexProvider(p: ProviderSchema): IndexedProvider {
    let ip = this.#typeProvider.get(p);
    if (!ip) {
      ip = { source: normalizeSource(p.source), version: p.version, block: indexBlock(p.provider) };
      this.#typeProvider.set(p, ip);
      this.#providers.set(ip.source, ip);
    }
    return ip;
  }

  #lookup(map: Map<string, TypeEntry>, type: string): TypeSchema | undefined {
    const e = map.get(type);
    if (!e) return undefined;
    e.indexed ??= { provider: this.#indexProvider(e.provider), block: indexBlock(e.raw) };
    return e.indexed;
  }
}

/** Builds a {@link SchemaIndex} over the given provider schemas. Pure. */
export function indexSchemas(schemas: readonly ProviderSchema[]): SchemaIndex {
  return new SchemaIndex(schemas);
}

let vendored: SchemaIndex | undefined;

/**
 * The index over the schemas vendored in `src/terraform/schemas/` (bundled with the code, so
 * nothing is read from disk). Built on first call and reused.
 */
export function loadVendoredSchemas(): SchemaIndex {
  vendored ??= indexSchemas(VENDORED_SCHEMAS);
  return vendored;
}

/** The vendored provider schemas, including Terraform's built-in provider. */
export const VENDORED_SCHEMAS: readonly ProviderSchema[] = [
  cloudflareSchema,
  googleSchema,
  postgresqlSchema,
  randomSchema,
  terraformSchema,
  tfeSchema,
  timeSchema,
] as unknown as ProviderSchema[];
