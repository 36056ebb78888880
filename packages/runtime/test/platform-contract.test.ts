// SDK side of the contract shared with the generator (src/contract/platform.ts). The generator
// side is src/contract/runtime-contract.test.ts at the repository root; together they
// keep what the platform injects and probes, and what the SDK reads and serves, in step.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import {
  createDiagnosticsHandler,
  createLogger,
  DEFAULT_SHUTDOWN_GRACE_PERIOD_MS,
  HEALTHZ_PATH,
  HttpServer,
  LIVENESS_PATH,
  PLATFORM_ENV,
  PLATFORM_SHUTDOWN_LIMIT_MS,
  PROBES,
  parseContract,
  READINESS_PATH,
} from '../src/index.ts';
import { httpRequest, LogCapture } from './helpers.ts';

describe('platform contract (SDK side)', () => {
  it('reads every variable the platform injects, for services and jobs', () => {
    for (const kind of ['service', 'job'] as const) {
      const read = new Set(parseContract({ PORT: '1' }, { kind }).variables.map((v) => v.name));
      for (const v of PLATFORM_ENV) assert.ok(read.has(v.name), `${kind}: ${v.name} is not read by the SDK`);
    }
  });

  it('keeps its default grace period under the platform limit', () => {
    assert.ok(DEFAULT_SHUTDOWN_GRACE_PERIOD_MS < PLATFORM_SHUTDOWN_LIMIT_MS);
  });

  describe('serves the probe paths as the generator configures them', () => {
    const SECRET = 'contract-secret';
    let checks = 0;
    let server: HttpServer;
    let port = 0;
    before(async () => {
      const logger = createLogger({ service: 's', version: 'v', destination: new LogCapture() });
      server = new HttpServer({
        port: 0,
        host: '127.0.0.1',
        logger,
        tracer: trace.getTracer('t'),
        handler: (_req, res) => {
          res.writeHead(404);
          res.end();
        },
        diagnostics: createDiagnosticsHandler({
          secret: SECRET,
          version: 'v',
          checks: () => [
            {
              name: 'postgres:primary',
              check: () => {
                checks++;
                throw new Error('connect ECONNREFUSED');
              },
            },
          ],
        }),
      });
      port = (await server.listen()).port;
    });
    after(() => server.drain(Date.now() + 1000));

    it('startup: readiness with the bearer token runs the dependency checks', async () => {
      assert.equal(PROBES.startup.path, READINESS_PATH);
      assert.equal(HEALTHZ_PATH, READINESS_PATH);
      assert.equal(PROBES.startup.authenticated, true);
      assert.equal((await httpRequest(port, PROBES.startup.path)).status, 401);
      const r = await httpRequest(port, PROBES.startup.path, {
        headers: { authorization: `Bearer ${SECRET}` },
      });
      assert.equal(r.status, 503, 'a data store outage keeps a new revision from taking traffic');
      assert.equal(checks, 1);
    });

    it('liveness: the process only, without a token, whatever the data stores do', async () => {
      assert.equal(PROBES.liveness.path, LIVENESS_PATH);
      assert.equal(PROBES.liveness.authenticated, false);
      const before = checks;
      const r = await httpRequest(port, PROBES.liveness.path);
      assert.equal(r.status, 200, 'a data store outage does not restart the instance');
      assert.deepEqual(r.json(), { status: 'ok' });
      assert.equal(checks, before, 'no dependency check ran');
    });
  });
});
