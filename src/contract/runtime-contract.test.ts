// Generator side of the contract shared with the runtime SDK (packages/runtime/src/contract/platform.ts).
// The SDK side is packages/runtime/test/platform-contract.test.ts; together they keep the
// generated env blocks and probes and what the SDK reads and serves from drifting apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { examplePlatform, exampleServiceIds, exampleSpec } from '../../test/support/examples.ts';
import { healthProbes } from '../stacks/resources/cloudrun-container.ts';
import { envContract } from '../stacks/resources/env-contract.ts';
import { rawExpr } from '../terraform/index.ts';
import { LIVENESS_PATH, PLATFORM_ENV, PROBES, READINESS_PATH } from './runtime-contract.ts';

const fleet = () =>
  exampleServiceIds().flatMap((id) => {
    const spec = exampleSpec(id);
    return spec.environments.map((env) => ({ spec, env }));
  });

describe('runtime contract (generator side)', () => {
  it('renders only platform variables the shared contract lists, with its descriptions', () => {
    const byName = new Map<string, string>(PLATFORM_ENV.map((v) => [v.name, v.description]));
    for (const { spec, env } of fleet()) {
      for (const v of envContract(spec, env, examplePlatform()).filter((x) => x.origin === 'platform')) {
        assert.ok(byName.has(v.name), `${spec.id}/${env.id}: ${v.name} is not in the shared contract`);
        assert.equal(v.description, byName.get(v.name));
      }
    }
  });

  it('renders every variable of the shared contract somewhere in the example fleet, in contract order', () => {
    const order = PLATFORM_ENV.map((v) => v.name as string);
    const seen = new Set<string>();
    for (const { spec, env } of fleet()) {
      const names = envContract(spec, env, examplePlatform())
        .filter((x) => x.origin === 'platform')
        .map((x) => x.name);
      for (const n of names) seen.add(n);
      const positions = names.map((n) => order.indexOf(n));
      assert.deepEqual(
        positions,
        [...positions].sort((a, b) => a - b),
        `${spec.id}/${env.id}: platform variables out of contract order`,
      );
    }
    assert.deepEqual([...seen].sort(), [...order].sort());
  });

  it('points the startup probe at readiness (with the token) and the liveness probe at liveness', () => {
    assert.equal(PROBES.startup.path, READINESS_PATH);
    assert.equal(PROBES.liveness.path, LIVENESS_PATH);
    let probed = 0;
    for (const { spec, env } of fleet()) {
      if (spec.kind !== 'service') continue;
      const p = healthProbes(env, rawExpr('random_id.diagnostics_secret.hex'));
      if (p === undefined) continue;
      probed++;
      assert.equal(p.startup.http_get[0]?.path, READINESS_PATH);
      assert.equal(p.startup.http_get[0]?.http_headers?.[0]?.name, 'Authorization');
      assert.equal(p.liveness.http_get[0]?.path, LIVENESS_PATH);
      assert.equal(p.liveness.http_get[0]?.http_headers, undefined);
    }
    assert.ok(probed > 0, 'no example environment has probes');
  });
});
