// The CertificateSigningRequest API (certificates.k8s.io/v1): list, get, create, the /approval subresource, watch.
import { ApiError } from './api-error.js';
import type { Connection } from './connection.js';
import { plainGet } from './plain-get.js';
import { CSR_API_VERSION, CSR_KIND, type Csr } from './csr.js';
import { listAll, type CsrApi, type CsrList, type CsrPage, type ListOptions, type WatchEvent } from './api.js';

const BASE = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
const PAGE_SIZE = 500;
/** The server answers a list with PartialObjectMetadataList; one that cannot falls back to the whole objects. */
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

export type { CsrList, CsrPage, ListOptions, WatchEvent } from './api.js';

/** http.ts, with node:https, loaded on the first request that needs it: list's pages may not (plain-get.ts). */
let httpModule: typeof import('./http.js') | undefined;
const http = async () => (httpModule ??= await import('./http.js'));

type RawPage = { items?: Csr[]; metadata?: { continue?: string; resourceVersion?: string } };

export class CsrClient implements CsrApi {
  /** The first page asked for by readAhead(), until pages() takes it. */
  private early?: { key: string; page: Promise<RawPage> };
  /** The next pages, by token, asked for once a page read ahead showed its continue token, until pages() takes them. */
  private readonly following = new Map<string, Promise<RawPage>>();

  constructor(readonly connection: Connection) {}

  list(opts: ListOptions = {}): Promise<CsrList> {
    return listAll(this.pages(opts));
  }

  /**
   * The list a page of PAGE_SIZE at a time, as kubectl's --chunk-size reads it, so that a caller can turn each page
   * into what it prints and let the objects go. With `readAhead`, the next page is asked for before this one is
   * yielded, and the request leaves before the caller works on this one: the server makes the next page meanwhile.
   */
  async *pages(opts: ListOptions = {}): AsyncGenerator<CsrPage> {
    let next = this.takeEarly(opts) ?? this.page(opts, undefined);
    for (;;) {
      const page = await next;
      const token = page.metadata?.continue || undefined;
      if (token && opts.readAhead) {
        const asked = this.takeFollowing(token);
        next = asked ?? this.page(opts, token);
        next.catch(() => undefined); // met when awaited, after this page
        if (!asked) await leaves();
      }
      yield { items: (page.items ?? []).map(withKind), resourceVersion: page.metadata?.resourceVersion ?? '', more: token !== undefined };
      if (!token) return;
      if (!opts.readAhead) next = this.page(opts, token);
    }
  }

  /**
   * Asks for the first page of pages(opts) now, before the caller is ready for it (list's handler, before list.ts
   * loads), so that the TLS handshake and the server's answer overlap the caller's start. Only for a user whose
   * credentials are read from files and flags: asking an exec plugin or an auth provider waits until the command's
   * line has been checked. `signal` abandons the request when pages() does not take it.
   */
  readAhead(opts: ListOptions, signal: AbortSignal): void {
    if (!this.connection.plainCredentials || signal.aborted) return;
    const page = this.page({ ...opts, readAhead: true }, undefined, { ...this.connection, signal });
    page.catch(() => undefined); // met by pages(), or abandoned
    this.early = { key: pageKey(opts), page };
  }

  private takeFollowing(token: string): Promise<RawPage> | undefined {
    const page = this.following.get(token);
    this.following.delete(token);
    return page;
  }

  private takeEarly(opts: ListOptions): Promise<RawPage> | undefined {
    const early = this.early;
    this.early = undefined;
    return early?.key === pageKey(opts) ? early.page : undefined;
  }

  /**
   * One page, parsed here rather than in pages(): a generator keeps its locals while it waits at a yield, and the
   * response's text (a megabyte for 500 CSRs) would live on beside its objects until the next page is asked for.
   */
  private async page(opts: ListOptions, token: string | undefined, connection = this.connection): Promise<RawPage> {
    const req = {
      method: 'GET',
      path: BASE,
      query: { limit: PAGE_SIZE, continue: token, fieldSelector: opts.fieldSelector, labelSelector: opts.labelSelector },
      ...(opts.metadataOnly ? { accept: METADATA_ONLY } : {}),
    } as const;
    // list's pages (read ahead) go without node:https when they can; anything plainGet does not read is asked again,
    // and an answer it read that is not a 2xx goes to http.ts's handling as it is.
    const plain = opts.readAhead ? await plainGet(connection, req) : undefined;
    const text = plain && plain.status >= 200 && plain.status < 300 ? plain.text : await (await http()).kubeText(connection, req, plain);
    if (opts.readAhead) await this.askFollowing(opts, text, connection);
    return JSON.parse(text) as RawPage;
  }

  /**
   * The next page asked for as soon as this one's continue token is read from its first bytes, where the API server
   * writes the list's metadata, and not once the page is parsed: the server makes the next page while this one is
   * (500 CSRs: a megabyte of JSON, milliseconds). pages() takes it only for the token the parsed page holds.
   */
  private async askFollowing(opts: ListOptions, text: string, connection: Connection): Promise<void> {
    const token = continueToken(text);
    if (token === undefined) return;
    opts.morePages?.();
    const page = this.page(opts, token, connection);
    page.catch(() => undefined); // met by pages(), or abandoned
    this.following.set(token, page);
    await leaves();
  }

  async get(name: string): Promise<Csr> {
    return withKind(await (await http()).kubeJson<Csr>(this.connection, { method: 'GET', path: `${BASE}/${encodeURIComponent(name)}` }));
  }

  async create(csr: Csr, dryRun = false): Promise<Csr> {
    return withKind(await (await http()).kubeJson<Csr>(this.connection, { method: 'POST', path: BASE, body: csr, query: { dryRun: dryRun ? 'All' : undefined } }));
  }

  /** PUT …/NAME/approval with the whole object: the only way to add Approved or Denied. */
  async updateApproval(csr: Csr, dryRun = false, unread = false): Promise<Csr> {
    const name = encodeURIComponent(csr.metadata.name!);
    const req = { method: 'PUT', path: `${BASE}/${name}/approval`, body: csr, query: { dryRun: dryRun ? 'All' : undefined } } as const;
    const { kubeJson, kubeText } = await http();
    if (!unread) return withKind(await kubeJson<Csr>(this.connection, req));
    await kubeText(this.connection, { ...req, unread: true });
    return csr;
  }

  /** Unread, as the approval PUT: sent on the same kept TLS connections (plain-request.ts), which these keep open. */
  async warm(count: number): Promise<void> {
    const { kubeText } = await http();
    await Promise.all(Array.from({ length: count }, () => kubeText(this.connection, { method: 'GET', path: '/version', unread: true }).catch(() => undefined)));
  }

  /**
   * Watches CSRs from resourceVersion; yields events until the server closes the stream or the signal aborts.
   * A 410 Gone arrives as an ERROR event; the caller re-lists. `onOpen` is called when the server has accepted the
   * watch, before any event (a quiet cluster sends none for a while).
   */
  watch(opts: ListOptions & { resourceVersion: string }, signal?: AbortSignal, onOpen?: () => void): AsyncIterableIterator<WatchEvent> {
    // Loaded on the first watch, with node:readline: a list connects before list.ts loads, and must not wait for it.
    // Its events come from watchStream's generator itself: a generator of this client's around it cost a replica of
    // the approver CPU per event in a storm (issue 25).
    return openedOnFirstRead(async () => (await import('./watch-stream.js')).watchStream<Csr>(this.connection, BASE, opts, signal, onOpen, withKind));
  }
}

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409;
}

/**
 * The continue token of a list's own metadata, read from its first bytes (`{"kind":…,"apiVersion":…,"metadata":{…,
 * "continue":"…"},"items":[…`); undefined when it is not found there, and the page is parsed first.
 */
function continueToken(text: string): string | undefined {
  const items = text.indexOf('"items":');
  const head = text.slice(0, items < 0 ? 0 : Math.min(items, 4096));
  return /^\{(?:"kind":"[^"]*",|"apiVersion":"[^"]*",)*"metadata":\{[^{}]*"continue":"([\w=-]+)"/.exec(head)?.[1];
}

/** What makes two lists the same request. */
function pageKey(opts: ListOptions): string {
  return JSON.stringify([opts.fieldSelector ?? '', opts.labelSelector ?? '', opts.metadataOnly === true]);
}

/**
 * Resolves after a turn of the event loop: a request made on a kept-alive socket is written from the tick queue, which
 * runs only once the microtasks are done, and the caller's work on a page would run first.
 */
function leaves(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** An iterator that opens open()'s on its first next(), and from then on hands each call straight to it. */
function openedOnFirstRead<T>(open: () => Promise<AsyncIterator<T>>): AsyncIterableIterator<T> {
  let inner: AsyncIterator<T> | undefined;
  let opening: Promise<AsyncIterator<T>> | undefined;
  return {
    next: () => (inner ? inner.next() : (opening ??= open().then((opened) => (inner = opened))).then((opened) => opened.next())),
    // As a generator that never started: nothing to end.
    return: async (value?: unknown) => {
      const opened = inner ?? (await opening);
      return opened?.return ? opened.return(value) : { done: true, value };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Items of a list come without apiVersion and kind; put them back so that -o yaml prints whole objects. */
function withKind(csr: Csr): Csr {
  return { apiVersion: CSR_API_VERSION, kind: CSR_KIND, ...csr };
}
