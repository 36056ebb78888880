/**
 * Checks one block body of a Terraform JSON document against its schema: unknown names,
 * missing required attributes and blocks, attribute/block confusion, block counts, literal
 * types, computed-only and deprecated attributes. Strings holding `${...}` are expressions:
 * accepted for any type, and their references checked.
 */

import type { KeyPath } from '../diagnostics/diagnostic.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import { type CheckContext, describeValue, formatType, type Owner } from './check-context.ts';
import { checkTemplateReferences } from './check-refs.ts';
import { findTemplateSequence } from './escape.ts';
import type { CtyType, IndexedAttribute, IndexedBlock, IndexedBlockType } from './schema.ts';

/**
 * Claims meta-argument names at the top level of a body (and checks them): returns true when
 * `key` is a meta-argument. A module-level function, so no closure is made per block.
 */
export type MetaCheck = (
  ctx: CheckContext,
  owner: Owner,
  block: IndexedBlock,
  key: string,
  value: unknown,
  path: KeyPath,
) => boolean;

/**
 * Paths are one mutable array per check, pushed and popped while walking (checking thousands of
 * stacks must not allocate a path per value); diagnostics take a copy.
 */
function here(path: KeyPath): KeyPath {
  return path.slice();
}

/** True when `v` is a JSON string holding an interpolation or directive (an expression). */
export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && v.includes('{') && findTemplateSequence(v) >= 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Checks every string inside `value` for references (used where no schema applies: dynamic
 * attributes, locals, output values).
 */
export function checkReferencesIn(ctx: CheckContext, owner: Owner, value: unknown, path: KeyPath): void {
  if (typeof value === 'string') {
    if (isExpression(value)) checkTemplateReferences(ctx, owner, value, here(path));
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkReferencesIn(ctx, owner, value[i], path);
      path.pop();
    }
  } else if (isObject(value)) {
    for (const k in value) {
      path.push(k);
      if (isExpression(k)) checkTemplateReferences(ctx, owner, k, here(path));
      checkReferencesIn(ctx, owner, value[k], path);
      path.pop();
    }
  }
}

/**
 * Checks a block body at `path` (mutable: restored on return). `meta`, for the top level of a
 * resource, data source or provider, claims meta-argument names.
 */
export function checkBody(
  ctx: CheckContext,
  owner: Owner,
  block: IndexedBlock,
  body: unknown,
  path: KeyPath,
  meta?: MetaCheck,
): void {
  if (!isObject(body)) {
    ctx.errorIn(owner, 'TF_BLOCK_EXPECTED', `Expected a block body (a JSON object)`, here(path), {
      found: describeValue(body),
    });
    return;
  }
  for (const key in body) {
    const value = body[key];
    if (key === '//' || value === undefined) continue;
    path.push(key);
    if (meta?.(ctx, owner, block, key, value, path)) {
      path.pop();
      continue;
    }
    if (key === 'dynamic' && !block.attributes.has(key) && !block.blocks.has(key)) {
      checkDynamic(ctx, owner, block, value, path);
      path.pop();
      continue;
    }
    const attr = block.attributes.get(key);
    const bt = attr ? undefined : block.blocks.get(key);
    if (attr) checkAttribute(ctx, owner, key, attr, value, path);
    else if (bt) checkBlockType(ctx, owner, key, bt, value, path);
    else {
      ctx.errorIn(owner, 'TF_UNKNOWN_ATTRIBUTE', `Unknown attribute "${key}"`, here(path), {
        detail: `The ${owner.schemaLabel} schema has no attribute or block named "${key}" here.`,
        hint: didYouMean(key, block.names),
      });
    }
    path.pop();
  }
  const dynamic = isObject(body.dynamic) ? body.dynamic : undefined;
  for (const name of block.required) {
    const v = body[name];
    if (v !== undefined && v !== null) continue;
    if (dynamic && dynamic[name] !== undefined && block.blocks.has(name)) continue;
    const isBlock = block.blocks.has(name);
    ctx.errorIn(
      owner,
      'TF_MISSING_REQUIRED',
      `Missing required ${isBlock ? 'block' : 'attribute'} "${name}"`,
      here(path),
      {
        detail: isBlock
          ? `At least ${block.blocks.get(name)!.min} "${name}" block(s) must be given.`
          : `The ${owner.schemaLabel} schema requires "${name}".`,
      },
    );
  }
}

const DYNAMIC_KEYS = new Set(['for_each', 'iterator', 'labels', 'content']);

/**
 * `dynamic "<block>" { for_each, iterator, content }` (Terraform JSON: an object keyed by block
 * type name): the name must be a nested block type here, `for_each` is required, and `content`
 * is checked against that block's schema with the iterator as a valid reference root. How many
 * blocks it makes is known only at plan time, so block counts are not checked for it.
 */
function checkDynamic(
  ctx: CheckContext,
  owner: Owner,
  block: IndexedBlock,
  value: unknown,
  path: KeyPath,
): void {
  if (!isObject(value)) {
    ctx.errorIn(owner, 'TF_BLOCK_EXPECTED', `"dynamic" must be an object keyed by block type`, here(path), {
      found: describeValue(value),
    });
    return;
  }
  for (const name in value) {
    path.push(name);
    const bt = block.blocks.get(name);
    const specs = Array.isArray(value[name]) ? (value[name] as unknown[]) : [value[name]];
    if (!bt) {
      ctx.errorIn(
        owner,
        'TF_UNKNOWN_ATTRIBUTE',
        `Dynamic "${name}" names no nested block type here`,
        here(path),
        {
          detail: `The ${owner.schemaLabel} schema has no block named "${name}" here; dynamic blocks generate nested blocks only.`,
          hint: didYouMean(name, [...block.blocks.keys()]),
        },
      );
      path.pop();
      continue;
    }
    for (let i = 0; i < specs.length; i++) {
      if (specs.length > 1 || Array.isArray(value[name])) path.push(i);
      checkDynamicSpec(ctx, owner, name, bt, specs[i], path);
      if (specs.length > 1 || Array.isArray(value[name])) path.pop();
    }
    path.pop();
  }
}

function checkDynamicSpec(
  ctx: CheckContext,
  owner: Owner,
  name: string,
  bt: IndexedBlockType,
  spec: unknown,
  path: KeyPath,
): void {
  if (!isObject(spec)) {
    ctx.errorIn(owner, 'TF_BLOCK_EXPECTED', `Dynamic "${name}" must be an object`, here(path), {
      found: describeValue(spec),
    });
    return;
  }
  for (const k in spec) {
    if (DYNAMIC_KEYS.has(k)) continue;
    path.push(k);
    ctx.errorIn(
      owner,
      'TF_DYNAMIC_UNKNOWN_ARGUMENT',
      `Unknown argument "${k}" of dynamic "${name}"`,
      here(path),
      {
        hint: didYouMean(k, [...DYNAMIC_KEYS]),
      },
    );
    path.pop();
  }
  for (const k of ['for_each', 'content']) {
    if (spec[k] !== undefined) continue;
    ctx.errorIn(owner, 'TF_MISSING_REQUIRED', `Dynamic "${name}" is missing "${k}"`, here(path));
  }
  const iterator = spec.iterator ?? name;
  if (typeof iterator !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(iterator)) {
    path.push('iterator');
    ctx.errorIn(
      owner,
      'TF_DYNAMIC_ITERATOR_INVALID',
      `The iterator of dynamic "${name}" must be a name`,
      here(path),
      {
        found: describeValue(iterator),
      },
    );
    path.pop();
    return;
  }
  if (spec.for_each !== undefined) {
    path.push('for_each');
    if (!Array.isArray(spec.for_each) && !isObject(spec.for_each) && !isExpression(spec.for_each))
      ctx.errorIn(
        owner,
        'TF_DYNAMIC_FOR_EACH_INVALID',
        `The for_each of dynamic "${name}" must be a list, a map or an expression`,
        here(path),
        { found: describeValue(spec.for_each) },
      );
    else checkReferencesIn(ctx, owner, spec.for_each, path);
    path.pop();
  }
  if (spec.content !== undefined) {
    path.push('content');
    ctx.iterators.push(iterator);
    checkBody(ctx, owner, bt.block, spec.content, path);
    ctx.iterators.pop();
    path.pop();
  }
}

function checkAttribute(
  ctx: CheckContext,
  owner: Owner,
  key: string,
  attr: IndexedAttribute,
  value: unknown,
  path: KeyPath,
): void {
  if (attr.computed && !attr.optional && !attr.required) {
    ctx.errorIn(
      owner,
      'TF_COMPUTED_ONLY',
      `"${key}" is set by the provider and cannot be given`,
      here(path),
      { detail: `"${key}" is a computed, read-only attribute; refer to it instead of setting it.` },
    );
    return;
  }
  if (attr.deprecated) {
    ctx.warningIn(owner, 'TF_DEPRECATED', `"${key}" is deprecated`, here(path), {
      detail: `The ${owner.schemaLabel} schema marks "${key}" as deprecated; it may be removed in a later version.`,
    });
  }
  if (attr.nested) {
    checkNestedAttribute(ctx, owner, key, attr, value, path);
    return;
  }
  const type = (attr.type ?? 'dynamic') as CtyType;
  if (isPrimitive(type) && (isObject(value) || (Array.isArray(value) && value.some(isObject)))) {
    ctx.errorIn(
      owner,
      'TF_ATTRIBUTE_EXPECTED',
      `"${key}" is an attribute of type ${formatType(type)}, not a block`,
      here(path),
      { expected: formatType(type), found: describeValue(value) },
    );
    return;
  }
  checkValue(ctx, owner, key, type, value, path);
}

function isPrimitive(t: CtyType): boolean {
  return t === 'string' || t === 'number' || t === 'bool';
}

function typeMismatch(
  ctx: CheckContext,
  owner: Owner,
  key: string,
  expected: string,
  value: unknown,
  path: KeyPath,
  phrase = article(expected),
): void {
  ctx.errorIn(owner, 'TF_TYPE_MISMATCH', `"${key}" must be ${phrase}`, here(path), {
    expected,
    found: describeValue(value),
  });
}

function checkNestedAttribute(
  ctx: CheckContext,
  owner: Owner,
  key: string,
  attr: IndexedAttribute,
  value: unknown,
  path: KeyPath,
): void {
  if (value === null) return;
  if (isExpression(value)) {
    checkTemplateReferences(ctx, owner, value, here(path));
    return;
  }
  const { mode, block } = attr.nested!;
  if (mode === 'single' || mode === 'group') {
    if (!isObject(value)) typeMismatch(ctx, owner, key, 'object', value, path);
    else checkBody(ctx, owner, block, value, path);
  } else if (mode === 'map') {
    if (!isObject(value)) typeMismatch(ctx, owner, key, 'map of objects', value, path, 'a map of objects');
    else {
      for (const k in value) {
        path.push(k);
        checkBody(ctx, owner, block, value[k], path);
        path.pop();
      }
    }
  } else if (!Array.isArray(value))
    typeMismatch(ctx, owner, key, 'list of objects', value, path, 'a list of objects');
  else {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkBody(ctx, owner, block, value[i], path);
      path.pop();
    }
  }
}

function checkBlockType(
  ctx: CheckContext,
  owner: Owner,
  key: string,
  bt: IndexedBlockType,
  value: unknown,
  path: KeyPath,
): void {
  if (value === null) return;
  if (bt.block.deprecated) {
    ctx.warningIn(owner, 'TF_DEPRECATED', `Block "${key}" is deprecated`, here(path));
  }
  const single = bt.nesting === 'single' || bt.nesting === 'group';
  if (typeof value !== 'object') {
    ctx.errorIn(owner, 'TF_BLOCK_EXPECTED', `"${key}" is a block, not an attribute`, here(path), {
      detail: single
        ? `Write "${key}" as a JSON object holding the block's arguments.`
        : `Write "${key}" as a JSON array with one object per block.`,
      found: describeValue(value),
    });
    return;
  }
  if (bt.nesting === 'map') {
    if (!isObject(value)) {
      ctx.errorIn(owner, 'TF_BLOCK_EXPECTED', `"${key}" blocks must be an object keyed by label`, here(path));
      return;
    }
    let n = 0;
    for (const label in value) {
      n++;
      path.push(label);
      checkBody(ctx, owner, bt.block, value[label], path);
      path.pop();
    }
    countBlocks(ctx, owner, key, bt.min, bt.max, n, path);
    return;
  }
  // Terraform JSON accepts one object or an array of objects for a block type.
  if (!Array.isArray(value)) {
    checkBody(ctx, owner, bt.block, value, path);
    countBlocks(ctx, owner, key, bt.min, single ? 1 : bt.max, 1, path);
    return;
  }
  for (let i = 0; i < value.length; i++) {
    const b: unknown = value[i];
    path.push(i);
    if (!isObject(b)) {
      ctx.errorIn(owner, 'TF_BLOCK_EXPECTED', `"${key}" is a block, not an attribute`, here(path), {
        detail: `Each "${key}" block must be a JSON object.`,
        found: describeValue(b),
      });
    } else checkBody(ctx, owner, bt.block, b, path);
    path.pop();
  }
  countBlocks(ctx, owner, key, bt.min, single ? 1 : bt.max, value.length, path);
}

function countBlocks(
  ctx: CheckContext,
  owner: Owner,
  key: string,
  min: number,
  max: number,
  n: number,
  path: KeyPath,
): void {
  if (max > 0 && n > max) {
    ctx.errorIn(owner, 'TF_TOO_MANY_BLOCKS', `Too many "${key}" blocks`, here(path), {
      detail: `At most ${max} "${key}" block${max === 1 ? ' is' : 's are'} allowed; found ${n}.`,
      expected: `at most ${max}`,
      found: String(n),
    });
  }
  if (n < min) {
    ctx.errorIn(owner, 'TF_TOO_FEW_BLOCKS', `Too few "${key}" blocks`, here(path), {
      detail: `At least ${min} "${key}" block${min === 1 ? ' is' : 's are'} required; found ${n}.`,
      expected: `at least ${min}`,
      found: String(n),
    });
  }
}

/** Checks a literal against a Terraform type; expressions pass (their references are checked). */
function checkValue(
  ctx: CheckContext,
  owner: Owner,
  key: string,
  type: CtyType,
  value: unknown,
  path: KeyPath,
): void {
  if (value === null) return;
  if (typeof value === 'string' && isExpression(value)) {
    checkTemplateReferences(ctx, owner, value, here(path));
    return;
  }
  if (typeof type === 'string') {
    if (type === 'dynamic') checkReferencesIn(ctx, owner, value, path);
    else if (
      !(
        (type === 'string' && typeof value === 'string') ||
        (type === 'number' && typeof value === 'number') ||
        (type === 'bool' && typeof value === 'boolean')
      )
    ) {
      typeMismatch(ctx, owner, key, formatType(type), value, path);
    }
    return;
  }
  const [kind, arg, optional] = type as [string, unknown, string[] | undefined];
  if (kind === 'list' || kind === 'set' || kind === 'tuple') {
    const elems = kind === 'tuple' ? (arg as CtyType[]) : undefined;
    if (!Array.isArray(value) || (elems && value.length !== elems.length)) {
      typeMismatch(ctx, owner, key, formatType(type), value, path);
      return;
    }
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkValue(ctx, owner, key, elems ? elems[i]! : (arg as CtyType), value[i], path);
      path.pop();
    }
  } else if (kind === 'map') {
    if (!isObject(value)) {
      typeMismatch(ctx, owner, key, formatType(type), value, path);
      return;
    }
    for (const k in value) {
      path.push(k);
      if (isExpression(k)) checkTemplateReferences(ctx, owner, k, here(path));
      checkValue(ctx, owner, key, arg as CtyType, value[k], path);
      path.pop();
    }
  } else if (kind === 'object') {
    if (!isObject(value)) {
      typeMismatch(ctx, owner, key, formatType(type), value, path);
      return;
    }
    checkObjectValue(ctx, owner, key, arg as Record<string, CtyType>, optional ?? [], value, path);
  } else {
    checkReferencesIn(ctx, owner, value, path);
  }
}

function checkObjectValue(
  ctx: CheckContext,
  owner: Owner,
  key: string,
  members: Record<string, CtyType>,
  optional: readonly string[],
  value: Record<string, unknown>,
  path: KeyPath,
): void {
  for (const k in value) {
    const member = members[k];
    path.push(k);
    if (member === undefined) {
      ctx.errorIn(owner, 'TF_UNKNOWN_ATTRIBUTE', `"${key}" has no attribute "${k}"`, here(path), {
        hint: didYouMean(k, Object.keys(members)),
      });
    } else checkValue(ctx, owner, k, member, value[k], path);
    path.pop();
  }
  for (const k of Object.keys(members)) {
    if (!optional.includes(k) && (value[k] === undefined || value[k] === null)) {
      ctx.errorIn(owner, 'TF_MISSING_REQUIRED', `"${key}" is missing attribute "${k}"`, here(path));
    }
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
