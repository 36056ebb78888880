/**
 * Test helpers for the terraform layer: a stack with the usual providers, strings that stress
 * escaping, and realistic Cloud Run stacks built from the example fleet by the real builder.
 */

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: test stacks hold literal ${ on purpose, to show it stays literal

import fc from 'fast-check';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { buildCloudrunStack } from '../../src/stacks/cloudrun.ts';
import { PROVIDERS } from '../../src/terraform/providers.ts';
import { createStack, type Stack } from '../../src/terraform/stack.ts';
import { exampleContexts } from './examples.ts';

/** The header every test stack uses. */
export const TEST_HEADER = {
  tool: 'msp',
  version: '0.0.0-test',
  source: 'services/example/service.yaml',
} as const;

/** An empty stack requiring google, random, cloudflare and tfe. */
export function newStack(name = 'test'): Stack {
  const s = createStack({ name, header: TEST_HEADER, requiredVersion: '~> 1.7.5' });
  s.requireProvider('google', PROVIDERS.google);
  s.requireProvider('random', PROVIDERS.random);
  s.requireProvider('cloudflare', PROVIDERS.cloudflare);
  s.requireProvider('tfe', PROVIDERS.tfe);
  return s;
}

/** Fragments that stress template escaping. */
export const TRICKY_FRAGMENTS = [
  '${',
  '%{',
  '$${',
  '%%{',
  '$',
  '%',
  '{',
  '}',
  '"',
  '\\',
  '\n',
  '\r\n',
  '\t',
  'é',
  '😀',
  '~}',
];

/** Strings built from tricky fragments and arbitrary code points (no lone surrogates). */
export function trickyString(): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom(...TRICKY_FRAGMENTS), fc.string({ unit: 'binary', maxLength: 4 })), {
      maxLength: 12,
    })
    .map((parts) => parts.join(''));
}

/** Codes of the diagnostics, in order. */
export function codes(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => d.code);
}

/**
 * A realistic `cloudrun` stack, built by the real builder from the example fleet: `i` picks one
 * of the example environments (round robin), so callers get every shape the examples have
 * (service and job, Cloud SQL, Redis, BigQuery, domains, secrets, volumes).
 */
export function exampleCloudRunStack(i = 0): Stack {
  const contexts = exampleContexts();
  const built = buildCloudrunStack(contexts[i % contexts.length]!);
  if (!built) throw new Error('the example environment has no cloudrun stack');
  return built.stack;
}

/** How many example environments {@link exampleCloudRunStack} cycles through. */
export function exampleCloudRunStackCount(): number {
  return exampleContexts().length;
}
