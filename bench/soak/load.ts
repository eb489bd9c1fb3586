/** The soak's clients: closed-loop workers, each call to a replica drawn at random, until the end time. */
import type { Replica } from './replicas';
import { nextSpec, runCall } from './calls';
import { Tally } from './tally';

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  deadlineMs: number;
  graceMs: number;
}

/** Resolves once every worker's last call has ended (each is bounded by its deadline and the watchdog). */
export async function runLoad(replicas: readonly Replica[], options: LoadOptions, tally: Tally, stopped: () => boolean): Promise<void> {
  const end = Date.now() + options.durationMs;
  let seq = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < end && !stopped()) {
      const index = Math.floor(Math.random() * replicas.length);
      const replica = replicas[index] as Replica;
      const spec = nextSpec(seq++);
      const outcome = await runCall(replica.client, spec, options.deadlineMs, options.graceMs);
      tally.add(index, outcome, `${replica.name} ${spec.kind} ${spec.task}${spec.cacheable ? ' (cacheable)' : ''}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
}
