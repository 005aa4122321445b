// What `approver-storm.ts --perf DIR` prints for a round: where the leader's and the standby's CPU went, from
// `perf record -e cpu-clock` on each process (every thread) while the storm ran. Unlike a V8 CPU profile (--profile),
// which samples the main thread on a wall-clock timer and so also counts the time it sat preempted (on two shared
// cores, about a third more than its CPU, and most of it on the writes that wake the API server), a cpu-clock sample
// is taken only while a thread runs: these shares are CPU. The replicas run with --perf-basic-prof-only-functions, so
// V8 names the code it compiled in /tmp/perf-PID.map, with its tier: `^` Sparkplug (baseline), `+` Maglev, `*`
// TurboFan. Node 22 ships Maglev off, so with the approver's --no-turbofan every JavaScript function runs as baseline
// code.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

/** `perf record` of one process's threads, on the monotonic clock (as process.hrtime), until stop(). */
export function recordCpu(pid: number, file: string): { stop: () => Promise<void> } {
  const child: ChildProcess = spawn('perf', ['record', '-q', '-e', 'cpu-clock', '-F', '997', '-g', '-k', 'CLOCK_MONOTONIC', '-p', String(pid), '-o', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (err) => reject(new Error(`perf record: ${err.message} (install the Debian package linux-perf)`)));
    child.on('exit', () => resolve());
  });
  return {
    stop: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/** Where a sample's innermost frame is: the kind of work the CPU was doing. */
const KINDS: [string, (symbol: string, object: string) => boolean][] = [
  ['kernel', (_, o) => o.includes('kallsyms')],
  ['JavaScript code', (_, o) => o.startsWith('perf-')],
  ['V8 builtins (ICs, calls)', (s) => s.startsWith('Builtins_')],
  ['V8 GC', (s) => /Scaveng|Marking|Sweep|Evacuat|4heap|Heap/.test(s)],
  ['V8 compilers', (s) => /8compiler|maglev|turboshaft/i.test(s)],
  ['V8 runtime (JSON, strings)', (s) => s.startsWith('_ZN2v8') || s.startsWith('_ZNK2v8')],
  ['OpenSSL', (s) => /nistz|ecdsa|EVP_|ossl_|OPENSSL|CRYPTO_|BN_|bn_|sha256|SHA256|aes|gcm|ghash|SSL|ASN1|asn1|X509|PEM_|EC_|OBJ_|ERR_/.test(s)],
  ['Node C++, libuv, llhttp', (s) => s.startsWith('_ZN4node') || s.startsWith('_ZNK4node') || s.startsWith('uv_') || s.startsWith('uv__') || s.includes('llhttp')],
  ['libc (malloc, memcpy)', (_, o) => o.startsWith('libc')],
];

interface Sample {
  time: number;
  /** Innermost first: [symbol, object file's base name]. */
  frames: [string, string][];
}

/** The samples of `perf script` taken between `from` and `to` (monotonic seconds). */
function samples(file: string, from: number, to: number): Sample[] {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'time,ip,sym,dso', '--no-demangle'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  const out: Sample[] = [];
  let current: Sample | null = null;
  for (const line of text.split('\n')) {
    const head = /^\s*([\d.]+):\s*$/.exec(line);
    if (head) {
      current = { time: Number(head[1]), frames: [] };
      if (current.time >= from && current.time <= to) out.push(current);
      continue;
    }
    const frame = /^\s+[0-9a-f]+ (.*) \((.*)\)$/.exec(line);
    if (frame && current) current.frames.push([frame[1]!, frame[2]!.split('/').at(-1)!]);
  }
  return out;
}

/**
 * A replica's CPU between `from` and `to`, in lines: its share by kind of work, the JavaScript it ran by tier, and
 * the JavaScript functions that took the most (inclusive of what they called, native code too).
 */
export function cpuLines(who: string, file: string, from: number, to: number, decisions: number): string[] {
  const all = samples(file, from, to);
  if (all.length === 0) return [`perf: no samples of the ${who} in the round`];
  const percent = (n: number) => `${((100 * n) / all.length).toFixed(1)}%`;
  const kinds = new Map<string, number>();
  const tiers = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const { frames } of all) {
    const [symbol = '', object = ''] = frames[0] ?? [];
    const kind = KINDS.find(([, test]) => test(symbol, object))?.[0] ?? 'other';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const js = frames.filter(([, o]) => o.startsWith('perf-')).map(([s]) => /^JS:(\S)(\S*)/.exec(s)).filter((m) => m !== null);
    const tier = js[0]?.[1] ?? 'none';
    tiers.set(tier, (tiers.get(tier) ?? 0) + 1);
    for (const name of new Set(js.map((m) => m[2]).filter(Boolean))) inclusive.set(name!, (inclusive.get(name!) ?? 0) + 1);
  }
  const tierName: Record<string, string> = { '^': 'baseline', '+': 'Maglev', '*': 'TurboFan', '~': 'interpreted', none: 'no JavaScript on the stack' };
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    `perf: the ${who}'s CPU, ${all.length} samples (${(all.length / 997).toFixed(2)} s of CPU, ${((all.length / 997 / decisions) * 1000).toFixed(2)} ms per decision; ${(all.length / 997 / (to - from)).toFixed(2)} of a core on average)`,
    `perf:   by kind: ${top(kinds, 12).map(([k, n]) => `${k} ${percent(n)}`).join('; ')}`,
    `perf:   innermost JavaScript by tier: ${top(tiers, 6).map(([t, n]) => `${tierName[t] ?? t} ${percent(n)}`).join('; ')}`,
    `perf:   JavaScript functions, inclusive: ${top(inclusive, 24).map(([f, n]) => `${f} ${percent(n)}`).join('; ')}`,
  ];
}
