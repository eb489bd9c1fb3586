import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProtoGrpcType } from '../../generated/model_router';

/** The same options `npm run gen:proto` passes to proto-loader-gen-types, so the generated types tell the truth. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export const MODEL_ROUTER_PROTO = 'modelrouter/v1/model_router.proto';

/** proto/ sits at the package root: two levels up from src/server under ts-jest, three from dist/src/server. */
function findProtoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, MODEL_ROUTER_PROTO))) return candidate;
  }
  throw new Error(`cannot find proto/${MODEL_ROUTER_PROTO} above ${from}`);
}

export const PROTO_ROOT = findProtoRoot(__dirname);

/** grpc.health.v1 as grpc-health-check ships it, for server reflection. */
export function loadHealthPackage(): protoLoader.PackageDefinition {
  return protoLoader.loadSync(healthProtoPath, PROTO_LOADER_OPTIONS);
}

let loaded: { packageDefinition: protoLoader.PackageDefinition; proto: ProtoGrpcType } | undefined;

/**
 * One load per process: protobufjs compiles a type's encoder and converters on its first message, per load, so the
 * warm-up's calls compile them for the server that takes the real ones (a second load cost the first call ~1.5 ms).
 */
export function loadModelRouterPackage(): { packageDefinition: protoLoader.PackageDefinition; proto: ProtoGrpcType } {
  if (loaded === undefined) {
    const packageDefinition = protoLoader.loadSync(MODEL_ROUTER_PROTO, { ...PROTO_LOADER_OPTIONS, includeDirs: [PROTO_ROOT] });
    loaded = { packageDefinition, proto: grpc.loadPackageDefinition(packageDefinition) as unknown as ProtoGrpcType };
  }
  return loaded;
}
