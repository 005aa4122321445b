// ClusterTrustBundles, PodCertificateRequests and Pods in memory, for in-process tests of bundles and podcerts: the
// CertificatesApi of src/kube/api.ts with the server's field selectors (spec.signerName, spec.nodeName), its NotFound
// and Forbidden, and a resource that is not served. test/e2e/trust-bundles.test.ts and pod-certificates.test.ts check
// the same commands against the real control plane.
import { ApiError } from '../../src/kube/api-error.js';
import type { CertificatesApi, CertificatesListOptions, CertificatesObjects } from '../../src/kube/api.js';
import { NotServedError } from '../../src/kube/certificates-client.js';
import type { CertificatesResource } from '../../src/kube/certificates-objects.js';

const KINDS: Record<CertificatesResource, string> = { clustertrustbundles: 'ClusterTrustBundle', podcertificaterequests: 'PodCertificateRequest' };

export class FakeCertificates implements CertificatesApi {
  readonly namespace: string;
  private readonly objects: { [R in CertificatesResource]: CertificatesObjects[R][] } = { clustertrustbundles: [], podcertificaterequests: [] };
  /** Pod UIDs by namespace/name; a pod not here is gone. */
  readonly pods = new Map<string, string>();
  /** Reading Pods is forbidden (the caller may list requests but not pods). */
  podsForbidden = false;
  /** Resources the server serves in no version (a 1.34 cluster without the gates). */
  readonly notServed = new Set<CertificatesResource>();
  /** Every request, in order. */
  readonly requests: string[] = [];

  constructor(namespace = 'default') {
    this.namespace = namespace;
  }

  add<R extends CertificatesResource>(resource: R, object: CertificatesObjects[R]): void {
    (this.objects[resource] as CertificatesObjects[R][]).push({ apiVersion: 'certificates.k8s.io/v1', kind: KINDS[resource], ...object });
  }

  list<R extends CertificatesResource>(resource: R, opts: CertificatesListOptions = {}): Promise<CertificatesObjects[R][]> {
    this.requests.push(`LIST ${resource} ${opts.namespace ?? ''} ${opts.fieldSelector ?? ''}`.trimEnd());
    if (this.notServed.has(resource)) return Promise.reject(new NotServedError(resource));
    const fields = (opts.fieldSelector ?? '').split(',').filter(Boolean).map((f) => f.split('=') as [string, string]);
    const items = (this.objects[resource] as CertificatesObjects[R][]).filter(
      (o) => (opts.namespace === undefined || o.metadata.namespace === opts.namespace) && fields.every(([path, value]) => field(o, path) === value),
    );
    return Promise.resolve(structuredClone(items).sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`)));
  }

  get<R extends CertificatesResource>(resource: R, name: string, namespace?: string): Promise<CertificatesObjects[R]> {
    this.requests.push(`GET ${resource} ${namespace ?? ''} ${name}`.replace('  ', ' '));
    if (this.notServed.has(resource)) return Promise.reject(new NotServedError(resource));
    const found = (this.objects[resource] as CertificatesObjects[R][]).find((o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
    if (!found) return Promise.reject(new ApiError(404, 'NotFound', `${resource}.certificates.k8s.io "${name}" not found`));
    return Promise.resolve(structuredClone(found));
  }

  /** The CA certificates (PEM) that verify the API server's certificate; a CA without them does not. */
  serverCa = '';

  serverVerifyProblem(caPem: string): Promise<string | null> {
    this.requests.push('GET /version (TLS with a CA of our own)');
    return Promise.resolve(this.serverCa !== '' && caPem.includes(this.serverCa.trim()) ? null : 'x509: certificate signed by unknown authority');
  }

  podUid(namespace: string, name: string): Promise<string | null | undefined> {
    this.requests.push(`GET pods ${namespace} ${name}`);
    if (this.podsForbidden) return Promise.resolve(undefined);
    return Promise.resolve(this.pods.get(`${namespace}/${name}`) ?? null);
  }
}

/** The field selectors the server supports for these resources: spec.signerName, and spec.nodeName for requests. */
function field(o: { spec: object }, path: string): string | undefined {
  const spec = o.spec as Record<string, unknown>;
  if (path === 'spec.signerName') return spec.signerName as string | undefined;
  if (path === 'spec.nodeName') return spec.nodeName as string | undefined;
  throw new ApiError(400, 'BadRequest', `"${path}" is not a known field selector`);
}
