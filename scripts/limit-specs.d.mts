/** Types of scripts/limit-specs.mjs (used by test/generate/limits.test.ts). */
export function manyValuesSpec(id?: string): string;
export function longValuesSpec(id?: string): string;
export function aliasSpec(id?: string): string;
export const ASSUMED_LIMITS: { maxFileBytes: number; maxNodes: number };
