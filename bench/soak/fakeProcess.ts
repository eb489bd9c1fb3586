/**
 * Child process: the soak's fake Anthropic upstream, drawing a random fault per call (bench/soak/faultMix.ts), in
 * its own process so its CPU is not charged to the load generator or to a replica.
 */
import { FakeAnthropic } from '../../src/simulator';
import { childArg, serveChild } from '../lib/child';
import { createFaultPicker, type FaultKind, type FaultShare } from './faultMix';

export interface SoakFakeArg {
  apiKey: string;
  faults: FaultShare[];
}

export interface SoakFakeReady {
  url: string;
}

export interface SoakFakeCounts {
  /** POST /v1/messages received (faulted ones included). */
  calls: number;
  /** Requests whose client went away before the answer was complete (cancels, deadlines, hangs given up on). */
  aborted: number;
  /** Faults drawn, by kind. */
  injected: Partial<Record<FaultKind, number>>;
}

serveChild(async () => {
  const { apiKey, faults } = childArg<SoakFakeArg>();
  const injected: Partial<Record<FaultKind, number>> = {};
  const faultPicker = createFaultPicker(faults, (kind) => {
    injected[kind] = (injected[kind] ?? 0) + 1;
  });
  // The replicas route over bench/soak/router.yaml's catalog, whose chains reach models the fake's lineup retired.
  // Few requests recorded: over a long soak the record would only grow the fake's heap.
  const fake = await FakeAnthropic.start({ apiKey, serveRetiredModels: true, maxRecordedRequests: 100, faultPicker });
  const ready: SoakFakeReady = { url: fake.url };
  return {
    ready,
    handlers: {
      counts: (): SoakFakeCounts => ({ calls: fake.calls(), aborted: fake.aborted(), injected }),
    },
    close: () => fake.close(),
  };
});
