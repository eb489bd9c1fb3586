'use strict';
// Container health check: a real grpc.health.v1.Health/Check call, the same RPC the Kubernetes grpc probes make.
//
//   node healthcheck.js [service] [host:port]
//
// service defaults to '' (the server as a whole; src/server/health.ts reports SERVING once ready and NOT_SERVING
// while draining); host:port defaults to 127.0.0.1:$GRPC_PORT (50051). Exits 0 only on SERVING, 1 otherwise.
// Uses production dependencies only (@grpc/grpc-js, @grpc/proto-loader, grpc-health-check), so it runs in the
// runtime image, which has no dev dependencies.
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { protoPath } = require('grpc-health-check');

const service = process.argv[2] ?? '';
const target = process.argv[3] ?? `127.0.0.1:${process.env.GRPC_PORT || '50051'}`;
const DEADLINE_MS = 3000;

const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: String, enums: String, defaults: true });
const { Health } = grpc.loadPackageDefinition(definition).grpc.health.v1;
const client = new Health(target, grpc.credentials.createInsecure());

client.Check({ service }, { deadline: Date.now() + DEADLINE_MS }, (err, response) => {
  client.close();
  if (err) {
    process.stderr.write(`unhealthy: Check(${JSON.stringify(service)}) on ${target} failed: ${err.message}\n`);
    process.exit(1);
  }
  if (response.status !== 'SERVING') {
    process.stderr.write(`unhealthy: Check(${JSON.stringify(service)}) on ${target} is ${response.status}\n`);
    process.exit(1);
  }
  process.exit(0);
});
