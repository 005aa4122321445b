// The CSRs that the differential tests compare `kubectl csr list` with `kubectl get csr` over: created through the API
// with a label of this run (every comparison selects on it, so that other tests' CSRs stay out), some approved and
// issued, some denied, some for another signer. kubectl is the one the harness builds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type RunResult } from '../package/run.js';
import { BIN } from '../helpers/run-cli.js';
import { api, credentialsFrom, eventually } from './api.js';
import type { Cluster } from './cluster.js';

export interface DiffFixture {
  work: string;
  label: string;
  /** This run's name for a CSR: `diff-RUN-SUFFIX`. */
  n: (suffix: string) => string;
  plugin: (args: string[]) => Promise<RunResult>;
  /** `kubectl get csr ARGS`. */
  get: (args: string[]) => Promise<RunResult>;
  kubectl: (args: string[]) => Promise<RunResult>;
  /** Creates the CSRs (call from t.before). */
  create(): Promise<void>;
  remove(): void;
  /** The run's label joined to a case's own -l: kubectl keeps only the last -l given. */
  selecting(args: string[]): string[];
}

export function diffFixture(plane: Cluster, name: string): DiffFixture {
  const work = mkdtempSync(join(tmpdir(), `kubectl-csr-${name}-`));
  const env = { PATH: process.env.PATH, HOME: work, KUBECONFIG: plane.kubeconfigs.admin };
  const runId = Math.floor(Math.random() * 1e9).toString(36);
  const label = `kubectl-csr-diff=${runId}`;
  const n = (s: string) => `diff-${runId}-${s}`;
  const plugin = (args: string[]) => run(BIN, args, { cwd: work, env });
  const kubectl = (args: string[]) => run(plane.kubectl!, args, { cwd: work, env });

  /** A CSR from the plugin's own manifest, created with labels through the API. */
  async function createOne(csrName: string, labels: Record<string, string>, extra: string[] = []) {
    const manifest = await plugin(['request', csrName, '-g', 'dev', '--dry-run=client', '-o', 'json', ...extra]);
    if (manifest.code !== 0) throw new Error(manifest.stderr);
    const csr = JSON.parse(manifest.stdout);
    csr.metadata.labels = { 'kubectl-csr-diff': runId, ...labels };
    const res = await api(credentialsFrom(plane.kubeconfigs.admin), 'POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', csr);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }

  return {
    work,
    label,
    n,
    plugin,
    kubectl,
    get: (args) => kubectl(['get', 'csr', ...args]),
    remove: () => rmSync(work, { recursive: true, force: true }),
    async create() {
      await createOne(n('1'), { tier: 'a' }, ['--duration', '1h']);
      await createOne(n('2'), { tier: 'b' });
      await createOne(n('10'), {}, ['--duration', '10m']);
      await createOne(n('3'), { tier: 'a' }, ['--duration', '24h']);
      await createOne(n('ext'), { tier: 'b' }, ['--signer', 'example.com/diff']);
      await createOne(n('ext-denied'), { tier: 'a' }, ['--signer', 'example.com/diff', '--duration', '2h']);
      for (const [verb, csrName] of [['approve', n('1')], ['deny', n('3')], ['approve', n('ext')], ['deny', n('ext-denied')]] as const) {
        const res = await plugin([verb, csrName]);
        if (res.code !== 0) throw new Error(res.stderr);
      }
      await eventually(`${n('1')} issued`, async () => {
        const res = await api(credentialsFrom(plane.kubeconfigs.admin), 'GET', `/apis/certificates.k8s.io/v1/certificatesigningrequests/${n('1')}`);
        return res.body?.status?.certificate ? true : undefined;
      });
    },
    selecting(args) {
      const i = args.indexOf('-l');
      if (i < 0) return ['-l', label, ...args];
      return args.map((a, j) => (j === i + 1 ? `${label},${a}` : a));
    },
  };
}
