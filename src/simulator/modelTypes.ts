// The Models API's wire shapes, written out here rather than imported from @anthropic-ai/sdk so the fake describes
// the wire, not one SDK version's view of it (a newer SDK may add fields the fake should not silently pick up).

export type ModelLifecycle = 'active' | 'deprecated' | 'retired';
export type ModelLine = 'haiku' | 'sonnet' | 'opus' | 'fable' | 'mythos';

export interface CapabilitySupport {
  supported: boolean;
}

export interface ModelCapabilities {
  batch: CapabilitySupport;
  citations: CapabilitySupport;
  /** Programmatic tool calling from the code execution tool; the tool itself is server_tools.code_execution. */
  code_execution: CapabilitySupport;
  context_management: {
    supported: boolean;
    clear_thinking_20251015: CapabilitySupport | null;
    clear_tool_uses_20250919: CapabilitySupport | null;
    compact_20260112: CapabilitySupport | null;
  };
  effort: {
    supported: boolean;
    low: CapabilitySupport;
    medium: CapabilitySupport;
    high: CapabilitySupport;
    max: CapabilitySupport;
    xhigh: CapabilitySupport | null;
  };
  image_input: CapabilitySupport;
  pdf_input: CapabilitySupport;
  server_tools: { supported: boolean; code_execution: CapabilitySupport; web_search: CapabilitySupport };
  structured_outputs: CapabilitySupport;
  thinking: {
    supported: boolean;
    types: {
      enabled: CapabilitySupport;
      adaptive: CapabilitySupport;
      disabled: CapabilitySupport;
      between_tools: CapabilitySupport;
    };
  };
}

/** One entry of GET /v1/models, and the body of GET /v1/models/{id}. */
export interface ModelInfo {
  type: 'model';
  id: string;
  display_name: string;
  /** RFC 3339. */
  created_at: string;
  lifecycle: ModelLifecycle;
  line: ModelLine | null;
  max_input_tokens: number | null;
  max_tokens: number | null;
  /** Set for deprecated and retired models, null while active. */
  deprecated_at: string | null;
  /** Scheduled (or, once retired, actual) retirement; a past date on a deprecated model means overdue. */
  retires_at: string | null;
  capabilities: ModelCapabilities | null;
}

/**
 * What setModels accepts: a well-formed ModelInfo or any JSON object, since a test may want the client to meet
 * a missing id, an unknown lifecycle or a field of the wrong type.
 */
export type ModelListEntry = ModelInfo | Readonly<Record<string, unknown>>;

/** One page of GET /v1/models. */
export interface ModelPage {
  data: unknown[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}
