// How a wait talks (issue 23): off a terminal, the one line of output/wait-status.ts when the wait starts; on a
// terminal, a status line rewritten every second with the time waited and where the CSR is, erased when the wait
// ends so that the lines after it (the files written, an error) stand alone.
import type { Io } from '../../io.js';
import { hasCondition, type Csr } from '../../kube/csr.js';
import { waitStartLine, waitStatusLine } from '../../output/wait-status.js';

export interface WaitProgress {
  /** The CSR as last seen (a watch event). */
  seen(csr: Csr): void;
  /** Before anything else is printed: a line printed while the status shows would be overwritten. */
  pause(): void;
  stop(): void;
}

const TICK_MS = 1000;

/**
 * A CSR already approved is usually issued within a moment (the kube-controller-manager signs at once): the wait is
 * announced only if it lasts longer than this. A pending one waits for a person, so it is announced at once.
 */
export const QUIET_WHILE_SIGNING_MS = 1000;

export function startProgress(io: Io, first: Csr, timeoutMs: number): WaitProgress {
  let current = first;
  let shown: WaitProgress | undefined;
  let stopped = false;
  const show = () => {
    if (!stopped) shown ??= showProgress(io, current, timeoutMs);
  };
  const delay = hasCondition(first, 'Approved') ? setTimeout(show, QUIET_WHILE_SIGNING_MS) : undefined;
  delay?.unref?.();
  if (!delay) show();
  return {
    seen: (csr) => {
      current = csr;
      shown?.seen(csr);
    },
    pause: () => shown?.pause(),
    stop: () => {
      stopped = true;
      clearTimeout(delay);
      shown?.stop();
    },
  };
}

function showProgress(io: Io, first: Csr, timeoutMs: number): WaitProgress {
  const out = io.stderr;
  if (out.isTTY !== true || io.env.TERM === 'dumb') {
    out.write(waitStartLine(first, timeoutMs));
    return { seen: () => {}, pause: () => {}, stop: () => {} };
  }
  const started = Date.now();
  let csr = first;
  let rows = 0;
  const erase = () => {
    // Back to the first row of the status, then clear to the end of the screen: a status wider than the terminal
    // took several rows.
    if (rows > 0) out.write(`\r${rows > 1 ? `\x1b[${rows - 1}A` : ''}\x1b[J`);
    rows = 0;
  };
  const draw = () => {
    erase();
    const line = waitStatusLine(csr, Date.now() - started, timeoutMs);
    out.write(line);
    rows = Math.max(1, Math.ceil(line.length / Math.max(20, out.columns ?? 80)));
  };
  draw();
  const timer = setInterval(draw, TICK_MS);
  timer.unref?.();
  return {
    seen: (next) => {
      csr = next;
      draw();
    },
    pause: erase,
    stop: () => {
      clearInterval(timer);
      erase();
    },
  };
}
