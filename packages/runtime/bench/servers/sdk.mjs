// The same answer as plain.mjs through @msp/runtime (compiled dist/), for bench/overhead.ts:
// contract, logger, diagnostics, server spans (no exporter unless asked), metrics, drain.
import { runService, setRoute } from '../../dist/index.js';

const body = `${JSON.stringify({ ok: true })}\n`;
await runService(
  {
    name: 'bench',
    version: 'v1',
    initialize: () => ({
      handler: (req, res) => {
        setRoute(req, '/');
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      },
    }),
  },
  { host: '127.0.0.1' },
);
