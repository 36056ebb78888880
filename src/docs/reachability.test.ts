import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleSpec } from '../../test/support/examples.ts';
import { reachabilityText } from './reachability.ts';

const env = (id: string, envId: string, edit?: (t: string) => string) =>
  exampleSpec(id, edit ? { edit } : {}).environments.find((e) => e.id === envId)!;

describe('reachabilityText', () => {
  it('follows the ingress and audiences of the Cloud Run service', () => {
    assert.equal(
      reachabilityText(env('acme-api', 'prod')),
      'through https://api.acme.com (load balancer) and from inside its project',
    );
    assert.match(
      reachabilityText(env('release-registry', 'prod')),
      /ID tokens for that URL or the run\.app URL/,
    );
    assert.match(
      reachabilityText(env('search-grpc', 'prod')),
      /^at its run\.app URL with an ID token; .*roles\/run\.invoker/,
    );
    const open = env('search-grpc', 'prod', (t) => t.replaceAll('    authentication: {}\n', ''));
    assert.equal(reachabilityText(open), 'only from inside its project (internal ingress, no domain)');
  });
});
