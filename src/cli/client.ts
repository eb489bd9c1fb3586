import * as grpc from '@grpc/grpc-js';
import type { ModelRouterClient } from '../generated/modelrouter/v1/ModelRouter';
import { loadModelRouterPackage } from '../transport/grpc/protoLoader';

/** How long to wait for the channel to connect before saying the server is not there (capped by the deadline). */
export const CONNECT_TIMEOUT_MS = 3000;

/** The server could not be reached at all: the CLI says so plainly and exits 1. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
  constructor(readonly addr: string, cause: string) {
    super(`cannot reach modelrouter at ${addr} (${cause})`);
  }
}

/** A connected client and the deadline for every call made with it; close() it when done. */
export interface Connection {
  client: ModelRouterClient;
  addr: string;
  deadline: Date;
  close(): void;
}

export async function connect(addr: string, deadlineMs: number): Promise<Connection> {
  const { proto } = loadModelRouterPackage();
  const client = new proto.modelrouter.v1.ModelRouter(addr, grpc.credentials.createInsecure());
  const deadline = new Date(Date.now() + deadlineMs);
  const readyBy = new Date(Math.min(deadline.getTime(), Date.now() + CONNECT_TIMEOUT_MS));
  try {
    await new Promise<void>((resolve, reject) => client.waitForReady(readyBy, (err) => (err ? reject(err) : resolve())));
  } catch (err) {
    client.close();
    throw new UnreachableError(addr, err instanceof Error ? err.message : String(err));
  }
  return { client, addr, deadline, close: () => client.close() };
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Res>,
) => grpc.ClientUnaryCall;

/** Calls a unary method with the connection's deadline. */
export function unary<Req, Res>(conn: Connection, method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(conn.client, request, new grpc.Metadata(), { deadline: conn.deadline }, (err, res) => {
      if (err) reject(err);
      else if (res === undefined) reject(new Error('empty response'));
      else resolve(res);
    });
  });
}

export function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as Partial<grpc.ServiceError>).code === 'number' && 'metadata' in err;
}

/** `NOT_FOUND: Model 'x' not found` */
export function describeServiceError(err: grpc.ServiceError): string {
  const name = grpc.status[err.code] ?? `STATUS_${err.code}`;
  return `${name}: ${err.details || err.message}`;
}
