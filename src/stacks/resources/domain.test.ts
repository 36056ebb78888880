import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleSpec } from '../../../test/support/examples.ts';
import { hasCloudArmor, managedCertificateName, securityPolicyName } from './domain.ts';

describe('securityPolicyName', () => {
  it('is a valid GCP name, short, stable, and derived from the policy content', () => {
    assert.match(securityPolicyName(), /^msp-cloudflare-only-[0-9a-f]{8}$/);
    assert.equal(securityPolicyName(), securityPolicyName());
    assert.ok(securityPolicyName().length <= 63);
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
