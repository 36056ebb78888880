import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleSpec } from '../../../test/support/examples.ts';
import type { EnvironmentSpec } from '../../spec/model.ts';
import { renderEnv, resourceLimits, secretVolumes } from './cloudrun-container.ts';

const withMemory = (memory: string, memoryMiB: number): EnvironmentSpec => {
  const env = exampleSpec('search-grpc').environments[0]!;
  return { ...env, instances: { ...env.instances, memory, memoryMiB } };
};

describe('resourceLimits', () => {
  it('keeps plain Mi/Gi quantities and converts the rest to MiB', () => {
    assert.deepEqual(resourceLimits(withMemory('2Gi', 2048)), { cpu: '2', memory: '2Gi' });
    assert.equal(resourceLimits(withMemory('1Gi512Mi', 1536)).memory, '1536Mi');
    assert.equal(resourceLimits(withMemory('1.5Gi', 1536)).memory, '1536Mi');
  });
});

describe('renderEnv', () => {
  it('throws when the stack lacks a value the contract needs', () => {
    assert.throws(
      () =>
        renderEnv(
          [
            {
              name: 'X',
              value: { kind: 'terraform', value: 'diagnosticsSecret' },
              origin: 'platform',
              description: '',
            },
          ],
          {
            terraform: {},
            managedSecrets: new Map(),
          },
        ),
      /no value for diagnosticsSecret/,
    );
  });
});

describe('secretVolumes', () => {
  it('is empty without volumes or Redis', () => {
    assert.deepEqual(secretVolumes(exampleSpec('search-grpc').environments[1]!), []);
  });
});
