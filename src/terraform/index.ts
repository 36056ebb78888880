/**
 * The Terraform JSON layer: a typed stack model, expressions and escaping, deterministic
 * serialisation, vendored provider schemas and the provider-schema check.
 */

export {
  checkStack,
  checkTerraformJson,
} from './check.ts';
export { quoteHclString } from './escape.ts';
export { fn, type HclValue, interpolate, rawExpr, type TfExpr } from './expr.ts';
export type { ResourceArgs } from './generated/index.ts';
export { PROVIDERS } from './providers.ts';
export { type JsonObject, renderStack } from './render.ts';
export { loadVendoredSchemas } from './schema.ts';
export { serializeStack, stableStringify } from './serialize.ts';
export {
  type Backend,
  createStack,
  type Dependable,
  dynamicRef,
  type ProviderHandle,
  type RemoteStateHandle,
  type ResourceHandle,
  type Stack,
} from './stack.ts';
export type { Str } from './values.ts';
