// A watch's newline-delimited JSON events as src/kube/watch-stream.ts reads them, from a real local HTTPS server that
// writes them in awkward pieces: an event split over several writes, a UTF-8 character cut in two, CRLF endings, a
// blank line, several events in one write, an ERROR event, a last event without its newline; and a stream the server
// cuts in the middle of an event, which is a connection error (the watch is opened again), not a parse error.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ConnectionError } from '../../src/kube/api-error.js';
import type { Connection } from '../../src/kube/connection.js';
import { watchStream, type ObjectEvent } from '../../src/kube/watch-stream.js';
import { tempDir } from './fixture.js';

const dir = tempDir(t);
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'k'), '-out', path.join(dir, 'c'), '-days', '1', '-subj', '/CN=server', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
const cert = readFileSync(path.join(dir, 'c'));

const event = (type: string, name: string) => JSON.stringify({ type, object: { metadata: { name, resourceVersion: '7' } } });
const accented = Buffer.from(`${event('ADDED', 'nœud-日本')}\n`);
const cut = accented.indexOf(Buffer.from('日')) + 1; // inside the three bytes of 日
/** Each element is one write, 20 ms after the one before. */
const PIECES: Buffer[] = [
  accented.subarray(0, cut),
  accented.subarray(cut),
  Buffer.from(`${event('MODIFIED', 'a').slice(0, 10)}`),
  Buffer.from(`${event('MODIFIED', 'a').slice(10)}\r\n\n${event('BOOKMARK', '')}\n${event('DELETED', 'b')}\r\n`),
  Buffer.from(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } })}\n`),
  Buffer.from(event('ADDED', 'last')),
];

const server = https.createServer({ cert, key: readFileSync(path.join(dir, 'k')) }, (req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const pieces = req.url!.startsWith('/cut') ? [Buffer.from(`${event('ADDED', 'whole')}\n`), Buffer.from(event('ADDED', 'half').slice(0, 20))] : PIECES;
  let i = 0;
  const next = () => {
    if (i < pieces.length) {
      res.write(pieces[i++]);
      setTimeout(next, 20);
    } else if (req.url!.startsWith('/cut')) res.socket!.destroy();
    else res.end();
  };
  next();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => {
  server.closeAllConnections();
  server.close();
});

const conn: Connection = {
  server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
  contextName: null,
  clusterName: null,
  userName: null,
  namespace: 'default',
  requestTimeoutMs: null,
  httpsOptions: () => Promise.resolve({ ca: cert }),
  caData: null,
  insecureSkipTlsVerify: false,
  clientCertificate: null,
};

type Named = { metadata: { name: string } };
const names = (events: ObjectEvent<Named>[]) => events.map((e) => (e.type === 'ERROR' ? `ERROR ${e.status} ${e.message}` : `${e.type} ${e.object.metadata.name}`));

t.test('every event whole, however the server cut its writes', async (t) => {
  const events: ObjectEvent<Named>[] = [];
  for await (const e of watchStream<Named>(conn, '/watch', { resourceVersion: '1' })) events.push(e);
  t.same(names(events), ['ADDED nœud-日本', 'MODIFIED a', 'BOOKMARK ', 'DELETED b', 'ERROR 410 too old resource version', 'ADDED last']);
});

t.test('a stream cut in the middle of an event: the events before it, then a connection error', async (t) => {
  const events: ObjectEvent<Named>[] = [];
  const reading = (async () => {
    for await (const e of watchStream<Named>(conn, '/cut', { resourceVersion: '1' })) events.push(e);
  })();
  await t.rejects(reading, ConnectionError);
  t.same(names(events), ['ADDED whole']);
});
