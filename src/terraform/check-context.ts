/**
 * Shared state of one schema check: the schemas, what the document declares, the diagnostics
 * collected so far, and the helpers that word messages consistently.
 */

import type { TERRAFORM_CODES } from '../diagnostics/codes/terraform.ts';
import { type Diagnostic, error, type KeyPath, warning } from '../diagnostics/diagnostic.ts';
import type { CtyType, SchemaIndex } from './schema.ts';

/** Diagnostic codes of the Terraform checks (declared in src/diagnostics/codes/terraform.ts). */
export type TfCheckCode = keyof typeof TERRAFORM_CODES;

/** A declared resource or data source. */
interface Declared {
  readonly type: string;
  readonly name: string;
  /** True when it has `count` or `for_each`, so references index it first. */
  readonly repeated: boolean;
}

/** The block being checked: its address (the diagnostics' `address` field) and its schema. */
export interface Owner {
  /** `google_project.p`, `data.google_project.p`, `provider.google`, `output.x`, `local.x`. */
  readonly address: string;
  /** The schema's provider and version, for details, e.g. `hashicorp/google 7.9.0`. */
  readonly schemaLabel: string;
  /** True inside an output value (references to sensitive values are reported). */
  readonly sensitiveOutput?: { readonly name: string; readonly sensitive: boolean };
}

/** State of one check run. */
export class CheckContext {
  readonly schemas: SchemaIndex;
  readonly diagnostics: Diagnostic[] = [];
  /** `type.name` → declaration. */
  readonly resources = new Map<string, Declared>();
  /** `data.type.name` → declaration. */
  readonly dataSources = new Map<string, Declared>();
  /** Variable name → sensitive. */
  readonly variables = new Map<string, boolean>();
  readonly locals = new Set<string>();
  /** Provider configurations: `google`, `google.alias`. */
  readonly providerConfigs = new Set<string>();
  /** Iterator names of the `dynamic` blocks being checked (innermost last): valid reference roots. */
  readonly iterators: string[] = [];
  /** `required_providers`: local name → source and version. */
  readonly requiredProviders = new Map<string, { source?: string; version?: string }>();

  constructor(schemas: SchemaIndex) {
    this.schemas = schemas;
  }

  error(code: TfCheckCode, message: string, path: KeyPath, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push(error(code, message, path, extra));
  }

  warning(code: TfCheckCode, message: string, path: KeyPath, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push(warning(code, message, path, extra));
  }

  /** An error inside `owner`'s block: its address goes in the `address` field, never the message. */
  errorIn(
    owner: Owner,
    code: TfCheckCode,
    message: string,
    path: KeyPath,
    extra: Partial<Diagnostic> = {},
  ): void {
    this.diagnostics.push(error(code, message, path, { ...extra, address: owner.address }));
  }

  /** A warning inside `owner`'s block (see {@link errorIn}). */
  warningIn(
    owner: Owner,
    code: TfCheckCode,
    message: string,
    path: KeyPath,
    extra: Partial<Diagnostic> = {},
  ): void {
    this.diagnostics.push(warning(code, message, path, { ...extra, address: owner.address }));
  }
}

/** A Terraform type written the way Terraform prints it: `list(string)`, `map(number)`. */
export function formatType(t: CtyType | undefined): string {
  if (t === undefined) return 'any value';
  if (typeof t === 'string') return t === 'dynamic' ? 'any value' : t;
  const [kind, arg] = t as [string, unknown];
  if (kind === 'list' || kind === 'set' || kind === 'map') return `${kind}(${formatType(arg as CtyType)})`;
  if (kind === 'object') {
    const fields = Object.entries(arg as Record<string, CtyType>).map(([k, v]) => `${k}=${formatType(v)}`);
    return `object({${fields.join(', ')}})`;
  }
  if (kind === 'tuple') return `tuple([${(arg as CtyType[]).map(formatType).join(', ')}])`;
  return kind;
}

/** A short description of a JSON value for `found`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean')
    return `${typeof v === 'number' ? 'number' : 'bool'} ${v}`;
  if (Array.isArray(v)) return `list of ${v.length}`;
  return 'object';
}
