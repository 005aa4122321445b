// An in-memory API server for in-process tests of the commands' runs (issue 22): the CsrApi and the cluster reads of
// src/kube/api.ts, with what a real server does to CSRs that the commands depend on: resourceVersions that grow with
// every write, 409 Conflict on a stale update and AlreadyExists on a taken name, conditions kept as written, the
// requestor recorded on create, watch events from a resourceVersion, 410 Gone for a version compacted away, and
// faults (429, 5xx, a cut stream) injected on demand. A signer may issue a certificate on approval, as
// kube-controller-manager's does. The e2e suite checks the same behaviour against the real control plane.
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { ApiError, ConnectionError } from '../../src/kube/api-error.js';
import { listAll, type Cluster, type ClusterConnection, type CsrApi, type CsrList, type CsrPage, type ListOptions, type WatchEvent } from '../../src/kube/api.js';
import type { Csr } from '../../src/kube/csr.js';
import type { ClusterReadings } from '../../src/kube/read-cluster-facts.js';
import type { RbacObjects, RbacRead } from '../../src/kube/rbac-objects.js';
import { FakeCertificates } from './fake-certificates.js';
import { makeTestCa, signedPem } from '../fixtures/pki/sign-certificate.js';
import { rsaKeyPem } from '../fixtures/pki/keys.js';
import { parseRequest } from '../../src/pki/request.js';
import type { NodeFacts } from '../../src/kube/read-cluster-facts.js';
import { FakeController } from './fake-controller.js';

const RESOURCE = 'certificatesigningrequests.certificates.k8s.io';

/** A clock a test moves by hand. */
export class FakeClock {
  constructor(public current = new Date('2026-06-01T12:00:00Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** page: a page of a list after the first. */
export type Operation = 'list' | 'page' | 'get' | 'create' | 'updateApproval' | 'watch' | 'facts';

interface Stored {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Csr;
}

export interface FakeClusterOptions {
  clock?: FakeClock;
  /** The user the server records as the requestor of what is created. */
  user?: { username: string; groups: string[] };
  /** Objects per list page (the real client asks for 500). */
  pageSize?: number;
  /** Issue a certificate when a CSR is approved, as kube-controller-manager's signers do. */
  signer?: boolean;
  rbac?: RbacObjects;
  /** The longest lifetime the signer issues, as kube-controller-manager's --cluster-signing-duration. */
  signingDurationSeconds?: number;
}

export class FakeCluster implements CsrApi {
  readonly clock: FakeClock;
  readonly user: { username: string; groups: string[] };
  private readonly pageSize: number;
  private readonly store = new Map<string, Csr>();
  private readonly log: Stored[] = [];
  private rv = 100;
  /** Versions at or below this are compacted away: a watch from them gets 410 Gone. */
  compactedThrough = 0;
  private readonly faults: { op: Operation; error: Error }[] = [];
  private readonly waiters = new Set<() => void>();
  /** Every request, in order: what the commands asked of the server. */
  readonly requests: string[] = [];
  signer: boolean;
  rbac: RbacObjects;
  private readonly signingDurationSeconds: number;
  readonly ca = makeTestCa('fake-cluster-ca', rsaKeyPem('rsa-2048-5'));
  /** ClusterTrustBundles, PodCertificateRequests and Pods. */
  readonly certificates = new FakeCertificates();
  /** The Leases and Events of `approver run` (fake-controller.ts). */
  readonly controller = new FakeController((nodeNames) => this.readFacts(nodeNames));
  /** Node objects by name: their addresses, for the kubelet-serving checks. */
  readonly nodes = new Map<string, NodeFacts>();

  constructor(opts: FakeClusterOptions = {}) {
    this.clock = opts.clock ?? new FakeClock();
    this.user = opts.user ?? { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
    this.pageSize = opts.pageSize ?? 500;
    this.signer = opts.signer ?? false;
    this.signingDurationSeconds = opts.signingDurationSeconds ?? Infinity;
    this.rbac = opts.rbac ?? { clusterRoles: [], roles: [], clusterRoleBindings: [], roleBindings: [] };
  }

  /** What the commands get from connecting. */
  cluster(): Cluster {
    const connection: ClusterConnection = {
      server: 'https://fake.example:6443',
      clusterName: 'fake',
      caData: this.ca.caCertPem,
      insecureSkipTlsVerify: false,
      readFacts: (nodeNames, rbac) => this.readFacts(nodeNames, rbac),
    };
    return { client: this, connection, certificates: () => Promise.resolve(this.certificates), controller: () => Promise.resolve(this.controller) };
  }

  /** The next `op` fails with `error` (in the order given). */
  failNext(op: Operation, error: Error): void {
    this.faults.push({ op, error });
  }

  static tooManyRequests(): ApiError {
    return new ApiError(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later');
  }

  static gone(): ConnectionError {
    return new ConnectionError('Unable to connect to the server: read tcp: connection reset by peer');
  }

  /** Stores an object as if someone else created it (another requestor, at the fake clock's time). */
  add(csr: Csr, requestor = { username: 'someone', groups: ['system:authenticated'] }): Csr {
    return this.write('ADDED', { ...csr, spec: { ...csr.spec, username: requestor.username, groups: requestor.groups, uid: 'uid-' + requestor.username } });
  }

  /** What the server has now. */
  object(name: string): Csr | undefined {
    const csr = this.store.get(name);
    return csr && structuredClone(csr);
  }

  delete(name: string): void {
    const csr = this.store.get(name);
    if (!csr) return;
    this.store.delete(name);
    this.write('DELETED', csr);
  }

  /** Adds a condition (as a controller would), e.g. Failed. */
  setCondition(name: string, type: string, reason = 'Test', message = ''): void {
    const csr = this.object(name)!;
    csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type, status: 'True', reason, message, lastUpdateTime: stamp(this.clock.now()) }] };
    this.write('MODIFIED', csr);
  }

  /** Issues the certificate of an approved CSR now, with its public key (RSA requests; others get a fixture key). */
  issue(name: string): void {
    const csr = this.object(name)!;
    csr.status = { ...csr.status, certificate: Buffer.from(this.sign(csr)).toString('base64') };
    this.write('MODIFIED', csr);
  }

  /** Ends every open watch, as an API server does after its timeout. */
  endWatches(): void {
    this.closing = true;
    for (const wake of [...this.waiters]) wake();
    this.closing = false;
  }

  private closing = false;

  list(opts: ListOptions = {}): Promise<CsrList> {
    return listAll(this.pages(opts));
  }

  async *pages(opts: ListOptions = {}): AsyncGenerator<CsrPage> {
    this.fault('list');
    const all = [...this.store.values()].filter((c) => selects(c, opts)).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const resourceVersion = String(this.rv);
    for (let i = 0; i === 0 || i < all.length; i += this.pageSize) {
      this.requests.push(`LIST ${opts.fieldSelector ?? ''} ${opts.labelSelector ?? ''}${opts.metadataOnly ? ' metadata' : ''}`.trimEnd());
      const items = all.slice(i, i + this.pageSize).map((c) => (opts.metadataOnly ? ({ metadata: c.metadata } as Csr) : structuredClone(c)));
      if (i > 0) {
        this.fault('list');
        this.fault('page');
      }
      yield { items, resourceVersion, more: i + this.pageSize < all.length };
      await Promise.resolve();
    }
  }

  /** The `count` of each warm() call (a server has no connections to warm): what the approver asked for, and when. */
  readonly warmed: number[] = [];

  warm(count: number): Promise<void> {
    this.warmed.push(count);
    return Promise.resolve();
  }

  async get(name: string): Promise<Csr> {
    this.requests.push(`GET ${name}`);
    await Promise.resolve();
    this.fault('get');
    const csr = this.store.get(name);
    if (!csr) throw new ApiError(404, 'NotFound', `${RESOURCE} "${name}" not found`);
    return structuredClone(csr);
  }

  async create(csr: Csr, dryRun = false): Promise<Csr> {
    this.requests.push(`POST ${csr.metadata.name}${dryRun ? ' dry-run' : ''}`);
    await Promise.resolve();
    this.fault('create');
    const name = csr.metadata.name!;
    if (this.store.has(name)) throw new ApiError(409, 'AlreadyExists', `${RESOURCE} "${name}" already exists`);
    const stored: Csr = { ...structuredClone(csr), spec: { ...csr.spec, username: this.user.username, groups: this.user.groups, uid: 'uid-' + this.user.username } };
    if (dryRun) return { ...stored, metadata: { ...stored.metadata, creationTimestamp: stamp(this.clock.now()) } };
    return this.write('ADDED', stored);
  }

  async updateApproval(csr: Csr, dryRun = false): Promise<Csr> {
    const name = csr.metadata.name!;
    this.requests.push(`PUT ${name}/approval${dryRun ? ' dry-run' : ''}`);
    await Promise.resolve();
    this.fault('updateApproval');
    const current = this.store.get(name);
    if (!current) throw new ApiError(404, 'NotFound', `${RESOURCE} "${name}" not found`);
    if (csr.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${RESOURCE} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    const types = (csr.status?.conditions ?? []).map((c) => c.type);
    if (types.includes('Approved') && types.includes('Denied')) {
      throw new ApiError(422, 'Invalid', `CertificateSigningRequest.certificates.k8s.io "${name}" is invalid: status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive`);
    }
    const next: Csr = { ...current, status: { ...current.status, conditions: structuredClone(csr.status?.conditions ?? []) } };
    if (dryRun) return structuredClone(next);
    const updated = this.write('MODIFIED', next);
    if (this.signer && types.includes('Approved') && !updated.status?.certificate) setImmediate(() => this.store.has(name) && this.issue(name));
    return updated;
  }

  async *watch(opts: ListOptions & { resourceVersion: string }, signal?: AbortSignal): AsyncGenerator<WatchEvent> {
    this.requests.push(`WATCH ${opts.fieldSelector ?? ''} from ${opts.resourceVersion}`.trimEnd());
    await Promise.resolve();
    this.fault('watch');
    let from = Number(opts.resourceVersion);
    if (from !== 0 && from <= this.compactedThrough) {
      yield { type: 'ERROR', status: 410, message: `too old resource version: ${from} (${this.compactedThrough + 1})` };
      return;
    }
    if (from === 0) from = this.rv;
    for (;;) {
      for (const e of this.log) {
        if (e.rv <= from) continue;
        from = e.rv;
        if (selects(e.object, opts)) yield { type: e.type, object: structuredClone(e.object) };
      }
      if (signal?.aborted) return;
      const fault = this.faults.findIndex((f) => f.op === 'watch');
      if (fault >= 0) throw this.faults.splice(fault, 1)[0]!.error;
      const woken = await this.next(signal);
      if (woken === 'end' || signal?.aborted) return;
    }
  }

  /** Waits for the next write, the end of the watches, or the signal. */
  private next(signal?: AbortSignal): Promise<'write' | 'end'> {
    return new Promise((resolve) => {
      const done = (why: 'write' | 'end') => {
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', onAbort);
        resolve(why);
      };
      const wake = () => done(this.closing ? 'end' : 'write');
      const onAbort = () => done('end');
      this.waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** rbac given: the command read it already; the request is recorded as NODES, RBAC is not read again. */
  async readFacts(nodeNames: string[], rbac?: RbacRead): Promise<ClusterReadings> {
    this.requests.push(`${rbac ? 'NODES' : 'FACTS'} ${nodeNames.join(',')}`.trimEnd());
    await Promise.resolve();
    this.fault('facts');
    const nodes = new Map(nodeNames.filter((n) => this.nodes.has(n)).map((n) => [n, structuredClone(this.nodes.get(n)!)]));
    return { rbac: rbac ?? { readable: true, objects: structuredClone(this.rbac) }, nodes };
  }

  private write(type: Stored['type'], csr: Csr): Csr {
    const rv = ++this.rv;
    const existing = this.store.get(csr.metadata.name!);
    const object: Csr = {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      ...csr,
      metadata: {
        ...csr.metadata,
        uid: existing?.metadata.uid ?? csr.metadata.uid ?? randomBytes(8).toString('hex'),
        creationTimestamp: existing?.metadata.creationTimestamp ?? csr.metadata.creationTimestamp ?? stamp(this.clock.now()),
        resourceVersion: String(rv),
      },
    };
    if (type !== 'DELETED') this.store.set(object.metadata.name!, object);
    this.log.push({ rv, type, object });
    for (const wake of this.waiters) wake();
    return structuredClone(object);
  }

  private fault(op: Operation): void {
    const i = this.faults.findIndex((f) => f.op === op);
    if (i >= 0) throw this.faults.splice(i, 1)[0]!.error;
  }

  private sign(csr: Csr): string {
    const requestPem = Buffer.from(csr.spec.request, 'base64').toString('utf8');
    const subject = parseRequest(derOfPem(requestPem)).subject;
    let publicKey: forge.pki.PublicKey;
    try {
      publicKey = forge.pki.certificationRequestFromPem(requestPem).publicKey!;
    } catch {
      // node-forge reads RSA requests only; another key gets a certificate for a fixture key (it will not match).
      const other = forge.pki.privateKeyFromPem(rsaKeyPem('rsa-2048-4'));
      publicKey = forge.pki.setRsaPublicKey(other.n, other.e);
    }
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = '01' + randomBytes(8).toString('hex');
    const now = this.clock.now();
    cert.validity.notBefore = new Date(now.getTime() - 5 * 60_000);
    const asked = (csr.spec.expirationSeconds ?? 86_400) * 1000;
    const cap = this.signingDurationSeconds * 1000;
    cert.validity.notAfter = asked > cap ? new Date(cert.validity.notBefore.getTime() + cap) : new Date(now.getTime() + asked);
    cert.setSubject([
      ...(subject.commonName !== null ? [{ name: 'commonName', value: subject.commonName }] : []),
      ...subject.organizations.map((o) => ({ name: 'organizationName', value: o })),
    ]);
    cert.setIssuer(forge.pki.certificateFromPem(this.ca.caCertPem).subject.attributes);
    cert.setExtensions([{ name: 'keyUsage', digitalSignature: true, critical: true }, { name: 'extKeyUsage', clientAuth: true }]);
    return signedPem(cert, this.ca.caKeyPem);
  }
}

function derOfPem(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function selects(csr: Csr, opts: ListOptions): boolean {
  for (const term of (opts.fieldSelector ?? '').split(',').filter(Boolean)) {
    const [field, want] = term.split(/==?/) as [string, string];
    const value = field === 'metadata.name' ? csr.metadata.name : field === 'spec.signerName' ? csr.spec.signerName : undefined;
    if (value !== want) return false;
  }
  for (const term of (opts.labelSelector ?? '').split(',').filter(Boolean)) {
    const [key, want] = term.split('=') as [string, string];
    if (csr.metadata.labels?.[key] !== want) return false;
  }
  return true;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
