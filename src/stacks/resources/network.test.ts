import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleSpec } from '../../../test/support/examples.ts';
import { needsPrivateNetwork } from './network.ts';
import { redisTier } from './redis.ts';

describe('needsPrivateNetwork', () => {
  it('is true with PostgreSQL or Redis only', () => {
    assert.equal(needsPrivateNetwork(exampleSpec('search-grpc').environments[0]!), true);
    assert.equal(needsPrivateNetwork(exampleSpec('search-grpc').environments[1]!), false);
    assert.equal(needsPrivateNetwork(exampleSpec('release-registry').environments[0]!), true);
    assert.equal(needsPrivateNetwork(exampleSpec('nightly-sync').environments[0]!), false);
  });
});

describe('redisTier', () => {
  it('names each tier differently so a switch can create before destroying', () => {
    assert.deepEqual(redisTier(false), {
      tier: 'BASIC',
      name: 'redis-basic',
      displayName: 'Zonal Redis (basic)',
    });
    assert.equal(redisTier(true).tier, 'STANDARD_HA');
    assert.equal(redisTier(true).name, 'redis');
  });
});
