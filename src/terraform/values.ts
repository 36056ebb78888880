/**
 * Value types for resource bodies. Every argument accepts either a literal of its Terraform type
 * or a {@link TfExpr}; the generated argument interfaces are written in these terms.
 */

import type { TfExpr } from './expr.ts';

/** A Terraform `string` argument: a literal (always escaped on output) or an expression. */
export type Str = string | TfExpr;
/** A Terraform `number` argument. */
export type Num = number | TfExpr;
/** A Terraform `bool` argument. */
export type Bool = boolean | TfExpr;
/** A Terraform `list(T)` or `set(T)` argument: an array of `T` or one expression for the whole list. */
export type TfList<T> = readonly T[] | TfExpr;
/** A Terraform `map(T)` argument: an object of `T` or one expression for the whole map. */
export type TfMap<T> = { readonly [key: string]: T } | TfExpr;
/** A Terraform `dynamic` argument: any value. */
export type Dynamic = BodyValue;

/**
 * Anything that may appear in a resource, data source, provider, local or output body.
 * `undefined` in an object means "not set" and is left out of the output.
 */
export type BodyValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | TfExpr
  | readonly BodyValue[]
  | { readonly [key: string]: BodyValue };

/** A block body: argument and nested-block names to values. */
export type Body = { readonly [key: string]: BodyValue };

/** A plain JSON value (no expressions), for places Terraform reads literally (variable defaults). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
