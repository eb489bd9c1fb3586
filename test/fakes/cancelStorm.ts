import type { ModelRouterClient } from '../../src/generated/modelrouter/v1/ModelRouter';

export interface StormResult {
  cancels: number;
  answers: number;
  failures: string[];
}

const ask = (content: string): object => ({ task: 'simple_qa', messages: [{ role: 'user', content }] });

/**
 * `perSecond` StreamComplete calls a second on `storm`, each cancelled 5 ms after it starts, for `seconds`, while
 * `bystander` (its own connection) calls Complete back to back. Paced by the clock, not by ticks: timers slip under
 * load, and the rate must hold.
 */
export async function cancelStorm(storm: ModelRouterClient, bystander: ModelRouterClient, perSecond: number, seconds: number): Promise<StormResult> {
  const result: StormResult = { cancels: 0, answers: 0, failures: [] };
  let stop = false;
  const started = Date.now();
  let issued = 0;
  const timer = setInterval(() => {
    for (const due = Math.floor(((Date.now() - started) / 1000) * perSecond); issued < due; issued++) {
      const call = storm.StreamComplete(ask(`storm ${issued}`) as never);
      call.on('error', () => undefined);
      call.on('data', () => undefined);
      setTimeout(() => {
        call.cancel();
        result.cancels += 1;
      }, 5);
    }
  }, 10);
  const steady = (async () => {
    while (!stop) {
      await new Promise<void>((resolve) =>
        bystander.Complete(ask(`bystander ${result.answers}`) as never, (err) => {
          if (err) result.failures.push(`${err.code}: ${err.details.slice(0, 120)}`);
          else result.answers += 1;
          resolve();
        }),
      );
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  stop = true;
  clearInterval(timer);
  await steady;
  return result;
}
