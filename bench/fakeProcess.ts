/**
 * Child process: the fake Anthropic upstream (src/simulator), alone in its process so its CPU is not charged to
 * the load generator or to the router, and the same instance serves the direct SDK client and the router.
 */
import { FakeAnthropic, type Fault } from '../src/simulator';
import { childArg, serveChild } from './lib/child';

export interface FakeReady {
  url: string;
}

serveChild(async () => {
  const { apiKey } = childArg<{ apiKey: string }>();
  // The bench routes over the config's catalog (as every earlier run), whose chains reach models the lineup retired.
  const fake = await FakeAnthropic.start({ apiKey, serveRetiredModels: true });
  const ready: FakeReady = { url: fake.url };
  return {
    ready,
    handlers: {
      setFault: (arg) => {
        const { model, fault } = arg as { model: string; fault: Fault | null };
        fake.setFault(model, fault);
        return null;
      },
      clearFaults: () => fake.clearFaults(),
      calls: (arg) => fake.calls((arg as { model?: string } | null)?.model),
      aborted: (arg) => fake.aborted((arg as { model?: string } | null)?.model),
      // The recorded request log grows by one entry per call; drop it between phases so it does not skew anything.
      reset: () => fake.reset(),
    },
    close: () => fake.close(),
  };
});
