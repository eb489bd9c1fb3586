import { capabilitiesFor, type CapabilityExtras, type Generation } from './modelCapabilities';
import type { ModelInfo, ModelLifecycle, ModelLine } from './modelTypes';
import { deepFreeze } from '../util/deepFreeze';

// The catalog GET /v1/models serves until a test calls setModels, as of 2026-12-02: the lineup named by the
// @anthropic-ai/sdk we ship (its `Model` union) plus the older models config/router.yaml knows, which keep the
// config's created_at, limits and aliases.
//
// Much of this is the simulator's invention, made where no public facts were at hand: the release dates,
// context windows and output limits of the models after the 4.5 generation, the deprecation and retirement dates
// (except Sonnet 4.5's, which the SDK gives), and capabilities beyond the documented ones. The invented dates are
// chosen so that newest-first order matches the SDK's union. Do not read any of it as Anthropic's word.

const WINDOW = 200_000;
/** The 5.x sonnet, opus, fable and mythos models take a 1M-token context without any beta. */
const WINDOW_1M = 1_000_000;

interface Status {
  lifecycle: ModelLifecycle;
  deprecated_at: string | null;
  retires_at: string | null;
}

const ACTIVE: Status = { lifecycle: 'active', deprecated_at: null, retires_at: null };

function at(day: string): string {
  return `${day}T00:00:00Z`;
}

function deprecated(on: string, retires: string): Status {
  return { lifecycle: 'deprecated', deprecated_at: at(on), retires_at: at(retires) };
}

/** A retired model keeps its deprecation date, and `retires_at` becomes the day it went. */
function retired(deprecatedOn: string, retiredOn: string): Status {
  return { lifecycle: 'retired', deprecated_at: at(deprecatedOn), retires_at: at(retiredOn) };
}

function model(
  id: string,
  displayName: string,
  released: string,
  line: ModelLine,
  gen: Generation,
  [maxInput, maxTokens]: readonly [number, number],
  status: Status = ACTIVE,
  extras: CapabilityExtras = {},
): ModelInfo {
  return {
    type: 'model',
    id,
    display_name: displayName,
    created_at: at(released),
    ...status,
    line,
    max_input_tokens: maxInput,
    max_tokens: maxTokens,
    capabilities: capabilitiesFor(gen, extras),
  };
}

/** Newest first, the order GET /v1/models serves. Frozen, so no test can change what resetModels restores. */
export const DEFAULT_MODEL_LINEUP: readonly ModelInfo[] = deepFreeze([
  model('claude-fable-5-2', 'Claude Fable 5.2', '2026-11-24', 'fable', 5.2, [WINDOW_1M, 64_000]),
  model('claude-mythos-5-2', 'Claude Mythos 5.2', '2026-11-17', 'mythos', 5.2, [WINDOW_1M, 128_000]),
  model('claude-haiku-5-5', 'Claude Haiku 5.5', '2026-11-10', 'haiku', 5.5, [WINDOW, 64_000]),
  model('claude-sonnet-5-5', 'Claude Sonnet 5.5', '2026-11-03', 'sonnet', 5.5, [WINDOW_1M, 64_000]),
  model('claude-fable-5-1', 'Claude Fable 5.1', '2026-10-20', 'fable', 5.1, [WINDOW_1M, 64_000]),
  model('claude-opus-5-5', 'Claude Opus 5.5', '2026-10-06', 'opus', 5.5, [WINDOW_1M, 128_000]),
  model('claude-mythos-5-1', 'Claude Mythos 5.1', '2026-09-15', 'mythos', 5.1, [WINDOW_1M, 128_000]),
  model('claude-sonnet-5', 'Claude Sonnet 5', '2026-08-25', 'sonnet', 5, [WINDOW_1M, 64_000]),
  model('claude-fable-5', 'Claude Fable 5', '2026-08-11', 'fable', 5, [WINDOW_1M, 64_000]),
  model('claude-mythos-5', 'Claude Mythos 5', '2026-07-28', 'mythos', 5, [WINDOW_1M, 128_000]),
  model('claude-opus-5', 'Claude Opus 5', '2026-07-14', 'opus', 5, [WINDOW_1M, 128_000]),
  model('claude-opus-4-8', 'Claude Opus 4.8', '2026-06-02', 'opus', 4.8, [WINDOW, 128_000]),
  model('claude-opus-4-7', 'Claude Opus 4.7', '2026-04-16', 'opus', 4.7, [WINDOW, 128_000]),
  model('claude-mythos-preview', 'Claude Mythos Preview', '2026-04-07', 'mythos', 4.6, [WINDOW, 128_000], retired('2026-07-28', '2026-10-28')),
  model('claude-opus-4-6', 'Claude Opus 4.6', '2026-02-17', 'opus', 4.6, [WINDOW, 128_000]),
  model('claude-sonnet-4-6', 'Claude Sonnet 4.6', '2026-02-03', 'sonnet', 4.6, [WINDOW, 64_000]),
  // The config's (and Anthropic's published) 64000 output tokens; 128000 starts with Opus 4.6.
  model('claude-opus-4-5-20251101', 'Claude Opus 4.5', '2025-11-01', 'opus', 4.5, [WINDOW, 64_000], ACTIVE, { effort: true }),
  model('claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-01', 'haiku', 4.5, [WINDOW, 64_000]),
  // Past its retirement date but not retired: an overdue retirement, which clients must not treat as gone.
  model('claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29', 'sonnet', 4.5, [WINDOW, 64_000], deprecated('2026-05-30', '2026-11-30')),
  model('claude-opus-4-1-20250805', 'Claude Opus 4.1', '2025-08-05', 'opus', 4.1, [WINDOW, 32_000], deprecated('2026-06-02', '2027-06-02'), {
    structuredOutputs: true,
  }),
  // Opus 4 and Sonnet 4 share a created_at; the id breaks the tie.
  model('claude-opus-4-20250514', 'Claude Opus 4', '2025-05-14', 'opus', 4, [WINDOW, 32_000], deprecated('2026-03-02', '2027-03-02')),
  model('claude-sonnet-4-20250514', 'Claude Sonnet 4', '2025-05-14', 'sonnet', 4, [WINDOW, 64_000], deprecated('2026-05-30', '2027-05-30')),
  model('claude-3-7-sonnet-20250219', 'Claude Sonnet 3.7', '2025-02-19', 'sonnet', 3.7, [WINDOW, 64_000], retired('2025-10-28', '2026-02-19')),
  model('claude-3-5-haiku-20241022', 'Claude Haiku 3.5', '2024-10-22', 'haiku', 3.5, [WINDOW, 8_192], retired('2025-12-19', '2026-02-19')),
  model('claude-3-5-sonnet-20241022', 'Claude Sonnet 3.5', '2024-10-22', 'sonnet', 3.5, [WINDOW, 8_192], retired('2025-08-13', '2025-10-22')),
  model('claude-3-haiku-20240307', 'Claude Haiku 3', '2024-03-07', 'haiku', 3, [WINDOW, 4_096], retired('2026-02-19', '2026-08-19')),
  model('claude-3-opus-20240229', 'Claude Opus 3', '2024-02-29', 'opus', 3, [WINDOW, 4_096], retired('2025-06-30', '2026-01-05')),
]);

/**
 * alias -> model id. The listing never shows aliases (the real one does not either); they resolve in
 * GET /v1/models/{alias} and in the model of a message.
 */
export const DEFAULT_MODEL_ALIASES: Readonly<Record<string, string>> = deepFreeze({
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-opus-4-5': 'claude-opus-4-5-20251101',
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'claude-opus-4-0': 'claude-opus-4-20250514',
  'claude-4-opus-20250514': 'claude-opus-4-20250514',
  'claude-sonnet-4-0': 'claude-sonnet-4-20250514',
  'claude-4-sonnet-20250514': 'claude-sonnet-4-20250514',
  'claude-3-7-sonnet-latest': 'claude-3-7-sonnet-20250219',
  'claude-3-5-haiku-latest': 'claude-3-5-haiku-20241022',
  'claude-3-opus-latest': 'claude-3-opus-20240229',
});
