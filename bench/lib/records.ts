/** Picking a scenario's phases out of a run, pairing two scenarios' phases by round, and their medians. */
import { median } from './load';
import type { PhaseRecord, ScenarioKey } from '../scenarios/throughput';

/** The median over phases of one figure of each. */
export function medOf(records: readonly PhaseRecord[], f: (r: PhaseRecord) => number): number {
  return median(records.map(f));
}

export function byScenario(records: readonly PhaseRecord[], key: ScenarioKey, concurrency: number): PhaseRecord[] {
  return records.filter((r) => r.scenario === key && r.concurrency === concurrency).sort((a, b) => a.round - b.round);
}

/** The same figure across rounds, paired by round, for ratios between scenarios measured in the same round. */
export function paired(a: readonly PhaseRecord[], b: readonly PhaseRecord[], f: (a: PhaseRecord, b: PhaseRecord) => number): number[] {
  const values: number[] = [];
  for (const ra of a) {
    const rb = b.find((r) => r.round === ra.round);
    if (rb) values.push(f(ra, rb));
  }
  return values;
}
