// ClusterTrustBundles and PodCertificateRequests (certificates.k8s.io): the version comes from the server's discovery
// (v1 from 1.37; v1beta1 behind the ClusterTrustBundle and PodCertificateRequest gates in 1.35 and 1.36; v1alpha1
// for pod certificates in 1.34), and the objects are read in that version.
import { CliError } from '../errors.js';
import type { CertificatesApi, CertificatesListOptions, CertificatesObjects } from './api.js';
import { ApiError, ConnectionError } from './api-error.js';
import type { Connection } from './connection.js';
import { kubeJson, kubeText } from './http.js';
import { CERTIFICATES_GROUP, READ_VERSIONS, type CertificatesResource, type CertificatesVersion } from './certificates-objects.js';

const KINDS: Record<CertificatesResource, string> = { clustertrustbundles: 'ClusterTrustBundle', podcertificaterequests: 'PodCertificateRequest' };
const GATES: Record<CertificatesResource, string> = { clustertrustbundles: 'ClusterTrustBundle', podcertificaterequests: 'PodCertificateRequest' };

/** The resource is not served in any version this tool reads. */
export class NotServedError extends CliError {
  constructor(resource: CertificatesResource) {
    super(
      `the server does not serve ${resource} (${CERTIFICATES_GROUP} ${READ_VERSIONS.join(', ')}): it is GA in Kubernetes 1.37; ` +
        `in 1.35 and 1.36 it needs the ${GATES[resource]} feature gate and --runtime-config=${CERTIFICATES_GROUP}/v1beta1/${resource}=true`,
    );
    this.name = 'NotServedError';
  }
}

export class CertificatesClient implements CertificatesApi {
  private readonly versions = new Map<CertificatesResource, Promise<CertificatesVersion>>();

  constructor(readonly connection: Connection) {}

  get namespace(): string {
    return this.connection.namespace;
  }

  /** The most preferred version that serves the resource, from /apis/certificates.k8s.io/VERSION discovery. */
  version(resource: CertificatesResource): Promise<CertificatesVersion> {
    let found = this.versions.get(resource);
    if (!found) {
      found = this.discover(resource);
      this.versions.set(resource, found);
    }
    return found;
  }

  async list<R extends CertificatesResource>(resource: R, opts: CertificatesListOptions = {}): Promise<CertificatesObjects[R][]> {
    const version = await this.version(resource);
    const list = await kubeJson<{ items?: CertificatesObjects[R][] }>(this.connection, {
      method: 'GET',
      path: this.path(resource, version, opts.namespace),
      query: { fieldSelector: opts.fieldSelector },
    });
    return (list.items ?? []).map((item) => withKind(item, resource, version));
  }

  async get<R extends CertificatesResource>(resource: R, name: string, namespace?: string): Promise<CertificatesObjects[R]> {
    const version = await this.version(resource);
    const object = await kubeJson<CertificatesObjects[R]>(this.connection, { method: 'GET', path: `${this.path(resource, version, namespace)}/${encodeURIComponent(name)}` });
    return withKind(object, resource, version);
  }

  async podUid(namespace: string, name: string): Promise<string | null | undefined> {
    try {
      const pod = await kubeJson<{ metadata?: { uid?: string } }>(this.connection, { method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}` });
      return pod.metadata?.uid ?? null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      if (err instanceof ApiError && err.status === 403) return undefined;
      throw err;
    }
  }

  async serverVerifyProblem(caPem: string): Promise<string | null> {
    // Any answer, 401 and 403 included, means TLS verified the server with caPem; only a TLS failure says it did not.
    const withCa: Connection = { ...this.connection, httpsOptions: async () => ({ ...(await this.connection.httpsOptions()), ca: caPem, rejectUnauthorized: true }) };
    try {
      await kubeText(withCa, { method: 'GET', path: '/version' });
    } catch (err) {
      if (err instanceof ConnectionError && /tls: failed to verify/.test(err.message)) return err.message;
      if (!(err instanceof ApiError)) throw err;
    }
    return null;
  }

  private path(resource: CertificatesResource, version: CertificatesVersion, namespace?: string): string {
    const scope = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
    return `/apis/${CERTIFICATES_GROUP}/${version}${scope}/${resource}`;
  }

  private async discover(resource: CertificatesResource): Promise<CertificatesVersion> {
    for (const version of READ_VERSIONS) {
      try {
        const list = await kubeJson<{ resources?: { name: string }[] }>(this.connection, { method: 'GET', path: `/apis/${CERTIFICATES_GROUP}/${version}` });
        if (list.resources?.some((r) => r.name === resource)) return version;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err; // a version the server does not serve at all
      }
    }
    throw new NotServedError(resource);
  }
}

/** Items of a list come without apiVersion and kind; put them back so that -o yaml prints whole objects. */
function withKind<T>(object: T, resource: CertificatesResource, version: CertificatesVersion): T {
  return { apiVersion: `${CERTIFICATES_GROUP}/${version}`, kind: KINDS[resource], ...object };
}
