// The path and query of a request (src/kube/request-url.ts pathFor), joined as text where the URL parser would keep
// them as they are, must be exactly what node:https sent when it was given the parsed URL (urlFor): the server reads it.
import t from 'tap';
import type { Connection } from '../../src/kube/connection.js';
import { pathFor, urlFor, type KubeRequest } from '../../src/kube/request-url.js';

const servers = ['https://10.0.0.1:6443', 'https://kube.example', 'https://[::1]:6443', 'https://rancher.example/k8s/clusters/c-m-x', 'https://u:p@h.example:8443/a%20b', 'https://h.example/p/.', 'https://h.example/p/', 'https://h.example?x=1', 'https://h.example/é'];
const paths = [
  '/apis/certificates.k8s.io/v1/certificatesigningrequests/node-csr-abc.x_y~z/approval',
  `/apis/certificates.k8s.io/v1/certificatesigningrequests/${encodeURIComponent("a!'()*b")}`,
  '/version',
  '/readyz',
  '/a/./b',
  '/a/../b',
  '/a/%2e%2E/b',
  '/a/.hidden',
  '/a b',
  '/a?b',
  '/a#b',
  '/a\\b',
  '/a/é',
  '/a{b}`<>"',
  '//double',
  '/',
];
const queries: KubeRequest['query'][] = [undefined, {}, { dryRun: undefined }, { dryRun: 'All' }, { limit: 500, continue: 'eyJ2Ijo=', fieldSelector: 'spec.signerName=kubernetes.io/kubelet-serving' }];

t.test("pathFor is urlFor's pathname and search, for every server, path and query", async (t) => {
  let checked = 0;
  for (const server of servers) {
    const conn = { server } as Connection;
    for (const path of paths) {
      for (const query of queries) {
        const req: KubeRequest = { method: 'PUT', path, ...(query ? { query } : {}) };
        const url = urlFor(conn, req);
        if (pathFor(conn, req) !== url.pathname + url.search) t.fail(`${server} ${path} ${JSON.stringify(query)}: ${pathFor(conn, req)} != ${url.pathname + url.search}`);
        checked++;
      }
    }
  }
  t.equal(checked, servers.length * paths.length * queries.length);
});

t.test('an approval PUT behind a proxy path, with a dry run', async (t) => {
  const conn = { server: 'https://rancher.example/k8s/clusters/c-m-x' } as Connection;
  t.equal(pathFor(conn, { method: 'PUT', path: '/apis/certificates.k8s.io/v1/certificatesigningrequests/n1/approval', query: { dryRun: 'All' } }), '/k8s/clusters/c-m-x/apis/certificates.k8s.io/v1/certificatesigningrequests/n1/approval?dryRun=All');
});
