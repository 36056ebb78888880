/**
 * Reference checks: every traversal inside an expression must name something declared in the
 * same document, and the attribute path after a resource or data source must exist in its
 * schema (`google_redis_instance.r.server_ca_certs[0].cert`).
 */

import type { KeyPath } from '../diagnostics/diagnostic.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import { type CheckContext, formatType, type Owner } from './check-context.ts';
import { type ScannedTraversal, scanTemplateTraversals } from './hcl-scan.ts';
import type { CtyType, IndexedBlock, IndexedBlockType, NestingMode } from './schema.ts';
import type { TraversalStep } from './traversal.ts';

/** Roots that are not declarations: iteration symbols and Terraform's own objects. */
const CONTEXT_ROOTS = new Set(['count', 'each', 'self', 'path', 'terraform', 'true', 'false', 'null']);

type WalkState =
  | { k: 'block'; block: IndexedBlock; label: string }
  | { k: 'blocks'; mode: NestingMode; block: IndexedBlock; label: string }
  | { k: 'type'; type: CtyType; label: string };

/** Why a path does not fit a schema: the failing step and a message fragment. */
interface PathProblem {
  readonly step: number;
  readonly message: string;
  readonly hint?: string;
}

/** Result of walking an attribute path through a schema. */
type PathResult = { ok: true; sensitive: boolean } | ({ ok: false } & PathProblem);

function fail(step: number, message: string, hint?: string): PathResult {
  return { ok: false, step, message, hint };
}

function stepText(s: TraversalStep): string {
  if (s.kind === 'attr') return s.name;
  if (s.kind === 'splat') return '[*]';
  return typeof s.key === 'number' ? `[${s.key}]` : `[${JSON.stringify(s.key)}]`;
}

/**
 * Walks `steps` through a block schema: attributes, nested blocks (list blocks need an index,
 * set blocks only take `[*]`), and into attribute types (lists, maps, objects). Stops without
 * complaint at a `dynamic` type.
 */
export function walkSchemaPath(
  root: IndexedBlock,
  steps: readonly TraversalStep[],
  rootLabel: string,
): PathResult {
  let state: WalkState = { k: 'block', block: root, label: rootLabel };
  let sensitive = false;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (state.k === 'block') {
      if (s.kind !== 'attr' && !(s.kind === 'index' && typeof s.key === 'string')) {
        return fail(i, `${state.label} is a single object and cannot be indexed with ${stepText(s)}`);
      }
      const name = s.kind === 'attr' ? s.name : (s.key as string);
      const attr = state.block.attributes.get(name);
      if (attr) {
        if (attr.sensitive) sensitive = true;
        if (attr.nested) {
          const b: IndexedBlock = attr.nested.block;
          state =
            attr.nested.mode === 'single' || attr.nested.mode === 'group'
              ? { k: 'block', block: b, label: `"${name}"` }
              : { k: 'blocks', mode: attr.nested.mode, block: b, label: `"${name}"` };
        } else state = { k: 'type', type: (attr.type ?? 'dynamic') as CtyType, label: `"${name}"` };
        continue;
      }
      const bt: IndexedBlockType | undefined = state.block.blocks.get(name);
      if (bt) {
        state =
          bt.nesting === 'single' || bt.nesting === 'group'
            ? { k: 'block', block: bt.block, label: `block "${name}"` }
            : { k: 'blocks', mode: bt.nesting, block: bt.block, label: `block "${name}"` };
        continue;
      }
      return fail(i, `unknown attribute "${name}" of ${state.label}`, didYouMean(name, state.block.names));
    }
    if (state.k === 'blocks') {
      const mode: NestingMode = state.mode;
      const block: IndexedBlock = state.block;
      const label: string = state.label;
      if (s.kind === 'splat') state = { k: 'block', block, label };
      else if (mode === 'map' && (s.kind === 'attr' || s.kind === 'index'))
        state = { k: 'block', block, label };
      else if (mode === 'list' && s.kind === 'index' && typeof s.key === 'number')
        state = { k: 'block', block, label };
      else if (mode === 'set') {
        return fail(
          i,
          `${label} is a set and cannot be indexed`,
          'Use [*] or one(...) to read its elements.',
        );
      } else {
        const next = s.kind === 'attr' ? s.name : stepText(s);
        return fail(
          i,
          `${label} is a list; index it before reading "${next}"`,
          `Write ${label.replace(/^block /, '').replace(/"/g, '')}[0].${next}.`,
        );
      }
      continue;
    }
    const t = state.type;
    if (t === 'dynamic') return { ok: true, sensitive };
    if (typeof t === 'string')
      return fail(i, `${state.label} is a ${t} and has no attribute or index ${stepText(s)}`);
    const [kind, arg] = t as [string, unknown];
    if ((kind === 'list' || kind === 'set') && s.kind === 'splat') {
      state = { k: 'type', type: arg as CtyType, label: state.label };
    } else if (kind === 'list' && s.kind === 'index' && typeof s.key === 'number') {
      state = { k: 'type', type: arg as CtyType, label: state.label };
    } else if (kind === 'tuple' && s.kind === 'index' && typeof s.key === 'number') {
      const elem = (arg as CtyType[])[s.key];
      if (elem === undefined) return fail(i, `${state.label} has no element ${s.key}`);
      state = { k: 'type', type: elem, label: state.label };
    } else if (kind === 'map' && s.kind !== 'splat') {
      state = { k: 'type', type: arg as CtyType, label: state.label };
    } else if (
      kind === 'object' &&
      s.kind !== 'splat' &&
      !(s.kind === 'index' && typeof s.key === 'number')
    ) {
      const name = s.kind === 'attr' ? s.name : (s.key as string);
      const members = arg as Record<string, CtyType>;
      const member = members[name];
      if (member === undefined) {
        return fail(
          i,
          `unknown attribute "${name}" of ${state.label}`,
          didYouMean(name, Object.keys(members)),
        );
      }
      state = { k: 'type', type: member, label: `"${name}"` };
    } else {
      return fail(i, `${state.label} is a ${formatType(t)} and cannot take ${stepText(s)}`);
    }
  }
  return { ok: true, sensitive };
}

/**
 * Checks every reference in one Terraform JSON string (already known to contain a template
 * sequence) at `path`, reporting undeclared names and unknown attributes.
 */
export function checkTemplateReferences(
  ctx: CheckContext,
  owner: Owner,
  template: string,
  path: KeyPath,
): void {
  for (const t of scanTemplateTraversals(template)) checkTraversal(ctx, owner, t, path);
}

function checkTraversal(ctx: CheckContext, owner: Owner, t: ScannedTraversal, path: KeyPath): void {
  const { root, steps } = t;
  if (CONTEXT_ROOTS.has(root) || ctx.iterators.includes(root)) return;
  const first = steps[0];
  const firstName = first?.kind === 'attr' ? first.name : undefined;
  if (root === 'var' || root === 'local') {
    const declared = root === 'var' ? ctx.variables.has(firstName ?? '') : ctx.locals.has(firstName ?? '');
    if (!declared) {
      const names = root === 'var' ? ctx.variables.keys() : ctx.locals.values();
      ctx.errorIn(
        owner,
        'TF_UNDECLARED_REFERENCE',
        `Reference to undeclared ${root === 'var' ? 'variable' : 'local value'} "${t.text}"`,
        path,
        { hint: firstName ? didYouMean(firstName, names) : undefined, found: t.text },
      );
    } else if (root === 'var' && ctx.variables.get(firstName!) && owner.sensitiveOutput) {
      reportSensitive(ctx, owner, t, path);
    }
    return;
  }
  if (root === 'module') {
    ctx.errorIn(owner, 'TF_UNDECLARED_REFERENCE', `Reference to undeclared module "${t.text}"`, path, {
      detail: 'Generated stacks declare no modules.',
      found: t.text,
    });
    return;
  }
  const isData = root === 'data';
  const typeName = isData ? firstName : root;
  const nameStep = isData ? steps[1] : steps[0];
  const name = nameStep?.kind === 'attr' ? nameStep.name : undefined;
  const address = isData ? `data.${typeName}.${name}` : `${typeName}.${name}`;
  const declared = typeName && name ? (isData ? ctx.dataSources : ctx.resources).get(address) : undefined;
  if (!declared) {
    const kind = isData ? 'data source' : 'resource';
    const shown = typeName && name ? address : t.text;
    ctx.errorIn(owner, 'TF_UNDECLARED_REFERENCE', `Reference to undeclared ${kind} "${shown}"`, path, {
      detail: `Expressions may only refer to resources, data sources, variables and locals declared in the same stack.`,
      hint: didYouMean(shown, (isData ? ctx.dataSources : ctx.resources).keys()),
      found: t.text,
    });
    return;
  }
  if (address === owner.address) {
    ctx.errorIn(owner, 'TF_SELF_REFERENCE', `Refers to itself ("${t.text}")`, path, {
      detail:
        'A resource cannot use its own attributes in its arguments; Terraform rejects self-referential blocks.',
    });
    return;
  }
  const schema = isData ? ctx.schemas.dataSource(declared.type) : ctx.schemas.resource(declared.type);
  if (!schema) return; // the unknown type is reported where it is declared
  let rest = steps.slice(isData ? 2 : 1);
  if (declared.repeated && rest[0] && rest[0].kind !== 'attr') rest = rest.slice(1);
  const result = walkSchemaPath(schema.block, rest, declared.type);
  if (!result.ok) {
    ctx.errorIn(owner, 'TF_UNKNOWN_REFERENCE_ATTRIBUTE', `Reference "${t.text}": ${result.message}`, path, {
      hint: result.hint,
      found: t.text,
    });
  } else if (result.sensitive && owner.sensitiveOutput) {
    reportSensitive(ctx, owner, t, path);
  }
}

function reportSensitive(ctx: CheckContext, owner: Owner, t: ScannedTraversal, path: KeyPath): void {
  const out = owner.sensitiveOutput!;
  if (out.sensitive) return;
  ctx.errorIn(owner, 'TF_SENSITIVE_OUTPUT', `Output refers to the sensitive value "${t.text}"`, path, {
    detail:
      'Terraform refuses to plan an output that exposes a sensitive value unless the output is marked sensitive.',
    hint: 'Set sensitive: true on the output.',
  });
}
