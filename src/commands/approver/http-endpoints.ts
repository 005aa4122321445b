// --metrics-bind-address and --health-probe-bind-address: plain node:http servers, as controller-runtime serves
// them (/metrics; /healthz and /readyz). "0" turns one off; the same address for both serves all three paths.
import { createServer, type Server } from 'node:http';
import { CliError, ExitCode } from '../../errors.js';

export interface Endpoints {
  metrics: () => string;
  /**
   * Alive: the process answers. Ready (null): the first list of CSRs is in and the watch is open, and no cache of
   * the policy's facts is refused; else why not.
   */
  ready: () => string | null;
}

export interface BindAddresses {
  metrics: string;
  probes: string;
}

/** Starts the servers; resolves when every one listens, with a function that closes them. */
export async function serveEndpoints(bind: BindAddresses, endpoints: Endpoints): Promise<() => Promise<void>> {
  const wanted = new Map<string, Set<'metrics' | 'probes'>>();
  if (bind.metrics !== '0') wanted.set(bind.metrics, new Set(['metrics']));
  if (bind.probes !== '0') wanted.set(bind.probes, new Set([...(wanted.get(bind.probes) ?? []), 'probes']));
  const servers: Server[] = [];
  for (const [address, paths] of wanted) {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { 'Content-Type': type });
        res.end(body);
      };
      if (path === '/metrics' && paths.has('metrics')) return send(200, 'text/plain; version=0.0.4; charset=utf-8', endpoints.metrics());
      if (path === '/healthz' && paths.has('probes')) return send(200, 'text/plain', 'ok');
      if (path === '/readyz' && paths.has('probes')) {
        const notReady = endpoints.ready();
        return notReady === null ? send(200, 'text/plain', 'ok') : send(503, 'text/plain', notReady);
      }
      send(404, 'text/plain', '404 page not found\n');
    });
    const { host, port } = parseAddress(address);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new CliError(`cannot listen on ${address}: ${err.message}`, ExitCode.error)));
      server.listen(port, host, () => resolve());
    });
    servers.push(server);
  }
  return async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  };
}

/** Go's host:port (":8080" listens on every address, "[::1]:8080" on one IPv6 address). */
export function parseAddress(address: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new CliError(`invalid bind address "${address}": use host:port, :port, or 0 to turn it off`, ExitCode.usage);
  return { host: m[1] ?? (m[2] || undefined), port };
}
