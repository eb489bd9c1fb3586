import type { CompleteResponse__Output } from '../generated/modelrouter/v1/CompleteResponse';
import type { ListModelsResponse__Output } from '../generated/modelrouter/v1/ListModelsResponse';
import type { Model__Output } from '../generated/modelrouter/v1/Model';
import type { RouteDecision__Output } from '../generated/modelrouter/v1/RouteDecision';

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `model=... task=... cached=... cost_usd=... tokens=in/out attempts=model:outcome,...` */
export function summaryLine(res: CompleteResponse__Output): string {
  const attempts = res.attempts.map((a) => `${a.model}:${a.outcome}`).join(',');
  const tokens = `${res.usage?.input_tokens ?? 0}/${res.usage?.output_tokens ?? 0}`;
  return `model=${res.model} task=${res.task} cached=${res.cached} cost_usd=${formatCost(res.cost_usd)} tokens=${tokens} attempts=${attempts}`;
}

/** Dollars with enough places for a one-token call, without float noise. */
export function formatCost(usd: number): string {
  return usd.toFixed(6);
}

export function routeDecision(decision: RouteDecision__Output): string {
  return [
    `task:      ${decision.task}`,
    `model:     ${decision.model}`,
    `fallbacks: ${decision.fallbacks.length > 0 ? decision.fallbacks.join(', ') : '(none)'}`,
    `reason:    ${decision.reason}`,
  ].join('\n') + '\n';
}

const MODEL_COLUMNS = ['ID', 'FAMILY', 'CONTEXT', 'MAX OUTPUT', 'THINKING', 'CIRCUIT', '$IN/$OUT PER MTOK'] as const;

function modelRow(m: Model__Output): string[] {
  const price = m.pricing ? `${formatPrice(m.pricing.input_per_mtok)}/${formatPrice(m.pricing.output_per_mtok)}` : '-';
  return [
    m.deprecated ? `${m.id} (deprecated)` : m.id,
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
