import * as z from 'zod';
import { platformSchema } from '../platform/schema.ts';
import { serviceSpecSchema } from './schema.ts';

/** Draft-07 JSON Schema of service.yaml, from the same zod schema the validator uses. */
export function serviceJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://msp.dev/schema/service.schema.json',
    ...z.toJSONSchema(serviceSpecSchema, { target: 'draft-07', io: 'input' }),
  };
}

/** Draft-07 JSON Schema of platform.yaml. */
export function platformJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://msp.dev/schema/platform.schema.json',
    ...z.toJSONSchema(platformSchema, { target: 'draft-07', io: 'input' }),
  };
}
