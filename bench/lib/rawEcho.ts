import * as grpc from '@grpc/grpc-js';

const identity = (b: Buffer): Buffer => b;

/** A unary service whose messages are raw bytes: no protobuf, no JSON, nothing but grpc-js framing. */
export const RAW_ECHO_SERVICE: grpc.ServiceDefinition = {
  Echo: {
    path: '/bench.Echo/Echo',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

export const RawEchoClient = grpc.makeGenericClientConstructor(RAW_ECHO_SERVICE, 'Echo');
