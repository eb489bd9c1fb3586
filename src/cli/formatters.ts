import type { CompleteResponse__Output } from '../generated/modelrouter/v1/CompleteResponse';
import type { ContentBlock__Output } from '../generated/modelrouter/v1/ContentBlock';
import type { CountTokensResponse__Output } from '../generated/modelrouter/v1/CountTokensResponse';
import type { ListModelsResponse__Output } from '../generated/modelrouter/v1/ListModelsResponse';
import type { Model__Output } from '../generated/modelrouter/v1/Model';
import type { RefreshCatalogResponse__Output } from '../generated/modelrouter/v1/RefreshCatalogResponse';
import type { RouteDecision__Output } from '../generated/modelrouter/v1/RouteDecision';
import { blockToJson } from '../transport/grpc/blocks';
import { protoJson } from './protoJson';

/** `catalog refresh: ok, 19 models, 0 skipped` and one line per change. */
export function refreshSummary(r: RefreshCatalogResponse__Output): string {
  const head = `catalog refresh: ${r.outcome}, ${r.models} models, ${r.skipped} skipped${r.error ? ` (${r.error})` : ''}\n`;
  return head + r.changes.map((c) => `  ${c}\n`).join('');
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A response message of modelrouter.v1 (`CompleteResponse`, ...) in the proto3 JSON mapping, indented. */
export function messageJson(type: string, message: unknown): string {
  return toJson(protoJson(`modelrouter.v1.${type}`, message));
}

/** The same on one line: one streamed chunk of --stream --json. */
export function messageJsonLine(type: string, message: unknown): string {
  return `${JSON.stringify(protoJson(`modelrouter.v1.${type}`, message))}\n`;
}

/** `model=... task=... [task_inferred=true] cached=... stop=... cost_usd=... tokens=in/out attempts=model:outcome,...` */
export function summaryLine(res: CompleteResponse__Output): string {
  const attempts = res.attempts.map((a) => `${a.model}:${a.outcome}`).join(',');
  const tokens = `${res.usage?.input_tokens ?? 0}/${res.usage?.output_tokens ?? 0}`;
  const stop = res.stop_reason || '-';
  const task = res.task_inferred ? `${res.task} task_inferred=true` : res.task;
  return `model=${res.model} task=${task} cached=${res.cached} stop=${stop} cost_usd=${formatCost(res.cost_usd)} tokens=${tokens} attempts=${attempts}`;
}

/** `[tool_use <id>] <name> `: the head of a tool call's line, which its input as compact JSON completes. */
export function toolUseHead(id: string, name: string): string {
  return `[tool_use ${id}] ${name} `;
}

/** A block field as text: a string as it is, anything else (a raw block's odd value) as JSON, absent as ''. */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

/** One line per tool call of the answer, in order; raw blocks count too (a tool_use with fields the proto lacks). */
export function toolUseLines(content: readonly ContentBlock__Output[]): string {
  let lines = '';
  for (const block of content.map((b) => blockToJson(b))) {
    if (block.type !== 'tool_use') continue;
    lines += `${toolUseHead(fieldText(block['id']), fieldText(block['name']))}${JSON.stringify(block['input'] ?? {})}\n`;
  }
  return lines;
}

export function countLine(res: CountTokensResponse__Output): string {
  return `input_tokens=${res.input_tokens} model=${res.model}\n`;
}

/** Dollars with enough places for a one-token call, without float noise. */
export function formatCost(usd: number): string {
  return usd.toFixed(6);
}

export function routeDecision(decision: RouteDecision__Output): string {
  return (
    [
      `task:      ${decision.task}${decision.task_inferred ? ` (inferred, confidence ${decision.task_confidence.toFixed(2)})` : ''}`,
      `model:     ${decision.model}`,
      `fallbacks: ${decision.fallbacks.length > 0 ? decision.fallbacks.join(', ') : '(none)'}`,
      `reason:    ${decision.reason}`,
    ].join('\n') + '\n'
  );
}

const MODEL_COLUMNS = ['ID', 'FAMILY', 'CONTEXT', 'MAX OUTPUT', 'THINKING', 'CIRCUIT', '$IN/$OUT PER MTOK'] as const;

function modelRow(m: Model__Output): string[] {
  const price = m.pricing ? `${formatPrice(m.pricing.input_per_mtok)}/${formatPrice(m.pricing.output_per_mtok)}` : '-';
  return [
    m.lifecycle && m.lifecycle !== 'active' ? `${m.id} (${m.lifecycle})` : m.deprecated ? `${m.id} (deprecated)` : m.id,
    m.family,
    String(m.context_window),
    String(m.max_output_tokens),
    m.extended_thinking ? 'yes' : 'no',
    m.circuit_state || '-',
    price,
  ];
}

function formatPrice(usd: number): string {
  return `$${Number(usd.toFixed(4))}`;
}

/** A header and one aligned row per model. */
export function modelsTable(models: readonly Model__Output[]): string {
  const rows: string[][] = [[...MODEL_COLUMNS], ...models.map(modelRow)];
  const widths = MODEL_COLUMNS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n') + '\n';
}

/** The command for the next page in the direction being paged, or undefined when there is none. */
export function nextPageHint(page: ListModelsResponse__Output, direction: 'after' | 'before', limit?: number): string | undefined {
  if (!page.has_more) return undefined;
  const cursor = direction === 'before' ? page.first_id : page.last_id;
  if (!cursor) return undefined;
  const limitFlag = limit !== undefined ? ` --limit ${limit}` : '';
  return `more: modelrouter models${limitFlag} --${direction} ${cursor}\n`;
}
