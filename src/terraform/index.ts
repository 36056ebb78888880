/**
 * The Terraform JSON layer: a typed stack model, expressions and escaping, deterministic
 * serialisation, vendored provider schemas and the provider-schema check.
 */

export {
  checkStack,
  checkTerraformJson,
} from './check.ts';
export type { TfCheckCode } from './check-context.ts';
export {
  escapeTemplateLiteral,
  findTemplateSequence,
  quoteHclString,
  unescapeTemplateLiteral,
} from './escape.ts';
export { fn, type HclValue, interpolate, isTfExpr, rawExpr, type TfExpr } from './expr.ts';
export type {
  DataSourceArgs,
  DataSourceAttributes,
  ProviderArgs,
  ResourceArgs,
  ResourceAttributes,
} from './generated/index.ts';
export { PROVIDERS, type ProviderRequirement } from './providers.ts';
export { headerComment, type JsonNode, type JsonObject, renderStack } from './render.ts';
export {
  indexSchemas,
  loadVendoredSchemas,
  type ProviderSchema,
  type SchemaAttribute,
  type SchemaBlock,
  type SchemaBlockType,
  type SchemaIndex,
} from './schema.ts';
export { serializeStack, stableStringify } from './serialize.ts';
export {
  type AttrPath,
  type Backend,
  type BlockEntry,
  type CloudBackend,
  createStack,
  type DataHandle,
  type DataSourceType,
  type Dependable,
  type DynamicBlock,
  dynamicRef,
  type GcsBackend,
  type Lifecycle,
  type LocalBackend,
  type LocalHandle,
  type OutputEntry,
  type OutputOptions,
  type ProviderEntry,
  type ProviderHandle,
  type ProviderName,
  type RemoteStateHandle,
  type RemoteStateOptions,
  type ResourceHandle,
  type ResourceMeta,
  type ResourceType,
  type Stack,
  type StackHeader,
  type StackOptions,
  type VariableEntry,
  type VariableHandle,
  type VariableOptions,
} from './stack.ts';
export type { Body, BodyValue, Bool, Dynamic, JsonValue, Num, Str, TfList, TfMap } from './values.ts';
