import { byScenario, medOf as med, paired } from './records';
import { out, range, us, x } from './report';
import type { PhaseRecord, ScenarioKey, ThroughputResult } from '../scenarios/throughput';

interface Door {
  /** The minimal proxy's scenario and the router's miss through the same door. */
  readonly proxy: ScenarioKey;
  readonly router: ScenarioKey;
  /** Prefix of the figures merged into the summary ('' for gRPC, 'http_' for the HTTP door). */
  readonly key: string;
  /** What the door's goal divides the added p50 by, and its name. */
  readonly base: { readonly p50: number; readonly name: string };
}

/**
 * What any proxy of this shape pays on this machine (its row against the direct call), and what the router adds on
 * top of it (its miss against the proxy): the goal's added p50 split in two, once per door.
 */
function split(result: ThroughputResult, C: number, door: Door): Record<string, number> {
  const proxy1 = byScenario(result.records, door.proxy, 1);
  const direct1 = byScenario(result.records, 'direct', 1);
  if (!proxy1.length || !direct1.length) return {};
  const router1 = byScenario(result.records, door.router, 1);
  const proxyC = byScenario(result.records, door.proxy, C);
  const proxyAdded = med(proxy1, (r) => r.p50) - med(direct1, (r) => r.p50);
  const perRound = (a: readonly PhaseRecord[], b: readonly PhaseRecord[]): string =>
    range(
      paired(a, b, (m, n) => m.p50 - n.p50),
      us,
    );
  const lines = [
    `the ${door.proxy} row adds ${us(proxyAdded)} µs at p50 @1 to the direct call (${x(proxyAdded / door.base.p50, 1)} ${door.base.name}; ` +
      `per round ${perRound(proxy1, direct1)} µs)`,
    `its throughput @${C} is ${x(med(proxyC, (r) => r.rps) / med(byScenario(result.records, 'direct', C), (r) => r.rps))} the direct call's`,
  ];
  const figures: Record<string, number> = { [`${door.key}proxy_added_us`]: proxyAdded };
  if (router1.length) {
    const over = med(router1, (r) => r.p50) - med(proxy1, (r) => r.p50);
    figures[`${door.key}router_over_proxy_us`] = over;
    const routerC = byScenario(result.records, door.router, C);
    lines.push(
      `the router's ${door.router} adds ${us(over)} µs at p50 @1 on top of it (per round ${perRound(router1, proxy1)} µs) ` +
        `at ${x(med(routerC, (r) => r.rps) / med(proxyC, (r) => r.rps))} its throughput`,
    );
  }
  out(`\n(reference: ${lines.join('; ')}: the machine's price for one more process and hop, then the router's own work.)`);
  return figures;
}

/** Both doors' splits, merged into the summary. The HTTP door's goal is against the direct p50, gRPC's the echo's. */
export function proxyReference(result: ThroughputResult, C: number, floorP50: number): Record<string, number> {
  const directP50 = med(byScenario(result.records, 'direct', 1), (r) => r.p50);
  return {
    ...split(result, C, { proxy: 'proxy', router: 'miss', key: '', base: { p50: floorP50, name: "the echo floor's p50" } }),
    ...split(result, C, {
      proxy: 'httpproxy',
      router: 'httpmiss',
      key: 'http_',
      base: { p50: directP50, name: "the direct call's p50" },
    }),
  };
}
