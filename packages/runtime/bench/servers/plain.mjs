// Baseline for bench/overhead.ts: the same answer as sdk.mjs from bare node:http.
import { createServer } from 'node:http';

const body = `${JSON.stringify({ ok: true })}\n`;
const server = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
