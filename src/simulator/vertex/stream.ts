import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../../util/sleep';
import type { Exchange } from '../exchange';
import { defaultErrorMessage, type Fault } from '../faults';
import type { Reply } from '../replies';
import { SseWriter, sseFrame } from '../sse';
import { streamEvents } from '../streamEvents';
import { errorBody } from '../wire';

/**
 * Sends `reply` as :streamRawPredict does: the Messages API's own SSE events (message_start ... message_stop, with
 * the ping), which Vertex passes through unchanged, including a mid-stream `event: error` in Anthropic's shape.
 * The mid-stream faults mean what they mean for FakeAnthropic: this mirrors the private `stream` of ../handlers,
 * which that module does not export.
 */
export async function streamReply(req: IncomingMessage, res: ServerResponse, reply: Reply, fault: Fault, exchange: Exchange): Promise<void> {
  const signal = exchange.controller.signal;
  res.writeHead(200, { ...fault.headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const writer = new SseWriter(res);
  let textDeltas = 0;
  let stalled = false;
  let malformedSent = false;

  for (const [i, event] of streamEvents(reply).entries()) {
    if (i > 0) {
      await sleep(fault.chunkDelayMs ?? 0, signal);
      if (signal.aborted) return;
      // A reply with fewer text deltas than asked for still fails, before it could report success.
      const due = (after: number | undefined): boolean => after !== undefined && (textDeltas >= after || event.event === 'message_delta');
      if (due(fault.streamErrorAfterDeltas)) {
        const type = fault.errorType ?? 'overloaded_error';
        res.end(sseFrame('error', errorBody(type, fault.message ?? defaultErrorMessage(type))));
        return;
      }
      if (due(fault.dropAfterDeltas)) {
        await writer.flushed();
        exchange.serverDestroyed = true;
        req.socket.destroy();
        return;
      }
      if (due(fault.stallAfterDeltas) && !stalled) {
        stalled = true;
        await sleep(fault.stallMs ?? 24 * 3600_000, signal);
        if (!signal.aborted) res.end();
        return;
      }
      if (due(fault.malformedAfterDeltas) && !malformedSent) {
        malformedSent = true;
        for (let m = 0; m < (fault.malformedCount ?? 1); m++) {
          await writer.sendRaw(`event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {oops\n\n`);
        }
      }
    }
    if (event.event === 'message_stop' && fault.omitMessageStop === true) break;
    if (!(await writer.send(event.event, event.data))) return;
    if (event.isTextDelta) textDeltas += 1;
  }
  res.end();
}
