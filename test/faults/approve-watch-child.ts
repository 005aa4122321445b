// `approve --pending --watch` run as a child against the fault server: what the fault tests of the approval watch share.
import { spawn } from 'node:child_process';
import { BIN } from '../helpers/run-cli.js';
import { json, type FaultServer } from './fault-server.js';

/** The names of the CSRs the server was sent approvals for, answered with what was sent. */
export function recordApprovals(server: FaultServer): string[] {
  const approvals: string[] = [];
  server.on(/^PUT .*\/approval$/, (q, res) => {
    let body = '';
    q.on('data', (c) => (body += c));
    q.on('end', () => {
      const sent = JSON.parse(body);
      approvals.push(sent.metadata.name);
      json(res, sent);
    });
  });
  return approvals;
}

export interface WatchChild {
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Polls stdout every 100 ms, for up to 20 s, until `done` says so. */
  until: (done: (stdout: string) => boolean) => Promise<void>;
  kill: (signal: NodeJS.Signals) => void;
}

/** `kubectl csr approve --pending --watch` with a kubeconfig for the server, HOME in dir and nothing else set. */
export function approveWatch(server: FaultServer, dir: string): WatchChild {
  const child = spawn(BIN, ['approve', '--pending', '--watch'], { env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: server.kubeconfig(dir) } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    until: async (done) => {
      for (let i = 0; i < 200 && !done(stdout); i++) await new Promise((r) => setTimeout(r, 100));
    },
    kill: (signal) => child.kill(signal),
  };
}
