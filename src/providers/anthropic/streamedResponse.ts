import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/**
 * The answer's headers as the transport parsed them (names lower-cased, a repeated header as a list: joined with ", "
 * when read, set-cookie apart, as Headers does), read the way the SDK reads a `Headers`: get, has, forEach and iteration. Building undici's Headers and
 * Response from them cost about 30 µs of router CPU per streamed answer, a few percent of a miss.
 */
export class NodeHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    const cookies = this.raw['set-cookie'];
    return cookies === undefined ? [] : [...cookies];
  }

  forEach(callback: (value: string, name: string, headers: NodeHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  /** Sorted by name, each set-cookie on its own, as Headers iterates. */
  entries(): IterableIterator<[string, string]> {
    const pairs: [string, string][] = [];
    for (const name of Object.keys(this.raw).sort()) {
      const value = this.raw[name];
      if (value === undefined) continue;
      if (!Array.isArray(value)) pairs.push([name, value]);
      else if (name === 'set-cookie') for (const cookie of value) pairs.push([name, cookie]);
      else pairs.push([name, value.join(', ')]);
    }
    return pairs[Symbol.iterator]();
  }

  keys(): IterableIterator<string> {
    return Array.from(this.entries(), ([name]) => name)[Symbol.iterator]();
  }

  values(): IterableIterator<string> {
    return Array.from(this.entries(), ([, value]) => value)[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** What the SDK reads of any successful answer from the transport: status, headers, and that no web body is there. */
abstract class NodeResponseHead {
  readonly ok = true;
  readonly redirected = false;
  readonly type = 'basic';
  readonly body = null;
  readonly bodyUsed = false;
  readonly status: number;
  readonly statusText: string;
  readonly headers: NodeHeaders;

  constructor(
    readonly url: string,
    head: AnswerHead,
  ) {
    this.status = head.statusCode;
    this.statusText = head.statusText;
    this.headers = new NodeHeaders(head.headers);
  }
}

/** What the transport read of an answer before its body. */
export interface AnswerHead {
  statusCode: number;
  statusText: string;
  headers: IncomingHttpHeaders;
}

/**
 * A successful event-stream answer as the SDK takes it from `fetch` under `asResponse()`: status and headers, no web
 * body (the SDK reads none; the provider reads the Node stream, `node`). Only this case: a JSON answer is a
 * BufferedResponse, an error answer a Response read whole, any other body a Response over its stream.
 */
export class StreamedResponse extends NodeResponseHead {
  constructor(
    url: string,
    head: AnswerHead,
    readonly node: Readable,
  ) {
    super(url, head);
  }
}

/**
 * A successful JSON answer, read whole from the transport, as the SDK takes it: status, headers and `json()`/`text()`.
 * Building undici's Response for it (headers validated, a web body made transferable) cost 20-35 µs a call against
 * about 3 this way (bench/RESULTS.md). Only this case: an error answer, or any other body, is a real Response.
 */
export class BufferedResponse extends NodeResponseHead {
  constructor(
    url: string,
    head: AnswerHead,
    private readonly bytes: Buffer,
  ) {
    super(url, head);
  }

  text(): Promise<string> {
    return Promise.resolve(this.bytes.toString('utf8'));
  }

  json(): Promise<unknown> {
    // A body that is not JSON rejects, as Response.json() does.
    return new Promise((resolve) => resolve(JSON.parse(this.bytes.toString('utf8'))));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.bytes;
    return Promise.resolve(buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
  }
}
