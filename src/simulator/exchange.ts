import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '../util/sleep';
import { defaultErrorMessage, errorHeaders, errorTypeForStatus, type Fault } from './faults';
import { sendError } from './wire';

/** One request/response pair while it is being served. */
export interface Exchange {
  /** Aborted when the response closes for any reason, so pending delays stop at once. */
  readonly controller: AbortController;
  model: string | undefined;
  /** Set when the fake itself cut the connection (drop faults), which is not a client abort. */
  serverDestroyed: boolean;
}

/** Every endpoint takes the key the way the real API does: `x-api-key`, or a bearer token. */
export function authorized(apiKey: string | undefined, req: IncomingMessage): boolean {
  if (apiKey === undefined) return true;
  return req.headers['x-api-key'] === apiKey || req.headers['authorization'] === `Bearer ${apiKey}`;
}

/** Applies the fault's hang, delay, drop and error status; false when the response is already dealt with. */
export async function survivesFault(req: IncomingMessage, res: ServerResponse, fault: Fault, exchange: Exchange): Promise<boolean> {
  const signal = exchange.controller.signal;
  if (fault.hang === true) return false;
  await sleep(fault.delayMs ?? 0, signal);
  if (signal.aborted) return false;
  if (fault.drop === true) {
    exchange.serverDestroyed = true;
    req.socket.destroy();
    return false;
  }
  if (fault.status !== undefined) {
    const type = fault.errorType ?? errorTypeForStatus(fault.status);
    sendError(res, fault.status, type, fault.message ?? defaultErrorMessage(type), errorHeaders(fault));
    return false;
  }
  return true;
}
