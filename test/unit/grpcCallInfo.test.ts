import { EventEmitter } from 'node:events';
import { Metadata } from '@grpc/grpc-js';
import { callInfo, DEADLINE_CANCEL_SLACK_MS } from '../../src/transport/grpc/callInfo';

/** A server call as grpc-js hands it over: metadata, its deadline, and `cancelled` when the client goes away. */
function incoming(deadline: number): EventEmitter & { metadata: Metadata; getDeadline(): number } {
  return Object.assign(new EventEmitter(), { metadata: new Metadata(), getDeadline: () => deadline });
}

describe("a gRPC call's abort reason", () => {
  it("a cancel just before the deadline (the client's own deadline, read a little later here) is the deadline", () => {
    const call = incoming(Date.now() + DEADLINE_CANCEL_SLACK_MS / 2);
    const { info } = callInfo(call);
    call.emit('cancelled');
    expect(info.signal.reason).toBe('deadline');
  });

  it('a cancel well before the deadline is the caller giving up', () => {
    const call = incoming(Date.now() + 10 * DEADLINE_CANCEL_SLACK_MS);
    const { info } = callInfo(call);
    call.emit('cancelled');
    expect(info.signal.reason).toBe('cancelled');
  });

  it('with no deadline a cancel is always the caller giving up', () => {
    const call = incoming(Infinity);
    const { info } = callInfo(call);
    call.emit('cancelled');
    expect(info.signal.reason).toBe('cancelled');
  });
});
