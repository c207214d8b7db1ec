/**
 * The web side of the webhook benchmark: the webhook handler and the trigger registry on a loopback port,
 * exactly as server/main.ts mounts them (without Next, which the benchmark never calls).
 */
import http from 'node:http';
import { startTriggerRegistry } from '../../server/triggers/index';
import { handleWebhookRequest } from '../../server/webhooks/http';

const port = Number(process.env.BENCH_PORT ?? 0);
await startTriggerRegistry();
const server = http.createServer((req, res) => {
  handleWebhookRequest(req, res).catch(() => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`ready ${address.port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
