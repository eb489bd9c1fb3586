import { connect as tcpConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * Why a gRPC channel could not connect, in a few words for `cannot reach ADDR (...)`. grpc-js only says that the
 * channel failed; this opens one plain connection of its own, sends the HTTP/2 preface and reads what comes back,
 * so a refused port, an unknown host, an HTTP/1 or TLS server and a silent one each get their own words.
 */
export async function diagnose(addr: string, timeoutMs: number): Promise<string | undefined> {
  const target = parseTarget(addr);
  if ('invalid' in target) return target.invalid;
  const started = Date.now();
  const cause = await probe(target, timeoutMs);
  // Many TLS servers hang up on plaintext without a word: a TLS handshake tells them apart from the rest.
  if (cause === CLOSED_SILENTLY && 'host' in target && (await speaksTls(target, Math.max(100, timeoutMs - (Date.now() - started))))) return SPEAKS_TLS;
  return cause;
}

const CLOSED_SILENTLY = 'not a gRPC server: it closed the connection without an HTTP/2 answer';
const SPEAKS_TLS = 'it speaks TLS; this CLI connects without TLS';

/** Whether a TLS handshake completes (any certificate: only the protocol is in question). */
function speaksTls(target: { host: string; port: number }, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: target.host,
      port: target.port,
      rejectUnauthorized: false,
      ALPNProtocols: ['h2'],
      ...(isIP(target.host) ? {} : { servername: target.host }),
    });
    const done = (answer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** Where a target points: a TCP host and port, or a unix socket; or why it cannot be dialled. */
export type Target = { host: string; port: number } | { path: string } | { invalid: string };

/** grpc-js's default port for a target without one. */
const GRPC_DEFAULT_PORT = 443;
const HOST_PORT = 'expected host:port';

/** `host:port`, `[v6]:port`, `host`, with or without a dns:/ipv4:/ipv6: scheme, or unix:PATH, as grpc-js reads them. */
export function parseTarget(addr: string): Target {
  let rest = addr.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):(?!\d+$)/i.exec(rest);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    const after = rest.slice(scheme[0].length);
    if (name === 'unix') return after.startsWith('//') ? { path: after.slice(2) } : { path: after };
    if (name === 'http' || name === 'https') return { invalid: `${HOST_PORT}, without ${name}://` };
    if (name !== 'dns' && name !== 'ipv4' && name !== 'ipv6') return { invalid: `${HOST_PORT}; '${name}:' is not a scheme this CLI dials` };
    rest = after.replace(/^\/\/[^/]*\//, '');
    // ipv4:a:p,b:p lists several addresses: the first stands for them.
    rest = rest.split(',')[0] ?? '';
  }
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) return target(bracketed[1] ?? '', bracketed[2]);
  const plain = /^([^:\s/]+)(?::(\d+))?$/.exec(rest);
  return plain ? target(plain[1] ?? '', plain[2]) : { invalid: HOST_PORT };
}

function target(host: string, port: string | undefined): Target {
  const n = port === undefined ? GRPC_DEFAULT_PORT : Number(port);
  if (n < 1 || n > 65535) return { invalid: `port ${port ?? ''} is out of range` };
  return { host, port: n };
}

/** The client connection preface and an empty SETTINGS frame: what an HTTP/2 server answers with its own SETTINGS. */
const PREFACE = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);
const HTTP2_FRAME_HEADER = 9;
const SETTINGS_FRAME = 0x04;

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  ENOENT: 'no such socket',
  EACCES: 'permission denied',
  EAI_AGAIN: 'host name lookup failed',
  EAI_FAIL: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EADDRNOTAVAIL: 'address not available',
};

function probe(target: { host: string; port: number } | { path: string }, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = 'path' in target ? tcpConnect({ path: target.path }) : tcpConnect({ host: target.host, port: target.port });
    let connected = false;
    let received = Buffer.alloc(0);
    let settled = false;
    const settle = (cause: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(cause);
    };
    const timer = setTimeout(() => settle(connected ? `no HTTP/2 answer within ${timeoutMs} ms` : `no answer within ${timeoutMs} ms`), timeoutMs);
    socket.on('connect', () => {
      connected = true;
      socket.write(PREFACE);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const cause = classify(received, false);
      if (cause !== undefined) settle(cause);
    });
    socket.on('close', () => settle(classify(received, true) ?? 'the connection closed'));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (connected) settle(classify(received, true) ?? (err.code !== undefined ? (SOCKET_ERRORS[err.code] ?? err.code) : err.message));
      else settle(err.code !== undefined ? (SOCKET_ERRORS[err.code] ?? err.code) : err.message);
    });
  });
}

/** What the first bytes of the answer say; undefined while too few have come to tell (and the connection is open). */
function classify(bytes: Buffer, closed: boolean): string | undefined {
  if (bytes.length === 0) return closed ? CLOSED_SILENTLY : undefined;
  if (bytes.subarray(0, 5).toString('latin1') === 'HTTP/') return 'not a gRPC server: an HTTP/1 server answered';
  if (bytes.length < 5 && 'HTTP/'.startsWith(bytes.toString('latin1')) && !closed) return undefined;
  if ((bytes[0] === 0x15 || bytes[0] === 0x16) && bytes[1] === 0x03) return SPEAKS_TLS;
  if (bytes.length < HTTP2_FRAME_HEADER && !closed) return undefined;
  if (bytes.length >= HTTP2_FRAME_HEADER && bytes[3] === SETTINGS_FRAME) return 'an HTTP/2 server answered, but the gRPC connection failed';
  const text = bytes.toString('latin1');
  // A text protocol (Redis, SSH, SMTP, an HTML error page): its first line says what is listening.
  if (/^[\t\r\n\x20-\x7e]+$/.test(text)) return `not a gRPC server: it answered ${JSON.stringify(firstLine(text))}`;
  return 'not a gRPC server: it answered something other than HTTP/2';
}

const FIRST_LINE_CHARS = 60;

function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  return line.length > FIRST_LINE_CHARS ? `${line.slice(0, FIRST_LINE_CHARS)}...` : line;
}
