import type * as grpc from '@grpc/grpc-js';
import type { Http2Server, Http2Session } from 'node:http2';

/** Something that happened to a whole HTTP/2 connection, which takes every call on it down. */
export interface SessionEvent {
  event: 'session_error' | 'goaway_received' | 'frame_error';
  /** Error code or message, bounded. */
  detail: string;
  remote: string | undefined;
}

/**
 * grpc-js keeps its HTTP/2 servers to itself and says nothing when a session fails or a client sends GOAWAY (a
 * client tearing its connection down under heavy cancellation was seen taking every call on it along, silently).
 * Its private `http2Servers` map is the only way in; if a grpc-js upgrade removes it, this returns false and
 * the server says so at start-up, rather than failing.
 */
export function watchSessions(server: grpc.Server, report: (event: SessionEvent) => void): boolean {
  const servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(servers instanceof Map)) return false;
  for (const http2Server of servers.keys() as IterableIterator<Http2Server>) {
    http2Server.on('sessionError', (err: Error & { code?: string }) =>
      report({ event: 'session_error', detail: bounded(err.code ?? err.message), remote: undefined }),
    );
    http2Server.on('session', (session: Http2Session) => {
      const remote = session.socket?.remoteAddress;
      session.on('goaway', (code: number) => report({ event: 'goaway_received', detail: `code ${code}`, remote }));
      session.on('frameError', (type: number, code: number) => report({ event: 'frame_error', detail: `frame type ${type}, code ${code}`, remote }));
    });
  }
  return true;
}

function bounded(text: string): string {
  return text.slice(0, 200);
}
