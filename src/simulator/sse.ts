import type { ServerResponse } from 'node:http';

export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Writes SSE frames one at a time, as they are produced, so clients see a real stream rather than one burst.
 * Honours backpressure: a slow reader holds the writer up instead of growing the response buffer.
 */
export class SseWriter {
  private lastFlush: Promise<void> = Promise.resolve();
  private readonly closed: Promise<void>;

  constructor(private readonly res: ServerResponse) {
    this.closed = new Promise((resolve) => res.once('close', () => resolve()));
  }

  /** Resolves false once the client has gone, so the caller can stop producing. */
  send(event: string, data: unknown): Promise<boolean> {
    return this.write(sseFrame(event, data));
  }

  /** A frame written exactly as given: how a test gets a malformed event onto the wire. */
  sendRaw(frame: string): Promise<boolean> {
    return this.write(frame);
  }

  /**
   * Resolves once everything written so far has left the process (or the socket is gone). Destroying the socket
   * before that would throw away frames the client was meant to see first.
   */
  flushed(): Promise<void> {
    return Promise.race([this.lastFlush, this.closed]);
  }

  private write(chunk: string): Promise<boolean> {
    const res = this.res;
    if (res.destroyed || res.writableEnded) return Promise.resolve(false);
    let accepted = false;
    this.lastFlush = new Promise<void>((resolve) => {
      accepted = res.write(chunk, () => resolve());
    });
    if (accepted) return Promise.resolve(true);
    return new Promise((resolve) => {
      const settle = (ok: boolean): void => {
        res.off('drain', onDrain);
        res.off('close', onClose);
        resolve(ok);
      };
      const onDrain = (): void => settle(true);
      const onClose = (): void => settle(false);
      res.on('drain', onDrain);
      res.on('close', onClose);
    });
  }
}
