/**
 * The soak's random upstream faults: each call the fake upstream gets draws one kind (or none) by its share, so
 * faults land on any model, replica and moment, retries and fallbacks included.
 */
import type { Fault } from '../../src/simulator';

export const FAULT_KINDS = ['529', '429', 'hang', 'cut', 'drop', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultShare {
  kind: FaultKind;
  /** Share of upstream calls, 0-100. */
  percent: number;
}

/** 5% overloaded, 3% rate-limited with retry-after, 1% hang, 2% cut mid-stream, 2% dropped, 5% slow streams. */
export const DEFAULT_FAULT_MIX = '529:5,429:3,hang:1,cut:2,drop:2,slow:5';

export const FAULT_LABELS: Readonly<Record<FaultKind, string>> = {
  '529': '529 overloaded_error',
  '429': '429 rate_limit_error, retry-after 1 s',
  hang: 'hang (accepted, never answered)',
  cut: 'cut mid-stream after 1-3 text deltas (streamed calls only)',
  drop: 'connection dropped before any response',
  slow: 'slow stream (40 ms between SSE events)',
};

export function parseFaultMix(text: string): FaultShare[] {
  const shares: FaultShare[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const [kind, percent] = part.split(':').map((s) => s.trim());
    const value = Number(percent);
    if (!FAULT_KINDS.includes(kind as FaultKind) || !Number.isFinite(value) || value < 0) {
      throw new Error(`SOAK_FAULTS: '${part}' is not kind:percent (kinds: ${FAULT_KINDS.join(', ')})`);
    }
    shares.push({ kind: kind as FaultKind, percent: value });
  }
  const total = shares.reduce((sum, s) => sum + s.percent, 0);
  if (total > 100) throw new Error(`SOAK_FAULTS: the shares add up to ${total}%, more than 100%`);
  return shares;
}

export function faultFor(kind: FaultKind, random: () => number = Math.random): Fault {
  switch (kind) {
    case '529':
      return { status: 529, errorType: 'overloaded_error' };
    case '429':
      return { status: 429, errorType: 'rate_limit_error', retryAfter: '1' };
    case 'hang':
      return { hang: true };
    case 'cut':
      return { dropAfterDeltas: 1 + Math.floor(random() * 3) };
    case 'drop':
      return { drop: true };
    case 'slow':
      return { chunkDelayMs: 40 };
  }
}

/** For FakeAnthropicOptions.faultPicker: one draw per call; `onPick` hears which kind was drawn. */
export function createFaultPicker(
  mix: readonly FaultShare[],
  onPick: (kind: FaultKind, model: string) => void = () => undefined,
  random: () => number = Math.random,
): (model: string) => Fault | undefined {
  return (model) => {
    let draw = random() * 100;
    for (const share of mix) {
      if (draw < share.percent) {
        onPick(share.kind, model);
        return faultFor(share.kind, random);
      }
      draw -= share.percent;
    }
    return undefined;
  };
}
