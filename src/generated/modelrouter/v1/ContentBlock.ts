// Original file: proto/modelrouter/v1/model_router.proto

import type { TextBlock as _modelrouter_v1_TextBlock, TextBlock__Output as _modelrouter_v1_TextBlock__Output } from '../../modelrouter/v1/TextBlock';
import type { ImageBlock as _modelrouter_v1_ImageBlock, ImageBlock__Output as _modelrouter_v1_ImageBlock__Output } from '../../modelrouter/v1/ImageBlock';
import type { DocumentBlock as _modelrouter_v1_DocumentBlock, DocumentBlock__Output as _modelrouter_v1_DocumentBlock__Output } from '../../modelrouter/v1/DocumentBlock';
import type { ToolUseBlock as _modelrouter_v1_ToolUseBlock, ToolUseBlock__Output as _modelrouter_v1_ToolUseBlock__Output } from '../../modelrouter/v1/ToolUseBlock';
import type { ToolResultBlock as _modelrouter_v1_ToolResultBlock, ToolResultBlock__Output as _modelrouter_v1_ToolResultBlock__Output } from '../../modelrouter/v1/ToolResultBlock';
import type { ThinkingBlock as _modelrouter_v1_ThinkingBlock, ThinkingBlock__Output as _modelrouter_v1_ThinkingBlock__Output } from '../../modelrouter/v1/ThinkingBlock';
import type { RedactedThinkingBlock as _modelrouter_v1_RedactedThinkingBlock, RedactedThinkingBlock__Output as _modelrouter_v1_RedactedThinkingBlock__Output } from '../../modelrouter/v1/RedactedThinkingBlock';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { CacheControl as _modelrouter_v1_CacheControl, CacheControl__Output as _modelrouter_v1_CacheControl__Output } from '../../modelrouter/v1/CacheControl';

/**
 * ContentBlock is one block of a message, in a request or an answer.
 */
export interface ContentBlock {
  /**
   * Text.
   */
  'text'?: (_modelrouter_v1_TextBlock | null);
  /**
   * An image.
   */
  'image'?: (_modelrouter_v1_ImageBlock | null);
  /**
   * A document.
   */
  'document'?: (_modelrouter_v1_DocumentBlock | null);
  /**
   * A tool call.
   */
  'tool_use'?: (_modelrouter_v1_ToolUseBlock | null);
  /**
   * A tool result.
   */
  'tool_result'?: (_modelrouter_v1_ToolResultBlock | null);
  /**
   * Extended thinking.
   */
  'thinking'?: (_modelrouter_v1_ThinkingBlock | null);
  /**
   * Redacted extended thinking.
   */
  'redacted_thinking'?: (_modelrouter_v1_RedactedThinkingBlock | null);
  /**
   * Any other Anthropic block type, passed through as its JSON object (must have "type").
   */
  'raw'?: (_google_protobuf_Struct | null);
  /**
   * Prompt-cache breakpoint after this block.
   */
  'cache_control'?: (_modelrouter_v1_CacheControl | null);
  /**
   * The block.
   */
  'block'?: "text"|"image"|"document"|"tool_use"|"tool_result"|"thinking"|"redacted_thinking"|"raw";
}

/**
 * ContentBlock is one block of a message, in a request or an answer.
 */
export interface ContentBlock__Output {
  /**
   * Text.
   */
  'text'?: (_modelrouter_v1_TextBlock__Output | null);
  /**
   * An image.
   */
  'image'?: (_modelrouter_v1_ImageBlock__Output | null);
  /**
   * A document.
   */
  'document'?: (_modelrouter_v1_DocumentBlock__Output | null);
  /**
   * A tool call.
   */
  'tool_use'?: (_modelrouter_v1_ToolUseBlock__Output | null);
  /**
   * A tool result.
   */
  'tool_result'?: (_modelrouter_v1_ToolResultBlock__Output | null);
  /**
   * Extended thinking.
   */
  'thinking'?: (_modelrouter_v1_ThinkingBlock__Output | null);
  /**
   * Redacted extended thinking.
   */
  'redacted_thinking'?: (_modelrouter_v1_RedactedThinkingBlock__Output | null);
  /**
   * Any other Anthropic block type, passed through as its JSON object (must have "type").
   */
  'raw'?: (_google_protobuf_Struct__Output | null);
  /**
   * Prompt-cache breakpoint after this block.
   */
  'cache_control': (_modelrouter_v1_CacheControl__Output | null);
  /**
   * The block.
   */
  'block'?: "text"|"image"|"document"|"tool_use"|"tool_result"|"thinking"|"redacted_thinking"|"raw";
}
