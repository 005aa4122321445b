// kubectl's -v trace lines: masking as round_trippers.go masks, klog's quoting and blocks, bodies cut after 1024 bytes.
import t from 'tap';
import type { IncomingMessage } from 'node:http';
import { maskValue, traceRequest, traceResponse, traceResponseBody, type RequestTrace } from '../../src/kube/request-trace.js';

function trace(level: number) {
  const lines: string[] = [];
  const tr: RequestTrace = { level, write: (s) => lines.push(s), pid: 42, now: () => new Date('2026-12-06T11:55:16.137Z') };
  return { tr, lines };
}
const url = new URL('https://127.0.0.1:6443/apis/certificates.k8s.io/v1/certificatesigningrequests?limit=500');
const res = { statusCode: 200, statusMessage: 'OK', rawHeaders: ['content-type', 'application/json', 'audit-id', 'x'] } as unknown as IncomingMessage;
const headers = { Accept: 'application/json', Authorization: 'Bearer s3cr3t-token', 'User-Agent': 'kubectl-csr', 'Content-Length': 5 };

t.test('maskValue', async (t) => {
  t.equal(maskValue('Authorization', 'Bearer abc'), 'Bearer <masked>');
  t.equal(maskValue('authorization', 'Basic dXNlcjpwYXNz'), 'Basic <masked>');
  t.equal(maskValue('Authorization', 'Custom secret'), '<masked>');
  t.equal(maskValue('Authorization', 'Bearer'), 'Bearer');
  t.equal(maskValue('Impersonate-User', 'jane'), 'jane');
});

t.test('each level, as kubectl prints it', async (t) => {
  const six = trace(6);
  traceRequest(six.tr, 'GET', url, headers, undefined);
  traceResponse(six.tr, 'GET', url, res, 12.4);
  traceResponseBody(six.tr, '{}');
  t.strictSame(six.lines, [`I1206 11:55:16.137000      42 round_trippers.go:632] "Response" verb="GET" url="${url.href}" status="200 OK" milliseconds=12\n`]);
  const seven = trace(7);
  traceRequest(seven.tr, 'POST', url, headers, '{"a":1}');
  traceResponse(seven.tr, 'POST', url, res, 3);
  t.equal(seven.lines.join(''), `I1206 11:55:16.137000      42 round_trippers.go:527] "Request" verb="POST" url="${url.href}" headers=<\n\tAccept: application/json\n\tAuthorization: Bearer <masked>\n\tUser-Agent: kubectl-csr\n >\nI1206 11:55:16.137000      42 round_trippers.go:632] "Response" status="200 OK" milliseconds=3\n`);
  const eight = trace(8);
  traceRequest(eight.tr, 'POST', url, headers, '{"a":"\\u003c"}');
  traceResponse(eight.tr, 'POST', url, res, 3);
  traceResponseBody(eight.tr, 'x'.repeat(1030) + '\n');
  t.match(eight.lines[0], /helper\.go:113\] "Request Body" body="\{\\"a\\":\\"\\\\u003c\\"\}"\n$/);
  t.match(eight.lines[2], /"Response" status="200 OK" headers=<\n\tAudit-Id: x\n\tContent-Type: application\/json\n > milliseconds=3\n$/);
  t.match(eight.lines[3], new RegExp(`"Response Body" body="x{1024} \\[truncated 7 chars\\]"\\n$`));
  const nine = trace(9);
  traceRequest(nine.tr, 'GET', url, headers, undefined);
  traceResponseBody(nine.tr, '{"kind":"List"}\n');
  t.match(nine.lines[1], /"Request" curlCommand=<\n\tcurl -v -XGET {2}-H "Accept: application\/json" -H "Authorization: Bearer <masked>" -H "User-Agent: kubectl-csr" '[^']+'\n >\n$/);
  t.match(nine.lines[2], /"Response Body" body=<\n\t\{"kind":"List"\}\n >\n$/);
  t.notOk([...six.lines, ...seven.lines, ...eight.lines, ...nine.lines].join('').includes('s3cr3t'), 'the token never');
});
