// An HTTP/1.1 answer read by hand as its bytes arrive, for the requests written straight on a TLS socket
// (plain-get.ts, plain-request.ts): the status line and headers, then a body framed by Content-Length, by chunks or by
// the connection's end. What kube-apiserver answers is read, as Node's http client reads it; anything else (a switch
// of protocols, a transfer coding other than chunked, an encoded body to be read, a malformed line) fails the
// reading, and each caller says what that means.
/** A response read whole. */
export interface Answer {
  status: number;
  retryAfter: string | undefined;
  text: string;
}

export type ReadState = 'more' | 'done' | 'failed';

/** Where a body's bytes go as they arrive, valid only during the call: a watch's events (plain-watch.ts). */
export type BodySink = (bytes: Buffer) => void;

/** What becomes of an answer's body: kept and decoded (true), drained unread (false), or handed on as it arrives. */
export type BodyUse = boolean | BodySink;

/** An answer read whole. */
export interface ReadAnswer {
  answer: Answer;
  /** The server keeps the connection open for another request, and sent nothing after this answer. */
  reusable: boolean;
  /** The seconds of a `Keep-Alive: timeout=N` header (kube-apiserver sends none), as Node's agent reads it. */
  keepAliveSeconds: number | undefined;
}

type Framing =
  | { kind: 'length'; left: number }
  | { kind: 'chunked'; left: number; line: string; after: 'size' | 'data' | 'crlf' | 'trailer' }
  | { kind: 'close' };

/**
 * `read` may be handed bytes that are valid only during the call: what is kept past it is copied.
 * The body's bytes are kept as they arrive and decoded once it is whole: decoded a chunk at a time (as http.ts does),
 * a page of 500 CSRs was a megabyte of strings in V8's young generation, copied by each scavenge while the page was
 * read and making the young generation grow; bytes are held outside V8's heap.
 */
export class AnswerReader {
  /** The head of the answer has been read: a cut now is a body cut short. */
  headRead = false;
  /** Why the reading failed, in a few words. */
  failure = '';
  private head: Buffer = Buffer.alloc(0);
  private status = 0;
  private retryAfter: string | undefined;
  private keepAliveSeconds: number | undefined;
  private keepAlive = true;
  private framing: Framing | undefined;
  private readonly body: Buffer[] = [];
  /** Whether the body is kept and decoded; a caller that does not read a 2xx's body has it drained. */
  private keeping = true;
  /** Where the body goes instead of being kept, for an answer the caller reads as it comes (a watch). */
  private sink: BodySink | undefined;
  private complete = false;

  /** keepBody: what becomes of the body of an answer of this status (read() calls it once the head is read). */
  constructor(private readonly keepBody: (status: number) => BodyUse = () => true) {}

  read(chunk: Buffer): ReadState {
    if (this.complete) return this.fail('bytes after the answer');
    let bytes = chunk;
    while (this.framing === undefined) {
      this.head = this.head.length ? Buffer.concat([this.head, bytes]) : bytes;
      const end = this.head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.head === bytes) this.head = Buffer.from(bytes); // kept past this read: a copy
        return this.head.length > 64 * 1024 ? this.fail('a head longer than 64 KiB') : 'more';
      }
      bytes = this.head.subarray(end + 4);
      const head = this.head.toString('latin1', 0, end);
      this.head = Buffer.alloc(0);
      if (!this.readHead(head)) return 'failed';
      if (this.framing === undefined && bytes.length === 0) return 'more'; // an interim answer: the final one follows
    }
    if (this.complete) return bytes.length === 0 ? 'done' : this.fail('bytes after the answer');
    return this.readBody(bytes);
  }

  /** What the answer is once the connection ends: whole only when its body ran to the end of the stream. */
  endOfStream(): ReadAnswer | undefined {
    if (this.complete) return this.answer();
    if (this.framing?.kind !== 'close') return undefined;
    this.complete = true;
    this.keepAlive = false;
    return this.answer();
  }

  answer(): ReadAnswer | undefined {
    if (!this.complete) return undefined;
    // As a streaming TextDecoder reads the same bytes: a byte order mark is kept, and bad sequences become U+FFFD.
    const text = this.keeping && !this.sink ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(this.body)) : '';
    return { answer: { status: this.status, retryAfter: this.retryAfter, text }, reusable: this.keepAlive, keepAliveSeconds: this.keepAliveSeconds };
  }

  private fail(why: string): 'failed' {
    this.failure = why;
    return 'failed';
  }

  private readHead(head: string): boolean {
    const [statusLine, ...lines] = head.split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine!);
    if (!status) return !this.fail('not an HTTP/1.1 status line');
    this.status = Number(status[1]);
    // As Node's http client: an interim answer (100 Continue) is passed over; a switch of protocols is not read.
    if (this.status === 101) return !this.fail('a 101 answer');
    if (this.status < 200) return true;
    this.headRead = true;
    let length: number | undefined;
    let chunked = false;
    let encoded: string | undefined;
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) return !this.fail('a malformed header');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') {
        if (!/^\d+$/.test(value) || (length !== undefined && length !== Number(value))) return !this.fail('a bad Content-Length');
        length = Number(value);
      } else if (name === 'transfer-encoding') {
        if (value !== 'chunked') return !this.fail(`Transfer-Encoding ${value}`);
        chunked = true;
      } else if (name === 'connection' && value.split(',').some((v) => v.trim() === 'close')) {
        this.keepAlive = false;
      } else if (name === 'content-encoding' && value !== 'identity') {
        encoded = value;
      } else if (name === 'retry-after') {
        this.retryAfter ??= line.slice(colon + 1).trim();
      } else if (name === 'keep-alive') {
        const seconds = /^timeout=(\d+)/.exec(value)?.[1];
        this.keepAliveSeconds ??= seconds === undefined ? undefined : Number.parseInt(seconds, 10);
      }
    }
    if (head.startsWith('HTTP/1.0')) this.keepAlive = false;
    const use = this.keepBody(this.status);
    this.keeping = use !== false;
    this.sink = typeof use === 'function' ? use : undefined;
    // An encoded body is not decoded here; one that is drained unread may be anything.
    if (encoded !== undefined && this.keeping) return !this.fail(`Content-Encoding ${encoded}`);
    // A 204 or a 304 has no body, whatever its headers say.
    if (this.status === 204 || this.status === 304) {
      this.framing = { kind: 'length', left: 0 };
      this.complete = true;
      return true;
    }
    if (chunked) this.framing = { kind: 'chunked', left: 0, line: '', after: 'size' };
    else if (length !== undefined) this.framing = { kind: 'length', left: length };
    else this.framing = { kind: 'close' };
    return true;
  }

  private readBody(bytes: Buffer): ReadState {
    const framing = this.framing!;
    if (framing.kind === 'close') {
      this.keep(bytes);
      return 'more';
    }
    if (framing.kind === 'length') {
      if (bytes.length > framing.left) return this.fail('a body longer than its Content-Length');
      this.keep(bytes);
      framing.left -= bytes.length;
      return framing.left === 0 ? this.finish() : 'more';
    }
    let at = 0;
    while (at < bytes.length) {
      if (framing.after === 'data') {
        const take = Math.min(framing.left, bytes.length - at);
        this.keep(bytes.subarray(at, at + take));
        at += take;
        framing.left -= take;
        if (framing.left === 0) framing.after = 'crlf';
        continue;
      }
      // A watch reads a size line and a chunk's CRLF per event: whole in these bytes, as they nearly always are, they
      // are read in place, without a string or a regular expression.
      if (framing.line === '') {
        if (framing.after === 'crlf' && bytes[at] === 13 && bytes[at + 1] === 10) {
          framing.after = 'size';
          at += 2;
          continue;
        }
        if (framing.after === 'size') {
          let size = 0;
          let end = at;
          for (let digit = hexValue(bytes[end]); digit >= 0 && end - at < 8; digit = hexValue(bytes[++end])) size = size * 16 + digit;
          if (end > at && bytes[end] === 13 && bytes[end + 1] === 10) {
            framing.left = size;
            framing.after = size === 0 ? 'trailer' : 'data';
            at = end + 2;
            continue;
          }
        }
      }
      // Otherwise (a line cut between two reads, an extension, the trailer, or bytes that are not what they should be):
      // taken up to its LF at once, and read on until it ends in CRLF.
      const lf = bytes.indexOf(10, at);
      const upTo = lf < 0 || lf - at > 4096 ? Math.min(bytes.length, at + 4097) : lf + 1;
      framing.line += bytes.toString('latin1', at, upTo);
      at = upTo;
      if (framing.line.length > 4096) return this.fail('a chunk line longer than 4 KiB');
      if (!framing.line.endsWith('\r\n')) continue;
      const line = framing.line.slice(0, -2);
      framing.line = '';
      if (framing.after === 'crlf') {
        if (line !== '') return this.fail('no CRLF after a chunk');
        framing.after = 'size';
      } else if (framing.after === 'size') {
        const size = /^([0-9a-fA-F]{1,8})(?:;.*)?$/.exec(line);
        if (!size) return this.fail('a bad chunk size');
        framing.left = parseInt(size[1]!, 16);
        framing.after = framing.left === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        return at === bytes.length ? this.finish() : this.fail('bytes after the answer');
      }
    }
    return 'more';
  }

  /**
   * A body's bytes, copied, or handed on as they are: a read's bytes are valid only while it is read (tls-sockets.ts
   * reads into one buffer).
   */
  private keep(bytes: Buffer): void {
    if (!this.keeping || bytes.length === 0) return;
    if (this.sink) this.sink(bytes);
    else this.body.push(Buffer.from(bytes));
  }

  private finish(): 'done' {
    this.complete = true;
    return 'done';
  }
}

/** A hex digit's value; -1 for any other byte, or none. */
function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 48 && byte <= 57) return byte - 48;
  const lower = byte | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}
