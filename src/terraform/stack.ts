/**
 * The stack model: one Terraform configuration (one generated `*.tf.json` file). Stack code adds
 * resources, data sources, variables, locals, outputs, remote state and providers and gets
 * handles back whose `ref()` builds references. Programming mistakes (duplicate addresses,
 * invalid names) throw; everything about the content is left to `checkStack`.
 */

import { isTfExpr, refExpr, type TfExpr } from './expr.ts';
import type {
  DataSourceArgs,
  DataSourceAttributes,
  ProviderArgs,
  ResourceArgs,
  ResourceAttributes,
} from './generated/index.ts';
import type { ProviderRequirement } from './providers.ts';
import { isIdentifier, parseTraversal, renderAttrStep, renderTraversal } from './traversal.ts';
import type { Body, BodyValue, JsonValue } from './values.ts';

/** Where the generated file came from, for its `"//"` header. */
interface StackHeader {
  /** Generator name, e.g. `msp`. */
  readonly tool: string;
  /** Generator version. */
  readonly version: string;
  /** The spec file, relative to the fleet root, e.g. `services/example/service.yaml`. */
  readonly source: string;
}

/** Terraform Cloud (`terraform { cloud { ... } }`). */
interface CloudBackend {
  readonly type: 'cloud';
  readonly hostname: string;
  readonly organization: string;
  readonly workspaces: { readonly name: string };
}

/** A GCS bucket (`terraform { backend "gcs" { ... } }`). */
interface GcsBackend {
  readonly type: 'gcs';
  readonly bucket: string;
  readonly prefix?: string;
}

/** Local state (`terraform { backend "local" { ... } }`). */
interface LocalBackend {
  readonly type: 'local';
  readonly path?: string;
}

/** Where the stack keeps its state. */
export type Backend = CloudBackend | GcsBackend | LocalBackend;

/** Options for {@link createStack}. */
interface StackOptions {
  /** Stack name, e.g. `cloudrun`. */
  readonly name: string;
  readonly header: StackHeader;
  /** `terraform.required_version`, e.g. `~> 1.7.5`. */
  readonly requiredVersion?: string;
  readonly backend?: Backend;
}

/** Something `depends_on` can name. */
export interface Dependable {
  /** `type.name` or `data.type.name`. */
  readonly address: string;
}

/** `lifecycle` meta-argument. `ignore_changes` holds attribute paths such as `template[0].labels`. */
interface Lifecycle {
  readonly prevent_destroy?: boolean;
  readonly create_before_destroy?: boolean;
  readonly ignore_changes?: readonly string[] | 'all';
}

/**
 * A `dynamic "<block>"` of a resource: one nested block per element of `for_each`, built from
 * `content`, in which `<iterator>.key` and `<iterator>.value` (iterator: the block name unless
 * given) refer to the element. `content` is checked against the block's schema by `checkStack`.
 */
interface DynamicBlock {
  readonly for_each: TfExpr;
  readonly iterator?: string;
  readonly content: Body;
}

/**
 * `<iterator>.key` or `<iterator>.value` inside a {@link DynamicBlock}'s `content`. Throws when
 * `iterator` is not a name.
 */
export function dynamicRef(iterator: string, attr: 'key' | 'value'): TfExpr {
  assertName('dynamic iterator', iterator);
  return refExpr(iterator, `.${attr}`);
}

/** Meta-arguments of a resource or data source. */
export interface ResourceMeta {
  /** `dynamic` blocks by block type name, rendered into the body beside its static blocks. */
  readonly dynamic?: Readonly<Record<string, DynamicBlock>>;
  readonly depends_on?: readonly Dependable[];
  readonly lifecycle?: Lifecycle;
  /** A non-default provider configuration (see {@link Stack.provider}). */
  readonly provider?: ProviderHandle;
}

/** Attribute paths accepted by `ref()`: an attribute or block name, optionally followed by more steps. */
type AttrPath<Name extends string> = Name | `${Name}.${string}` | `${Name}[${string}`;

/** Resource types with vendored schemas. */
type ResourceType = keyof ResourceArgs & string;
/** Data source types with vendored schemas. */
type DataSourceType = keyof DataSourceArgs & string;
/** Provider local names with vendored schemas. */
type ProviderName = keyof ProviderArgs & string;

/** A declared managed resource. */
export interface ResourceHandle<T extends ResourceType = ResourceType> extends Dependable {
  readonly type: T;
  readonly name: string;
  /** `${type.name.<path>}`; throws on a malformed path. */
  ref(path: AttrPath<ResourceAttributes[T] & string>): TfExpr;
  /** Shorthand for `ref('id')`. */
  readonly id: TfExpr;
}

/** A declared data source. */
interface DataHandle<T extends DataSourceType = DataSourceType> extends Dependable {
  readonly type: T;
  readonly name: string;
  /** `${data.type.name.<path>}`; throws on a malformed path. */
  ref(path: AttrPath<DataSourceAttributes[T] & string>): TfExpr;
  readonly id: TfExpr;
}

/** A `terraform_remote_state` data source. */
export interface RemoteStateHandle extends Dependable {
  readonly name: string;
  /** `${data.terraform_remote_state.<name>.outputs.<output>}`, plus an optional path after it. */
  output(output: string, path?: string): TfExpr;
}

/** A declared input variable. */
interface VariableHandle {
  readonly name: string;
  /** `${var.<name>}`, or `${var.<name>.<path>}`. */
  ref(path?: string): TfExpr;
}

/** A declared local value. */
interface LocalHandle {
  readonly name: string;
  /** `${local.<name>}`, or `${local.<name>.<path>}`. */
  ref(path?: string): TfExpr;
}

/** A provider configuration, to pass as a resource's `provider` meta-argument. */
export interface ProviderHandle {
  readonly name: string;
  readonly alias?: string;
  /** `google` or `google.<alias>`. */
  readonly address: string;
}

/** Options of {@link Stack.variable}. `default` is written literally (Terraform does not evaluate it). */
interface VariableOptions {
  /** A type constraint such as `string` or `list(string)`. */
  readonly type: string;
  readonly default?: JsonValue;
  readonly sensitive?: boolean;
  readonly description?: string;
  readonly nullable?: boolean;
}

/** Options of {@link Stack.output}. */
interface OutputOptions {
  readonly value: BodyValue;
  readonly sensitive?: boolean;
  readonly description?: string;
  readonly depends_on?: readonly Dependable[];
}

/** Options of {@link Stack.remoteState}. */
interface RemoteStateOptions {
  /** Backend type, e.g. `remote`, `gcs`. */
  readonly backend: string;
  readonly config: Body;
  readonly workspace?: string;
  readonly defaults?: Body;
}

/** A resource or data source as stored in the stack. */
export interface BlockEntry {
  readonly type: string;
  readonly name: string;
  readonly body: Body;
  readonly meta: ResourceMeta;
}

/** A provider configuration as stored in the stack. */
interface ProviderEntry {
  readonly name: string;
  readonly alias?: string;
  readonly body: Body;
}

/** An output as stored in the stack. */
interface OutputEntry extends OutputOptions {
  readonly name: string;
}

/** A variable as stored in the stack. */
interface VariableEntry extends VariableOptions {
  readonly name: string;
}

const RESERVED_VARIABLE_NAMES = new Set([
  'source',
  'version',
  'providers',
  'count',
  'for_each',
  'lifecycle',
  'depends_on',
  'locals',
]);

function assertName(kind: string, name: string): void {
  if (!isIdentifier(name)) {
    throw new Error(
      `invalid ${kind} name ${JSON.stringify(name)}: use letters, digits, "_" and "-", starting with a letter or "_"`,
    );
  }
}

function pathSuffix(path: string | undefined): string {
  return path === undefined || path === '' ? '' : renderTraversal(parseTraversal(path));
}

class BlockHandle implements Dependable {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  constructor(type: string, name: string, address: string) {
    this.type = type;
    this.name = name;
    this.address = address;
  }
  ref(path: string): TfExpr {
    if (path === '') throw new Error(`${this.address}: ref() needs an attribute path`);
    return refExpr(this.address, renderTraversal(parseTraversal(path)));
  }
  get id(): TfExpr {
    return this.ref('id');
  }
  output(output: string, path?: string): TfExpr {
    return refExpr(
      this.address,
      `.outputs${renderAttrStep(output)}${path ? renderTraversal(parseTraversal(path)) : ''}`,
    );
  }
}

/**
 * One Terraform configuration. Create with {@link createStack}. Adding methods throw on
 * programming errors (duplicate names, invalid names, malformed paths); content is checked by
 * `checkStack`.
 */
export class Stack {
  readonly name: string;
  readonly header: StackHeader;
  readonly requiredVersion: string | undefined;
  readonly backend: Backend | undefined;
  readonly #requiredProviders = new Map<string, ProviderRequirement>();
  readonly #providers: ProviderEntry[] = [];
  readonly #variables = new Map<string, VariableEntry>();
  readonly #locals = new Map<string, BodyValue>();
  readonly #resources = new Map<string, BlockEntry>();
  readonly #dataSources = new Map<string, BlockEntry>();
  readonly #outputs = new Map<string, OutputEntry>();

  /** @internal Use {@link createStack}. */
  constructor(options: StackOptions) {
    assertName('stack', options.name);
    this.name = options.name;
    this.header = options.header;
    this.requiredVersion = options.requiredVersion;
    this.backend = options.backend;
  }

  /** `required_providers` entries by local name. */
  get requiredProviders(): ReadonlyMap<string, ProviderRequirement> {
    return this.#requiredProviders;
  }
  /** Provider configurations in the order added. */
  get providers(): readonly ProviderEntry[] {
    return this.#providers;
  }
  /** Variables by name. */
  get variables(): ReadonlyMap<string, VariableEntry> {
    return this.#variables;
  }
  /** Local values by name. */
  get locals(): ReadonlyMap<string, BodyValue> {
    return this.#locals;
  }
  /** Managed resources by address (`type.name`). */
  get resources(): ReadonlyMap<string, BlockEntry> {
    return this.#resources;
  }
  /** Data sources by address (`data.type.name`). */
  get dataSources(): ReadonlyMap<string, BlockEntry> {
    return this.#dataSources;
  }
  /** Outputs by name. */
  get outputs(): ReadonlyMap<string, OutputEntry> {
    return this.#outputs;
  }

  /**
   * Adds `required_providers.<localName>`. Adding the same requirement twice is a no-op; a
   * different one throws.
   */
  requireProvider(localName: string, requirement: ProviderRequirement): void {
    assertName('provider', localName);
    const prev = this.#requiredProviders.get(localName);
    if (prev && (prev.source !== requirement.source || prev.version !== requirement.version)) {
      throw new Error(`provider ${localName} is already required as ${prev.source} ${prev.version}`);
    }
    this.#requiredProviders.set(localName, { source: requirement.source, version: requirement.version });
  }

  /**
   * Adds a provider configuration; with `alias`, a non-default one. Throws when the same
   * configuration (name and alias) exists.
   */
  provider<N extends ProviderName>(name: N, body: ProviderArgs[N], alias?: string): ProviderHandle {
    assertName('provider', name);
    if (alias !== undefined) assertName('provider alias', alias);
    const address = alias === undefined ? name : `${name}.${alias}`;
    if (this.#providers.some((p) => (p.alias === undefined ? p.name : `${p.name}.${p.alias}`) === address)) {
      throw new Error(`duplicate provider configuration ${address}`);
    }
    this.#providers.push({ name, ...(alias === undefined ? {} : { alias }), body: body as Body });
    return alias === undefined ? { name, address } : { name, alias, address };
  }

  /** Adds a managed resource. Throws when `type.name` already exists. */
  resource<T extends ResourceType>(
    type: T,
    name: string,
    body: ResourceArgs[T],
    meta: ResourceMeta = {},
  ): ResourceHandle<T> {
    assertName('resource type', type);
    assertName('resource', name);
    const address = `${type}.${name}`;
    if (this.#resources.has(address)) throw new Error(`duplicate resource ${address}`);
    this.#resources.set(address, { type, name, body: body as Body, meta });
    return new BlockHandle(type, name, address) as unknown as ResourceHandle<T>;
  }

  /** Adds a data source. Throws when `data.type.name` already exists. */
  data<T extends DataSourceType>(
    type: T,
    name: string,
    body: DataSourceArgs[T],
    meta: ResourceMeta = {},
  ): DataHandle<T> {
    assertName('data source type', type);
    assertName('data source', name);
    const address = `data.${type}.${name}`;
    if (this.#dataSources.has(address)) throw new Error(`duplicate data source ${address}`);
    this.#dataSources.set(address, { type, name, body: body as Body, meta });
    return new BlockHandle(type, name, address) as unknown as DataHandle<T>;
  }

  /** Adds a `terraform_remote_state` data source named `name`. */
  remoteState(name: string, options: RemoteStateOptions): RemoteStateHandle {
    this.data('terraform_remote_state', name, {
      backend: options.backend,
      config: options.config,
      workspace: options.workspace,
      defaults: options.defaults,
    });
    return new BlockHandle('terraform_remote_state', name, `data.terraform_remote_state.${name}`);
  }

  /** Declares `variable "<name>"`. Throws on a duplicate, a reserved name or an expression in `default`. */
  variable(name: string, options: VariableOptions): VariableHandle {
    assertName('variable', name);
    if (RESERVED_VARIABLE_NAMES.has(name))
      throw new Error(`"${name}" is reserved and cannot name a variable`);
    if (this.#variables.has(name)) throw new Error(`duplicate variable ${name}`);
    if (options.default !== undefined && containsExpr(options.default)) {
      throw new Error(`variable ${name}: a default must be a literal value`);
    }
    this.#variables.set(name, { name, ...options });
    return { name, ref: (path?: string) => refExpr(`var.${name}`, pathSuffix(path)) };
  }

  /** Declares `locals { <name> = value }`. Throws on a duplicate. */
  local(name: string, value: BodyValue): LocalHandle {
    assertName('local', name);
    if (this.#locals.has(name)) throw new Error(`duplicate local ${name}`);
    this.#locals.set(name, value);
    return { name, ref: (path?: string) => refExpr(`local.${name}`, pathSuffix(path)) };
  }

  /** Declares `output "<name>"`. Throws on a duplicate. */
  output(name: string, options: OutputOptions): void {
    assertName('output', name);
    if (this.#outputs.has(name)) throw new Error(`duplicate output ${name}`);
    this.#outputs.set(name, { name, ...options });
  }
}

function containsExpr(v: unknown): boolean {
  if (isTfExpr(v)) return true;
  if (Array.isArray(v)) return v.some(containsExpr);
  if (v !== null && typeof v === 'object') return Object.values(v).some(containsExpr);
  return false;
}

/** Creates an empty stack. Throws when `name` is not a valid identifier. */
export function createStack(options: StackOptions): Stack {
  return new Stack(options);
}
