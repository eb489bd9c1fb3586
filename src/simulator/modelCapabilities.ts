import type { CapabilitySupport, ModelCapabilities } from './modelTypes';

/**
 * A model's generation as a number (3, 3.5, 3.7, 4, 4.1, 4.5, 4.6, ..., 5.5), which is what most capabilities
 * follow: each arrived with a generation and stayed. The few that do not are passed as `extras`.
 */
export type Generation = number;

export interface CapabilityExtras {
  /** Effort arrived on Opus 4.5 ahead of the rest of its generation. */
  effort?: boolean;
  /** Structured outputs reached Opus 4.1 along with the 4.5 generation. */
  structuredOutputs?: boolean;
}

function yes(supported: boolean): CapabilitySupport {
  return { supported };
}

/** Every key filled in, as the real API sends them: a client must never meet a missing capability. */
export function capabilitiesFor(gen: Generation, extras: CapabilityExtras = {}): ModelCapabilities {
  const claude35 = gen >= 3.5;
  const thinking = gen >= 3.7;
  const effort = gen >= 4.6 || extras.effort === true;
  const serverTools = claude35;
  return {
    batch: yes(true),
    citations: yes(claude35),
    code_execution: yes(gen >= 4.5),
    context_management: {
      supported: gen >= 4,
      clear_thinking_20251015: yes(gen >= 4),
      clear_tool_uses_20250919: yes(gen >= 4),
      compact_20260112: yes(gen >= 4.6),
    },
    effort: {
      supported: effort,
      low: yes(effort),
      medium: yes(effort),
      high: yes(effort),
      max: yes(gen >= 4.6),
      xhigh: yes(gen >= 4.7),
    },
    image_input: yes(true),
    // Claude 3 Haiku and Opus predate PDF support.
    pdf_input: yes(claude35),
    server_tools: { supported: serverTools, code_execution: yes(serverTools), web_search: yes(serverTools) },
    structured_outputs: yes(gen >= 4.5 || extras.structuredOutputs === true),
    thinking: {
      supported: thinking,
      types: {
        // From the 4.6 generation on, budgeted thinking is gone and adaptive is the only way to think.
        enabled: yes(thinking && gen <= 4.5),
        adaptive: yes(gen >= 4.5),
        // Turning thinking off is always accepted, even by a model that cannot think.
        disabled: yes(true),
        between_tools: yes(gen >= 4.6),
      },
    },
  };
}
