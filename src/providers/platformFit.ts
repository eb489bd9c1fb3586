import { isRecord } from '../domain/json';
import type { PlatformName } from '../domain/deployment';
import type { MessagesParams } from '../domain/messages';

/**
 * What Bedrock and Vertex do not take of the Messages API, in one place: the Files API (file sources), some
 * server tools and MCP connectors make a deployment there incapable; betas for features a platform lacks are
 * dropped for it (and the log says so).
 */
interface PlatformGaps {
  /** Tool types (by prefix) the platform does not run. */
  tools: readonly string[];
  /** Top-level request fields it refuses. */
  fields: readonly string[];
  fileSources: boolean;
  /** Betas (by prefix) it does not take: dropped. */
  betas: readonly string[];
}

const GAPS: Readonly<Record<Exclude<PlatformName, 'anthropic'>, PlatformGaps>> = {
  bedrock: {
    tools: ['web_search_', 'web_fetch_', 'code_execution_'],
    fields: ['mcp_servers', 'container'],
    fileSources: true,
    betas: ['files-api-', 'mcp-client-', 'code-execution-', 'web-fetch-', 'skills-'],
  },
  vertex: {
    tools: ['web_fetch_', 'code_execution_'],
    fields: ['mcp_servers', 'container'],
    fileSources: true,
    betas: ['files-api-', 'mcp-client-', 'code-execution-', 'web-fetch-', 'skills-'],
  },
};

/** Why this platform cannot serve the request, or undefined when it can. */
export function platformGap(platform: PlatformName, params: MessagesParams): string | undefined {
  if (platform === 'anthropic') return undefined;
  const gaps = GAPS[platform];
  for (const field of gaps.fields) if (params[field] !== undefined) return `${platform} does not take '${field}'`;
  for (const tool of params.tools ?? []) {
    const type = typeof tool.type === 'string' ? tool.type : '';
    if (gaps.tools.some((prefix) => type.startsWith(prefix))) return `${platform} does not run the ${type} tool`;
  }
  if (gaps.fileSources && usesFiles(params)) return `${platform} does not serve Files API sources (file_id)`;
  return undefined;
}

/** The betas this platform takes, and the ones dropped for it. */
export function platformBetas(platform: PlatformName, betas: readonly string[]): { kept: readonly string[]; dropped: readonly string[] } {
  if (platform === 'anthropic' || betas.length === 0) return { kept: betas, dropped: [] };
  const refused = GAPS[platform].betas;
  const dropped = betas.filter((b) => refused.some((prefix) => b.startsWith(prefix)));
  return dropped.length === 0 ? { kept: betas, dropped } : { kept: betas.filter((b) => !dropped.includes(b)), dropped };
}

function usesFiles(params: MessagesParams): boolean {
  const hasFile = (blocks: unknown): boolean =>
    Array.isArray(blocks) &&
    blocks.some((block) => {
      if (!isRecord(block)) return false;
      if (isRecord(block.source) && (block.source.type === 'file' || typeof block.source.file_id === 'string')) return true;
      return block.type === 'tool_result' && hasFile(block.content);
    });
  return hasFile(params.system) || (Array.isArray(params.messages) && params.messages.some((m) => hasFile(m.content)));
}
