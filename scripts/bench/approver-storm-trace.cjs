// Preloaded into the storm's replicas by `approver-storm.ts --trace DIR` (NODE_OPTIONS=--require; the shipped binary
// honours it, as it does --cpu-prof): when each HTTP request started, was written, was answered and ended, and when
// each storm CSR's name first came on a CSR watch, in µs of the monotonic clock that the storm reads too, written to
// DIR/trace-PID.json as the process exits. Bench only: nothing of it is in the product.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS; the shipped binary takes no --import */
const dc = require('node:diagnostics_channel');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.KUBECTL_CSR_STORM_TRACE;
if (dir) {
  const now = () => Number(process.hrtime.bigint() / 1000n);
  const requests = [];
  const seen = {};
  dc.subscribe('http.client.request.start', ({ request }) => {
    const r = { method: request.method, path: request.path, start: now() };
    requests.push(r);
    request.once('finish', () => (r.written = now()));
    request.once('response', (res) => {
      r.answered = now();
      if (/certificatesigningrequests\?.*watch=1/.test(request.path)) {
        // A second reader of the watch's chunks: names only (the storm's are storm-ROUND-I), the first time each comes.
        res.on('data', (chunk) => {
          const t = now();
          for (const m of String(chunk).matchAll(/"name":"(storm-\d+-\d+)"/g)) seen[m[1]] ??= t;
        });
      } else res.once('end', () => (r.ended = now()));
    });
  });
  process.once('exit', () => writeFileSync(join(dir, `trace-${process.pid}.json`), JSON.stringify({ requests, seen })));
}
