/**
 * The JSON Schema generator: a draft-07 JSON Schema from a zod schema, describing the input the
 * validator accepts (defaults and descriptions included). The service and platform schemas
 * (`serviceJsonSchema` in `src/spec/schema.ts`, `platformJsonSchema` in `src/platform/schema.ts`)
 * are this function applied to the same zod schemas the validator runs, so the editor and the CLI
 * cannot disagree on shape.
 */
import * as z from 'zod';

/** Draft-07 JSON Schema of `schema`'s input, with `$id` first. */
export function draft07JsonSchema(schema: z.ZodType, id: string): Record<string, unknown> {
  return {
    $id: id,
    ...z.toJSONSchema(schema, { target: 'draft-07', io: 'input' }),
  };
}

/** JSON Schema condition: the object's `key` is `value` (and present). */
export const when = (key: string, value: string) => ({
  properties: { [key]: { const: value } },
  required: [key],
});

/**
 * A JSON Schema `if`/`then`(/`else`). Built from entries: an object literal with a `then` key
 * would read as a promise to anything that awaits it.
 */
export function ifThen(cond: object, then: object, otherwise?: object): Record<string, unknown> {
  return Object.fromEntries([['if', cond], ['then', then], ...(otherwise ? [['else', otherwise]] : [])]);
}
