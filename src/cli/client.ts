import * as grpc from '@grpc/grpc-js';
import type { ModelRouterClient } from '../generated/modelrouter/v1/ModelRouter';
import { loadModelRouterPackage } from '../transport/grpc/protoLoader';
import { diagnose } from './connectProbe';

/** The server could not be reached at all: the CLI says so in one line naming the address, and exits 1. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
  constructor(
    readonly addr: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${addr} (${reason})`);
  }
}

/** A connected client and the deadline for every call made with it; close() it when done. */
export interface Connection {
  client: ModelRouterClient;
  addr: string;
  deadline: Date;
  close(): void;
}

export interface ConnectOptions {
  addr: string;
  /** Every call's deadline, from the moment the connection is up. */
  deadlineMs: number;
  /** How long the connection may take (capped by deadlineMs). */
  connectTimeoutMs: number;
  /** Sent as `authorization: Bearer <token>` on every call. */
  token?: string | undefined;
}

/** At most this long is spent finding out why a connection failed. */
const DIAGNOSE_MS = 750;

/**
 * Connects before any call is made, with a deadline of its own: a refused port, an unknown host or a server that
 * does not speak gRPC fails as soon as the channel says so (milliseconds), a silent one after connectTimeoutMs,
 * never after the call's long deadline. Once connected, the calls get the whole of deadlineMs.
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const { proto } = loadModelRouterPackage();
  const interceptors = options.token !== undefined ? [bearer(options.token)] : [];
  const client = new proto.modelrouter.v1.ModelRouter(options.addr, grpc.credentials.createInsecure(), { interceptors });
  const connectMs = Math.min(options.deadlineMs, options.connectTimeoutMs);
  const outcome = await waitUntilReady(client.getChannel(), Date.now() + connectMs);
  if (outcome !== 'ready') {
    client.close();
    const cause =
      outcome === 'timeout'
        ? `no gRPC answer within ${connectMs} ms (--connect-timeout-ms)`
        : ((await diagnose(options.addr, DIAGNOSE_MS)) ?? 'the connection failed');
    throw new UnreachableError(options.addr, cause);
  }
  const deadline = new Date(Date.now() + options.deadlineMs);
  return { client, addr: options.addr, deadline, close: () => client.close() };
}

type ReadyOutcome = 'ready' | 'failed' | 'timeout';

/**
 * Follows the channel's connectivity until READY, or until it fails: TRANSIENT_FAILURE is the answer for this
 * one attempt (waitForReady would keep retrying until the deadline), SHUTDOWN too.
 */
function waitUntilReady(channel: ReturnType<grpc.Client['getChannel']>, readyBy: number): Promise<ReadyOutcome> {
  return new Promise((resolve) => {
    const check = (): void => {
      const state = channel.getConnectivityState(true);
      if (state === grpc.connectivityState.READY) {
        resolve('ready');
      } else if (state === grpc.connectivityState.TRANSIENT_FAILURE || state === grpc.connectivityState.SHUTDOWN) {
        resolve('failed');
      } else {
        channel.watchConnectivityState(state, readyBy, (err) => {
          if (err) resolve('timeout');
          else check();
        });
      }
    };
    check();
  });
}

/** One unary call, made by the caller with the metadata, options and callback it is given. */
export type UnaryCall<Res> = (metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;

/** A unary call with the connection's deadline: `unary(conn, (md, o, cb) => conn.client.Route(request, md, o, cb))`. */
export function unary<Res>(conn: Connection, call: UnaryCall<Res>): Promise<Res> {
  return new Promise((resolve, reject) => {
    call(new grpc.Metadata(), { deadline: conn.deadline }, (err, res) => {
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
  const name = (grpc.status[err.code] as string | undefined) ?? `STATUS_${err.code}`;
  return `${name}: ${err.details || err.message}`;
}

/** Adds the caller's token to every call (call credentials need a TLS channel; the CLI may talk plaintext). */
function bearer(token: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}
