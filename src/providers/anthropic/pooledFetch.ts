import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { BufferedResponse, StreamedResponse } from './streamedResponse';

/**
 * The body of an event stream as the Node stream this fetch read it from, when it did: a web stream in between
 * (Readable.toWeb) cost about a tenth of the router's CPU per streamed answer. Any other Response: its own body.
 */
export function streamBody(response: Response): AsyncIterable<Uint8Array> | null {
  const streamed: unknown = response;
  return streamed instanceof StreamedResponse ? streamed.node : response.body;
}

export interface PooledFetch {
  fetch: typeof fetch;
  close(): void;
}

/**
 * A `fetch` for the Anthropic SDK on node:http(s) keep-alive agents. Node 20's built-in fetch (undici plus web
 * streams) cost about 40% more CPU per call here than this does (measured side by side with the fake
 * upstream; see bench/RESULTS.md). A successful JSON answer is buffered whole into a BufferedResponse (no web
 * Response or stream), a successful SSE answer passed on as the Node stream, chunk by chunk (a StreamedResponse);
 * any other answer is a web Response. Request bodies the SDK sends are strings; anything else goes to the built-in
 * fetch.
 */
export function createPooledFetch(maxIdleSockets: number, maxSockets = Infinity): PooledFetch {
  // Open sockets are capped (upstream.max_sockets) so the router never runs out of file descriptors on its own
  // pool: past the cap a call waits for a connection, and that wait counts toward its first-token limit.
  const agentOptions = { keepAlive: true, maxFreeSockets: maxIdleSockets, maxSockets, maxTotalSockets: maxSockets, scheduling: 'lifo' } as const;
  const agents = {
    'http:': new http.Agent(agentOptions),
    'https:': new https.Agent(agentOptions),
  };
  const pooledFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const agent = url.protocol === 'http:' || url.protocol === 'https:' ? agents[url.protocol] : undefined;
    const body = init.body;
    if (!agent || input instanceof Request || (body != null && typeof body !== 'string' && !(body instanceof Uint8Array))) {
      return fetch(input, init);
    }
    return new Promise<Response>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      const options: http.RequestOptions = {
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method ?? 'GET',
        headers: plainHeaders(init.headers),
        agent,
      };
      if (init.signal) options.signal = init.signal;
      const request = transport.request(options, (res) => {
        const status = res.statusCode ?? 0;
        const eventStream = res.headers['content-type']?.startsWith('text/event-stream') === true;
        if (eventStream && status >= 200 && status < 300) {
          // The SDK reads no body of a 2xx answer taken with asResponse() (the provider reads the Node stream), and
          // of the rest only what StreamedResponse has.
          resolve(new StreamedResponse(url.href, res) as unknown as Response);
          return;
        }
        if (eventStream) {
          resolve(new Response(Readable.toWeb(res) as ReadableStream, responseInit(res)));
          return;
        }
        const json = status >= 200 && status < 300 && isJson(res.headers['content-type']);
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          resolve(json ? (new BufferedResponse(url.href, res, bytes) as unknown as Response) : new Response(bytes, responseInit(res)));
        });
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(new Error('upstream closed the connection before the response was complete'));
        });
      });
      request.on('error', reject);
      request.end(body ?? undefined);
    });
  };
  return {
    fetch: pooledFetch,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

/** application/json or a +json type, as the SDK decides whether to parse an answer as JSON. */
function isJson(contentType: string | undefined): boolean {
  const media = contentType?.split(';')[0]?.trim();
  return media !== undefined && (media.includes('application/json') || media.endsWith('+json'));
}

/**
 * The request's headers as node:http takes them. The SDK hands over a Headers object: read once with forEach, where
 * copying it into a new Headers and that into an object (as before) cost about 5 µs a call.
 */
function plainHeaders(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  (init instanceof Headers ? init : new Headers(init)).forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** Status and headers for a web Response, made only when one is built (a JSON or streamed 2xx answer needs none). */
function responseInit(res: http.IncomingMessage): ResponseInit {
  return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: responseHeaders(res) };
}

/**
 * The answer's headers for the Response: node's own parsed record (names lowercased, repeats joined with ", " as
 * Headers.get would), so no Headers object is built twice. A multi-valued set-cookie goes header by header.
 */
function responseHeaders(res: http.IncomingMessage): Record<string, string> | [string, string][] {
  if (res.headers['set-cookie'] === undefined) return res.headers as Record<string, string>;
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '']);
  return pairs;
}
