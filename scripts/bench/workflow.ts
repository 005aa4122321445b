// The seed's workflow, end to end: a new user's key, request, approval, certificate and kubeconfig, until that
// kubeconfig authenticates, by hand (the steps of the Kubernetes docs' "issue a certificate for a normal user", one
// script timed whole) against `kubectl csr request NAME -g G --approve --kubeconfig-out F`. Both end with the same
// `kubectl auth whoami` through the new kubeconfig, and take turns, each on a fresh CSR name and directory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { api } from '../../test/e2e/api.js';
import { CSRS } from './csr-fixtures.js';
import { adminCredentials, type BenchContext } from './context.js';
import type { Row } from './report.js';
import { median, shellQuote, timeOnce } from './timing.js';

export const BY_HAND = 'by hand: openssl, base64, a heredoc manifest, kubectl apply/approve/wait/get/config (one script)';
export const WITH_PLUGIN = 'kubectl csr request NAME -g G --approve --kubeconfig-out F';
export const WORKFLOW_SECTION = "the seed's workflow, until the kubeconfig authenticates";

/**
 * By hand, as the Kubernetes docs teach it. `kubectl get csr` right after the approval usually finds no certificate
 * yet (the controller signs a moment later), so the script waits for it with `kubectl wait`, as anyone whose
 * kubeconfig came out empty learns to. The new kubeconfig gets the cluster's server and CA from the admin's.
 */
function byHandScript(kubectl: string, name: string): string {
  const k = shellQuote(kubectl);
  return `set -e
openssl genrsa -out ${name}.key 2048 2>/dev/null
openssl req -new -key ${name}.key -subj "/CN=${name}/O=dev" -out ${name}.csr
cat <<EOF | ${k} apply -f -
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: ${name}
spec:
  request: $(base64 -w0 < ${name}.csr)
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages:
  - client auth
EOF
${k} certificate approve ${name}
${k} wait --for=jsonpath='{.status.certificate}' csr/${name} --timeout=60s
${k} get csr ${name} -o jsonpath='{.status.certificate}' | base64 -d > ${name}.crt
${k} config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > ca.crt
${k} config set-cluster bench --server="$(${k} config view --minify -o jsonpath='{.clusters[0].cluster.server}')" --certificate-authority=ca.crt --embed-certs --kubeconfig=${name}.kubeconfig
${k} config set-credentials ${name} --client-key=${name}.key --client-certificate=${name}.crt --embed-certs --kubeconfig=${name}.kubeconfig
${k} config set-context ${name} --cluster=bench --user=${name} --kubeconfig=${name}.kubeconfig
${k} config use-context ${name} --kubeconfig=${name}.kubeconfig
${k} auth whoami --kubeconfig=${name}.kubeconfig
`;
}

function pluginScript(bin: string, kubectl: string, name: string): string {
  return `set -e
${shellQuote(bin)} request ${name} -g dev --approve --kubeconfig-out ${name}.kubeconfig
${shellQuote(kubectl)} auth whoami --kubeconfig=${name}.kubeconfig
`;
}

export async function workflow(ctx: BenchContext): Promise<Row[]> {
  const creds = adminCredentials(ctx);
  const results = { hand: { ms: [] as number[], rss: [] as number[] }, plugin: { ms: [] as number[], rss: [] as number[] } };
  for (let run = 0; run < ctx.runs.workflow; run++) {
    for (const who of ['hand', 'plugin'] as const) {
      const name = `bench-user-${who}-${run}`;
      const dir = join(ctx.work, 'workflow', name);
      mkdirSync(dir, { recursive: true });
      const script = who === 'hand' ? byHandScript(ctx.kubectl, name) : pluginScript(ctx.bin, ctx.kubectl, name);
      try {
        const res = await timeOnce(['sh', '-c', script], { env: ctx.clusterEnv, cwd: dir }, ctx.tools.gnuTime);
        if (res.code !== 0) throw new Error(`${who === 'hand' ? BY_HAND : WITH_PLUGIN} exited ${res.code}: ${res.stderr.trim().split('\n').slice(-3).join(' / ')}`);
        results[who].ms.push(res.ms);
        if (res.peakRssKib !== null) results[who].rss.push(res.peakRssKib);
        ctx.log(`  ${who} ${run + 1}/${ctx.runs.workflow}: ${res.ms.toFixed(0)} ms`);
      } finally {
        await api(creds, 'DELETE', `${CSRS}/${name}`);
      }
    }
  }
  return (['hand', 'plugin'] as const).map((who) => ({
    section: WORKFLOW_SECTION,
    command: who === 'hand' ? BY_HAND : WITH_PLUGIN,
    median: median(results[who].ms),
    runs: results[who].ms.length,
    cpu: null,
    peakRssKib: results[who].rss.length ? median(results[who].rss) : null,
    ...(who === 'plugin' ? { versus: BY_HAND, ratio: 'faster' as const } : {}),
  }));
}

/** The benchmark's first line: the whole workflow, by hand and with the plugin. */
export function headline(rows: Row[]): string | null {
  const hand = rows.find((r) => r.command === BY_HAND);
  const plugin = rows.find((r) => r.command === WITH_PLUGIN);
  if (!hand || !plugin) return null;
  const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
  return (
    `**The seed's workflow, end to end:** a new user's key, CSR, approval, certificate and kubeconfig, until that ` +
    `kubeconfig authenticates (\`kubectl auth whoami\`): ${ms(hand.median)} by hand (openssl, base64, a heredoc ` +
    `manifest and ten kubectl commands, as one script), ${ms(plugin.median)} with \`${WITH_PLUGIN}\`: ` +
    `**${(hand.median / plugin.median).toFixed(2)}× faster**, one command instead of a dozen.`
  );
}
