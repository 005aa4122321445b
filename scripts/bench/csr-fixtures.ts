// The cluster state each measurement needs, made straight through the API (the e2e tests' bare HTTPS client), fast
// and in parallel: CertificateSigningRequests with real, distinct PKCS#10 requests, labelled so that one
// deletecollection takes a section's objects away again.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { api, type Credentials } from '../../test/e2e/api.js';
import { createRequest } from '../../src/pki/create-request.js';
import { mapLimit } from '../../src/util/map-limit.js';

const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
export const LABEL = 'kubectl-csr-bench';
/** No controller signs for it, so that nothing but the commands measured touches these objects. */
export const UNSIGNED_SIGNER = 'bench.kubectl-csr.io/unsigned';
const PARALLEL = 48;

export interface CsrSpec {
  name: string;
  signer: string;
  /** Value of the kubectl-csr-bench label: the section the object belongs to. */
  section: string;
  /** The request's O values (default: bench). */
  organizations?: string[];
}

let key: KeyObject | undefined;

/** Creates the CSRs, `PARALLEL` requests at a time; each has its own request (CN=name, O=bench) made with one key. */
export async function createCsrs(creds: Credentials, specs: CsrSpec[]): Promise<void> {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const signingKey = key;
  await mapLimit(specs, PARALLEL, async (spec) => {
    const pem = createRequest({ key: signingKey, commonName: spec.name, organizations: spec.organizations ?? ['bench'] });
    const body = {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: spec.name, labels: { [LABEL]: spec.section } },
      spec: {
        request: Buffer.from(pem).toString('base64'),
        signerName: spec.signer,
        usages: ['digital signature', 'key encipherment', 'client auth'],
        expirationSeconds: 86400,
      },
    };
    const res = await withRetry(() => api(creds, 'POST', CSRS, body));
    if (res.status !== 201) throw new Error(`creating ${spec.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  });
}

/**
 * A loaded API server sometimes closes a kept-alive connection just as the next request goes out on it (EPIPE,
 * ECONNRESET); the request never arrived, so it is sent again, as client-go does. After minutes of idling every
 * kept-alive socket of the pool (48) may be dead: each failure drops one, so up to 100 tries.
 */
async function withRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 100 || (code !== 'EPIPE' && code !== 'ECONNRESET' && !/socket hang up/.test(String(err)))) throw err;
    }
  }
}

/**
 * Deletes every CSR of a section: the server does it in one request, which for 10 000 objects can outlast the test
 * client's timeout; then the section is counted until it is empty.
 */
export async function deleteSection(creds: Credentials, section: string): Promise<void> {
  try {
    const res = await withRetry(() => api(creds, 'DELETE', `${CSRS}?labelSelector=${encodeURIComponent(`${LABEL}=${section}`)}`));
    if (res.status !== 200) throw new Error(`deleting section ${section}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  } catch (err) {
    if (!/timeout/.test(String(err))) throw err;
  }
  for (let i = 0; i < 300 && (await countCsrs(creds, `${LABEL}=${section}`)).total > 0; i++) await new Promise((r) => setTimeout(r, 1000));
}

/** Counts CSRs (and the approved ones) a page of 500 at a time: one list of 10 000 can outlast the client's timeout. */
export async function countCsrs(creds: Credentials, labelSelector?: string): Promise<{ total: number; approved: number }> {
  let total = 0;
  let approved = 0;
  let token = '';
  do {
    const query = new URLSearchParams({ limit: '500', ...(labelSelector ? { labelSelector } : {}), ...(token ? { continue: token } : {}) });
    const res = await withRetry(() => api(creds, 'GET', `${CSRS}?${query.toString()}`));
    if (res.status !== 200) throw new Error(`listing CSRs: ${res.status}`);
    const items = res.body.items as { status?: { conditions?: { type: string }[] } }[];
    total += items.length;
    approved += items.filter((c) => c.status?.conditions?.some((x) => x.type === 'Approved')).length;
    token = (res.body.metadata?.continue as string | undefined) ?? '';
  } while (token);
  return { total, approved };
}

/** Approves one CSR as an admin would with any tool: GET, add the Approved condition, PUT /approval. */
export async function approveCsr(creds: Credentials, name: string): Promise<void> {
  const got = await withRetry(() => api(creds, 'GET', `${CSRS}/${name}`));
  if (got.status !== 200) throw new Error(`reading ${name}: ${got.status}`);
  const csr = got.body;
  const condition = { type: 'Approved', status: 'True', reason: 'Benchmark', message: 'approved by the benchmark', lastUpdateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
  csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), condition] };
  const put = await api(creds, 'PUT', `${CSRS}/${name}/approval`, csr);
  if (put.status !== 200) throw new Error(`approving ${name}: ${put.status} ${JSON.stringify(put.body).slice(0, 300)}`);
}

export { CSRS };
