// What the commands need of the API server, as interfaces: the CSR API, the reads the policy checks need (RBAC and
// Nodes), and where the cluster is (for a kubeconfig written for a new user). csr-client.ts and read-cluster-facts.ts
// are the HTTPS implementation; test/fakes/fake-cluster.ts is an in-memory one, so that a command's run is tested
// in-process (issue 22).
import type { CertificatesResource, ClusterTrustBundle, PodCertificateRequest } from './certificates-objects.js';
import type { Connection } from './connection.js';
import type { Csr } from './csr.js';
import type { ClusterReadings } from './read-cluster-facts.js';
import type { RbacRead } from './rbac-objects.js';
import type { CsrEvent, EventSubject } from './events.js';
import type { Lock } from './leader-election.js';
import type { ObjectEvent } from './watch-stream.js';

/** What a list of more than one page does for memory, given by the command that runs the list (kube/ knows no V8). */
export interface ListMemory {
  /** A page was handed on and another follows: the pages before it are garbage now. */
  pageHandled: () => void;
  /** The list ended, whole or not. */
  end: () => void;
}

export interface ListOptions {
  fieldSelector?: string;
  labelSelector?: string;
  /**
   * Only each object's metadata (PartialObjectMetadataList, what `kubectl get -o name` needs): about a third of the
   * bytes to send and parse. The items have no spec or status then.
   */
  metadataOnly?: boolean;
  /** pages(): the next page is asked for while the caller works on this one (csr-client.ts). */
  readAhead?: boolean;
  /**
   * With readAhead: called when a page shows that more follow, from its first bytes, before it is parsed (list tunes V8
   * for a long list then: kube/ knows no V8).
   */
  morePages?: () => void;
}

export interface CsrList {
  items: Csr[];
  resourceVersion: string;
}

/** A page of a list, and whether more follow. */
export interface CsrPage extends CsrList {
  more: boolean;
}

export type WatchEvent = ObjectEvent<Csr>;

/** certificates.k8s.io/v1 CertificateSigningRequests. Errors are ApiError (with kubectl's words) or ConnectionError. */
export interface CsrApi {
  list(opts?: ListOptions): Promise<CsrList>;
  /** The list a page at a time, so that a caller can turn each page into what it prints and let the objects go. */
  pages(opts?: ListOptions): AsyncIterable<CsrPage>;
  /** Asks for the first page of pages(opts) before it is read, where that runs nothing of the user's; `signal` abandons it. */
  readAhead?(opts: ListOptions, signal: AbortSignal): void;
  get(name: string): Promise<Csr>;
  /** dryRun: the server validates and answers with what it would store (the requestor it records), storing nothing. */
  create(csr: Csr, dryRun?: boolean): Promise<Csr>;
  /**
   * PUT …/NAME/approval with the whole object: the only way to add Approved or Denied. dryRun: checked, not stored.
   * unread: the answer (the object as stored) is not parsed, and the object as sent comes back: a watcher learns the
   * stored one from its watch (issue 25: a JSON.parse of a whole CSR per decision of a storm).
   */
  updateApproval(csr: Csr, dryRun?: boolean, unread?: boolean): Promise<Csr>;
  /** Events from resourceVersion until the server ends the stream or the signal aborts; a 410 Gone is an ERROR event. */
  /** onOpen: called when the server has accepted the watch, before any event (a quiet cluster sends none). */
  watch(opts: ListOptions & { resourceVersion: string }, signal?: AbortSignal, onOpen?: () => void): AsyncIterable<WatchEvent>;
  /**
   * Opens up to `count` keep-alive connections to the server before requests need them (a cheap GET on each, at once),
   * or keeps those open from closing idle: resolves when every GET is answered or has failed.
   */
  warm?(count: number): Promise<void>;
}

/** A whole list from its pages (the client's list(), and the in-memory one of the tests). */
export async function listAll(pages: AsyncIterable<CsrPage>): Promise<CsrList> {
  const items: Csr[] = [];
  let resourceVersion = '';
  for await (const page of pages) {
    items.push(...page.items);
    resourceVersion = page.resourceVersion;
  }
  return { items, resourceVersion };
}

/** Where the cluster is: what a kubeconfig for a new user needs of the current one. */
export type ClusterEndpoint = Pick<Connection, 'server' | 'clusterName' | 'caData' | 'insecureSkipTlsVerify' | 'tlsServerName' | 'proxyUrl'>;

/** The connection as commands see it: where the cluster is, and the one read of the facts the policy checks need. */
export interface ClusterConnection extends ClusterEndpoint {
  /** rbac: what this command already read (a bulk run's first page): only the Nodes are read, RBAC is read once. */
  readFacts(nodeNames: string[], rbac?: RbacRead): Promise<ClusterReadings>;
}

/** What a watcher asks of every request it makes (issue 27): a signal that ends them, a count of those in flight. */
export interface RequestScope {
  signal: AbortSignal;
  requests: { inFlight: number };
  /** The timeout of a request when --request-timeout gives none. */
  defaultTimeoutMs: number;
  /** Requests (not watches) over one HTTP/2 connection where the server offers it (Connection.http2). */
  http2?: boolean;
}

/** The objects of the rest of certificates.k8s.io, by resource. */
export interface CertificatesObjects {
  clustertrustbundles: ClusterTrustBundle;
  podcertificaterequests: PodCertificateRequest;
}

export interface CertificatesListOptions {
  /** Undefined: every namespace (or a cluster-scoped resource). */
  namespace?: string;
  fieldSelector?: string;
}

/**
 * ClusterTrustBundles and PodCertificateRequests in the version the server's discovery serves (issue 24), and the
 * one read of a Pod that a request names. Errors as CsrApi's; a resource served in no version is NotServedError.
 */
export interface CertificatesApi {
  /** The namespace of the kubeconfig's context: where -n defaults to. */
  readonly namespace: string;
  list<R extends CertificatesResource>(resource: R, opts?: CertificatesListOptions): Promise<CertificatesObjects[R][]>;
  get<R extends CertificatesResource>(resource: R, name: string, namespace?: string): Promise<CertificatesObjects[R]>;
  /** The UID of pod NAMESPACE/NAME; null when there is no such pod, undefined when reading it is forbidden. */
  podUid(namespace: string, name: string): Promise<string | null | undefined>;
  /**
   * null when the API server's certificate verifies with these CA certificates alone (and the connection's
   * tls-server-name and proxy), else why not: whether a kubeconfig carrying them would work.
   */
  serverVerifyProblem(caPem: string): Promise<string | null>;
}

/**
 * What the in-cluster approver writes besides approvals (issue 25): its Lease (lease.ts) and an Event per decision
 * (events.ts). The HTTPS implementation is controllerApi() in controller-api.ts.
 */
export interface ControllerApi {
  /** The namespace the connection defaults to: the pod's in a pod, else the kubeconfig context's. */
  namespace: string;
  lease(namespace: string, name: string): Lock & { readonly namespace: string; readonly name: string };
  /** signal: abandons the request (and its retries after a fault). */
  recordEvent(csr: EventSubject, event: CsrEvent, host: string, now: Date, signal?: AbortSignal): Promise<void>;
  /**
   * The policy's facts (Nodes, RBAC) from caches kept by list and watch until the signal aborts (cached-facts.ts), in
   * place of a read per batch of CSRs; and which caches the server refuses now (a read of them waits).
   */
  watchFacts(signal: AbortSignal, log: (text: string) => void, listMemory?: () => ListMemory): WatchedFacts;
}

export interface WatchedFacts {
  read(nodeNames: string[]): Promise<ClusterReadings>;
  /** Each cached resource → what the server said if it refuses its list or watch now (403: RBAC is wrong), else null. */
  refused(): ReadonlyMap<string, string | null>;
}

/** What connecting gives a command. */
export interface Cluster {
  client: CsrApi;
  connection: ClusterConnection;
  /** Loaded when a command reads trust bundles or pod certificates, not on every connection. */
  certificates: () => Promise<CertificatesApi>;
  /** Leases and Events, for `approver run`; loaded by it alone. */
  controller: () => Promise<ControllerApi>;
  /** The same cluster, with every request under the scope (the HTTPS one; an in-memory one need not). */
  scoped?: (scope: RequestScope) => Cluster;
}
