import { status, type StatusObject } from '@grpc/grpc-js';
import type { OutcomeObserver } from '../observability/requestOutcome';
import type { ServerCallContext } from './callContext';

/**
 * Reports a call the router did not report itself: ListModels, GetModel, Route, and calls refused before the
 * router saw them (no or a wrong token, over the rate). Every call then has its log line and its count.
 */
export function observeCall(
  observe: OutcomeObserver,
  rpc: string,
  ctx: ServerCallContext | undefined,
  started: number,
  failure: Partial<StatusObject> | undefined,
): void {
  if (ctx?.observed) return;
  observe({
    rpc,
    caller: ctx?.caller ?? 'unauthenticated',
    traceId: ctx?.traceId,
    task: undefined,
    model: undefined,
    code: failure?.code ?? status.OK,
    latencyMs: Date.now() - started,
    cacheable: false,
    cached: false,
    fallback: false,
    attempts: [],
    costUsd: 0,
    usage: undefined,
    error: failure?.details,
    request: undefined,
  });
}
