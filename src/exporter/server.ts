// The /metrics endpoint: node:http, bound only where --listen says. GET /metrics serves the registry in the
// Prometheus text format; / says where the metrics are; anything else is 404. A bind failure (address in
// use, not ours, a privileged port) is one sentence for the caller to print.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface ListenAddress {
  host: string;
  port: number;
}

export class ListenError extends Error {}

export interface MetricsServer {
  /** http://HOST:PORT/metrics, with the port actually bound (for --listen HOST:0). */
  url: string;
  close(): Promise<void>;
}

const BIND_WORDS: Record<string, string> = {
  EADDRINUSE: 'the address is in use',
  EACCES: 'permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)',
  EADDRNOTAVAIL: 'no interface of this machine has that address',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name cannot be resolved',
};

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function startMetricsServer(address: ListenAddress, registry: Registry): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
        (error: unknown) => response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    if (path === '/') {
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('oomlens: metrics at /metrics\n');
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const words = BIND_WORDS[error.code ?? ''] ?? error.message;
      reject(new ListenError(`cannot listen on ${hostForUrl(address.host)}:${address.port}: ${words}`));
    });
    server.listen(address.port, address.host, () => {
      const bound = server.address();
      const port = typeof bound === 'object' && bound !== null ? bound.port : address.port;
      resolve({
        url: `http://${hostForUrl(address.host)}:${port}/metrics`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // A scraper keeps its connection open between scrapes; close() alone would wait for it.
            server.closeAllConnections();
          }),
      });
    });
  });
}
