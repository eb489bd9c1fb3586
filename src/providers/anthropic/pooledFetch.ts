import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

export interface PooledFetch {
  fetch: typeof fetch;
  close(): void;
}

/**
 * A `fetch` for the Anthropic SDK on node:http(s) keep-alive agents. Node 20's built-in fetch (undici plus web
 * streams) cost about 40% more CPU per call here than this does (measured side by side with the fake
 * upstream; see bench/RESULTS.md). A JSON answer is buffered whole, so no web stream is built for it; an SSE
 * answer is passed on as a stream, chunk by chunk. Request bodies the SDK sends are strings; anything else
 * goes to the built-in fetch.
 */
export function createPooledFetch(maxIdleSockets: number): PooledFetch {
  // No cap on open sockets: a stream holds its connection for as long as the answer takes, and a cap would queue
  // new calls behind slow streams. Only the idle ones kept for reuse are bounded.
  const agentOptions = { keepAlive: true, maxFreeSockets: maxIdleSockets, scheduling: 'lifo' } as const;
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
        headers: Object.fromEntries(new Headers(init.headers)),
        agent,
      };
      if (init.signal) options.signal = init.signal;
      const request = transport.request(options, (res) => {
        const headers = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const responseInit = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers };
        if (res.headers['content-type']?.startsWith('text/event-stream')) {
          resolve(new Response(Readable.toWeb(res) as ReadableStream, responseInit));
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(new Response(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), responseInit)));
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
    fetch: pooledFetch as typeof fetch,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
