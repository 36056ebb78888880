import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleSpec } from '../../../test/support/examples.ts';
import { CLOUDFLARE_IPV4_RANGES, hasCloudArmor, managedCertificateName } from './domain.ts';

describe('CLOUDFLARE_IPV4_RANGES', () => {
  it('holds unique IPv4 CIDRs', () => {
    assert.equal(new Set(CLOUDFLARE_IPV4_RANGES).size, CLOUDFLARE_IPV4_RANGES.length);
    for (const r of CLOUDFLARE_IPV4_RANGES) assert.match(r, /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/);
  });
});

describe('hasCloudArmor', () => {
  it('applies to proxied domains of internal and external environments only', () => {
    const api = exampleSpec('acme-api');
    assert.equal(hasCloudArmor(api.environments.find((e) => e.id === 'prod')!), true);
    assert.equal(hasCloudArmor(api.environments.find((e) => e.id === 'dev')!), false);
    const rr = exampleSpec('release-registry');
    assert.equal(hasCloudArmor(rr.environments.find((e) => e.id === 'dev')!), false);
    assert.equal(hasCloudArmor(rr.environments.find((e) => e.id === 'prod')!), true);
    assert.equal(hasCloudArmor(exampleSpec('search-grpc').environments[1]!), false);
  });
});

describe('managedCertificateName', () => {
  it('is stable per DNS name and changes with it', () => {
    assert.equal(managedCertificateName('a.example.com'), managedCertificateName('a.example.com'));
    assert.notEqual(managedCertificateName('a.example.com'), managedCertificateName('b.example.com'));
    assert.match(managedCertificateName('a.example.com'), /^managed-cert-[0-9a-f]{8}$/);
  });
});
