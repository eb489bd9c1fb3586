/**
 * Router RSS with N slow StreamComplete calls open at once: the fake holds every SSE stream open (chunkDelayMs),
 * RSS is sampled while all N are open upstream, then every call is cancelled and the cancels must reach upstream.
 */
import * as grpc from '@grpc/grpc-js';
import type { CompleteChunk__Output } from '../../src/generated/modelrouter/v1/CompleteChunk';
import { MAX_TOKENS, PROMPT } from '../lib/clients';
import { sleep } from '../lib/load';
import type { Rig } from '../lib/rig';

export interface StreamsResult {
  streams: number;
  /** How many reached the fake (upstream requests open at once) before the sampling. */
  openUpstream: number;
  openWaitMs: number;
  rssBefore: number;
  heapBefore: number;
  rssOpen: number;
  heapOpen: number;
  rssAfterCancel: number;
  heapAfterCancel: number;
  /** Upstream requests the fake saw aborted by the client after the cancels. */
  abortedUpstream: number;
  cancelWaitMs: number;
  /** Calls that ended with something other than CANCELLED (errors) or that completed. */
  unexpectedEnds: number;
  unexpectedSample: string | undefined;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await check()) return Date.now() - start;
    await sleep(everyMs);
  }
  return -1;
}

export async function runStreams(rig: Rig, count: number, holdMs: number): Promise<StreamsResult> {
  await rig.fake.call('reset');
  // Every SSE event after message_start waits this long: the streams stay open until cancelled.
  await rig.fake.call('setFault', { model: '*', fault: { chunkDelayMs: 120_000 } });
  // Heap figures are read after a full GC (the router child runs with --expose-gc); RSS is read before it.
  const heapAfterGc = async (): Promise<number> => {
    await rig.router.call('gc');
    return (await rig.router.stats()).heapUsed;
  };
  // The baseline is taken after a full GC: the load before leaves the old space full of garbage V8 has not
  // bothered to collect yet, which would otherwise hide (or even invert) what the open streams add.
  const heapBefore = await heapAfterGc();
  await sleep(200);
  const before = await rig.router.stats();

  const calls: grpc.ClientReadableStream<CompleteChunk__Output>[] = [];
  let unexpectedEnds = 0;
  let unexpectedSample: string | undefined;
  let cancelling = false;
  for (let i = 0; i < count; i++) {
    const call = rig.routerClient.StreamComplete(
      { task: 'simple_qa', messages: [{ role: 'user', content: `${PROMPT} (stream ${i})` }], max_tokens: MAX_TOKENS, cache: 'CACHE_MODE_BYPASS' },
      { deadline: Date.now() + 180_000 },
    );
    call.on('data', () => undefined);
    call.on('error', (err: grpc.ServiceError) => {
      if (cancelling && err.code === grpc.status.CANCELLED) return;
      unexpectedEnds++;
      unexpectedSample ??= `${grpc.status[err.code]}: ${err.details}`;
    });
    call.on('end', () => {
      if (!cancelling) {
        unexpectedEnds++;
        unexpectedSample ??= 'stream completed before cancel';
      }
    });
    calls.push(call);
  }

  let openUpstream = 0;
  const openWaitMs = await waitFor(async () => {
    openUpstream = await rig.fake.call<number>('calls', {});
    return openUpstream >= count;
  }, 60_000);
  // Let the router settle with everything open, then take the highest of a few samples.
  await sleep(Math.max(0, holdMs));
  let rssOpen = 0;
  for (let i = 0; i < 4; i++) {
    rssOpen = Math.max(rssOpen, (await rig.router.stats()).rss);
    await sleep(200);
  }
  const heapOpen = await heapAfterGc();

  cancelling = true;
  for (const call of calls) call.cancel();
  let abortedUpstream = 0;
  const cancelWaitMs = await waitFor(async () => {
    abortedUpstream = await rig.fake.call<number>('aborted', {});
    return abortedUpstream >= count;
  }, 30_000);
  await sleep(1_000);
  const after = await rig.router.stats();
  const heapAfterCancel = await heapAfterGc();
  await rig.fake.call('reset');
  return {
    streams: count,
    openUpstream,
    openWaitMs,
    rssBefore: before.rss,
    heapBefore,
    rssOpen,
    heapOpen,
    rssAfterCancel: after.rss,
    heapAfterCancel,
    abortedUpstream,
    cancelWaitMs,
    unexpectedEnds,
    unexpectedSample,
  };
}
