// kubectl's -v request trace (k8s.io/client-go/transport/round_trippers.go and rest/request.go in v1.36, logged with
// klog's structured format): -v=6 one "Response" line per request with verb, URL, status and milliseconds; -v=7 the
// request's headers and a shorter "Response" line; -v=8 the response's headers and both bodies, cut after 1024 bytes
// as kubectl cuts them; -v=9 the request as a curl command and whole bodies. The file:line in each klog header is
// kubectl's own, so that `grep round_trippers` and log parsers keep working. Authorization values are masked as
// kubectl masks them (`Bearer <masked>`); client certificates and keys are never headers, so never shown.
import type { IncomingMessage } from 'node:http';
import { goQuote } from '../util/go-quote.js';

export interface RequestTrace {
  /** kubectl's -v; the trace exists only from 6. */
  level: number;
  write(text: string): void;
  pid: number;
  now(): Date;
}

const MAX_BODY = 1024;
const KNOWN_AUTH_TYPES = new Set(['bearer', 'basic', 'negotiate']);

/** klog's header: I1206 11:55:16.137941   15535 round_trippers.go:632] */
function header(trace: RequestTrace, where: string): string {
  const t = trace.now();
  const two = (n: number) => String(n).padStart(2, '0');
  const micro = String(t.getUTCMilliseconds() * 1000).padStart(6, '0');
  return `I${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}.${micro} ${String(trace.pid).padStart(7)} ${where}] `;
}

/** klog's value: strconv.Quote, or a multi-line block `<\n\tline\n >`. */
function value(v: string): string {
  if (!v.includes('\n')) return goQuote(v);
  const lines = v.split('\n');
  const last = lines.pop()!;
  return `<\n${lines.map((l) => `\t${l}\n`).join('')}${last === '' ? ' >' : `\t${last}\n >`}`;
}


function log(trace: RequestTrace, where: string, message: string, pairs: [string, string | number][]): void {
  const kv = pairs.map(([k, v]) => ` ${k}=${typeof v === 'number' ? v : value(v)}`).join('');
  trace.write(`${header(trace, where)}"${message}"${kv}\n`);
}

/** maskValue of round_trippers.go. */
export function maskValue(key: string, v: string): string {
  if (key.toLowerCase() !== 'authorization') return v;
  if (v === '') return '';
  const space = v.indexOf(' ');
  const authType = space > 0 ? v.slice(0, space) : v;
  if (!KNOWN_AUTH_TYPES.has(authType.toLowerCase())) return '<masked>';
  return v.length > authType.length + 1 ? `${authType} <masked>` : authType;
}

/** Go's canonical header key: Content-Type, Audit-Id. */
function canonical(key: string): string {
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function headerBlock(headers: [string, string][]): string {
  return [...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}: ${maskValue(k, v)}\n`).join('');
}

function requestHeaders(headers: Record<string, string | number>): [string, string][] {
  // Go sets Content-Length on the request itself, not among its headers: kubectl's trace has none.
  return Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-length').map(([k, v]) => [canonical(k), String(v)]);
}

function body(text: string, level: number): string {
  if (level >= 9 || text.length <= MAX_BODY) return text;
  return `${text.slice(0, MAX_BODY)} [truncated ${text.length - MAX_BODY} chars]`;
}

/** Before the request is sent: its body (-v=8), its headers (-v=7) or the curl command (-v=9). */
export function traceRequest(trace: RequestTrace, method: string, url: URL, headers: Record<string, string | number>, payload: string | undefined): void {
  if (trace.level >= 8) log(trace, 'helper.go:113', 'Request Body', [['body', body(payload ?? '', trace.level)]]);
  const list = requestHeaders(headers);
  if (trace.level >= 9) {
    const flags = list.map(([k, v]) => ` -H ${goQuote(`${k}: ${maskValue(k, v)}`)}`).join('');
    log(trace, 'round_trippers.go:527', 'Request', [['curlCommand', `curl -v -X${method} ${flags} ${shellQuote(url.href)}\n`]]);
  } else if (trace.level >= 7) {
    log(trace, 'round_trippers.go:527', 'Request', [['verb', method], ['url', url.href], ['headers', headerBlock(list)]]);
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** When the response's headers arrive: kubectl's "Response" line for this level. */
export function traceResponse(trace: RequestTrace, method: string, url: URL, res: IncomingMessage, milliseconds: number): void {
  const status = `${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trimEnd();
  const pairs: [string, string | number][] = [];
  if (trace.level === 6 || trace.level >= 9) pairs.push(['verb', method], ['url', url.href]);
  pairs.push(['status', status]);
  if (trace.level >= 8) {
    const raw: [string, string][] = [];
    for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) raw.push([canonical(res.rawHeaders[i]!), res.rawHeaders[i + 1]!]);
    pairs.push(['headers', headerBlock(raw)]);
  }
  pairs.push(['milliseconds', Math.round(milliseconds)]);
  log(trace, 'round_trippers.go:632', 'Response', pairs);
}

/** The response's body, once read (-v=8 cut, -v=9 whole). */
export function traceResponseBody(trace: RequestTrace, text: string): void {
  if (trace.level >= 8) log(trace, 'helper.go:113', 'Response Body', [['body', body(text, trace.level)]]);
}
