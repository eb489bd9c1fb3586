import * as grpc from '@grpc/grpc-js';
import type { CompleteRequest } from '../../generated/modelrouter/v1/CompleteRequest';
import type { ListModelsRequest } from '../../generated/modelrouter/v1/ListModelsRequest';
import type { ListModelsResponse__Output } from '../../generated/modelrouter/v1/ListModelsResponse';
import type { Model__Output } from '../../generated/modelrouter/v1/Model';
import type { RouteDecision__Output } from '../../generated/modelrouter/v1/RouteDecision';
import { MODEL_ROUTER_SERVICE } from '../../transport/grpc/health';
import { loadHealthPackage } from '../../transport/grpc/protoLoader';
import { connect, describeServiceError, isServiceError, unary, UnreachableError, type ConnectOptions, type Connection } from '../client';
import { fail, ok, type Check } from './check';

/** grpc.health.v1.Health's one call we make, on the router's channel. */
interface HealthClient {
  Check(
    request: { service: string },
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: (err: grpc.ServiceError | null, response?: { status: string }) => void,
  ): grpc.ClientUnaryCall;
}
type HealthClientConstructor = new (address: string, credentials: grpc.ChannelCredentials, options: grpc.ClientOptions) => HealthClient;

/** A task no router has: the router's answer to it lists the tasks it has. */
const PROBE_TASK = 'modelrouter_doctor_no_such_task';
const PROBE_PROMPT = 'modelrouter doctor: which model would serve this?';
/** ListModels pages followed at most (1000 models each). */
const MAX_PAGES = 20;

/**
 * The router at options.addr: it answers, its health services say SERVING, ListModels works (how many models, which
 * circuits are open), and Route works for each of its tasks. When it cannot be reached, that is the one check.
 */
export async function routerChecks(options: ConnectOptions, configTasks: readonly string[] | undefined): Promise<Check[]> {
  let conn: Connection;
  try {
    conn = await connect(options);
  } catch (err) {
    if (!(err instanceof UnreachableError)) throw err;
    return [fail('router', err.message, 'start the router (make run), or point MODELROUTER_ADDR or --addr at it')];
  }
  try {
    const checks = [ok('router', `${options.addr} answers gRPC`)];
    checks.push(...(await healthChecks(conn)));
    checks.push(...(await catalogChecks(conn)));
    checks.push(...(await routeChecks(conn, configTasks)));
    return checks;
  } finally {
    conn.close();
  }
}

async function healthChecks(conn: Connection): Promise<Check[]> {
  const definition = grpc.loadPackageDefinition(loadHealthPackage()) as unknown as { grpc: { health: { v1: { Health: HealthClientConstructor } } } };
  const health = new definition.grpc.health.v1.Health(conn.addr, grpc.credentials.createInsecure(), { channelOverride: conn.client.getChannel() });
  const checks: Check[] = [];
  for (const service of ['', MODEL_ROUTER_SERVICE]) {
    const name = service === '' ? 'health' : `health ${service}`;
    try {
      const status = await new Promise<string>((resolve, reject) =>
        health.Check({ service }, new grpc.Metadata(), { deadline: conn.deadline }, (err, res) => (err ? reject(err) : resolve(res?.status ?? 'UNKNOWN'))),
      );
      checks.push(
        status === 'SERVING'
          ? ok(name, status)
          : fail(name, status, "the router is starting or draining: wait a few seconds and run doctor again; if it stays, read the router's logs"),
      );
    } catch (err) {
      checks.push(fail(name, describe(err), 'the router does not serve grpc.health.v1: is MODELROUTER_ADDR the router?'));
    }
  }
  return checks;
}

async function listAllModels(conn: Connection): Promise<Model__Output[]> {
  const models: Model__Output[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const request: ListModelsRequest = { limit: 1000, ...(after !== undefined ? { after_id: after } : {}) };
    const res = await unary<ListModelsResponse__Output>(conn, (md, o, cb) => conn.client.ListModels(request, md, o, cb));
    models.push(...res.data);
    if (!res.has_more || !res.last_id) break;
    after = res.last_id;
  }
  return models;
}

/** ListModels, and the circuits it reports: a model's circuit is open only while every deployment's is. */
async function catalogChecks(conn: Connection): Promise<Check[]> {
  let models: Model__Output[];
  try {
    models = await listAllModels(conn);
  } catch (err) {
    return [fail('models', `ListModels failed: ${describe(err)}`, "read the router's logs")];
  }
  if (models.length === 0)
    return [fail('models', 'the catalog is empty', "check models: in the router's config, or its catalog refresh (modelrouter models --refresh)")];
  const checks = [ok('models', `ListModels lists ${models.length} models`)];
  const open = models.filter((m) => m.circuit_state === 'open').map((m) => m.id);
  const halfOpen = models.filter((m) => m.circuit_state === 'half_open').map((m) => m.id);
  const openDeployments = models.flatMap((m) => (m.circuit_state === 'open' ? [] : m.deployments.filter((d) => d.circuit_state === 'open').map((d) => d.id)));
  const notes = [
    ...(halfOpen.length > 0 ? [`half-open (trying again): ${halfOpen.join(', ')}`] : []),
    ...(openDeployments.length > 0 ? [`deployments open: ${openDeployments.join(', ')}`] : []),
  ];
  if (open.length > 0) {
    checks.push(
      fail(
        'circuits',
        `open: ${open.join(', ')}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`,
        "upstream calls to these models keep failing; the breaker tries again after its cooldown; read the router's logs for the errors",
      ),
    );
  } else {
    checks.push(ok('circuits', notes.length > 0 ? `no model open; ${notes.join('; ')}` : 'all closed'));
  }
  return checks;
}

/** The router's tasks, from its answer to a task it lacks; else the config's, if there is one here. */
async function routerTasks(conn: Connection, configTasks: readonly string[] | undefined): Promise<readonly string[] | undefined> {
  try {
    await unary<RouteDecision__Output>(conn, (md, o, cb) => conn.client.Route(probeRequest(PROBE_TASK), md, o, cb));
  } catch (err) {
    const known = isServiceError(err) && err.code === grpc.status.INVALID_ARGUMENT ? /known tasks: (.+)$/.exec(err.details)?.[1] : undefined;
    if (known !== undefined)
      return known
        .split(', ')
        .map((t) => t.trim())
        .filter((t) => t !== '' && t !== 'auto');
  }
  return configTasks;
}

function probeRequest(task: string | undefined): CompleteRequest {
  return { messages: [{ role: 'user', content: PROBE_PROMPT }], ...(task !== undefined ? { task } : {}) };
}

async function routeChecks(conn: Connection, configTasks: readonly string[] | undefined): Promise<Check[]> {
  const tasks = await routerTasks(conn, configTasks);
  const checks: Check[] = [];
  for (const task of tasks ?? [undefined]) {
    const name = task === undefined ? 'route (default task)' : `route ${task}`;
    try {
      const decision = await unary<RouteDecision__Output>(conn, (md, o, cb) => conn.client.Route(probeRequest(task), md, o, cb));
      const fallbacks = decision.fallbacks.length > 0 ? `, fallbacks ${decision.fallbacks.join(', ')}` : ', no fallbacks';
      checks.push(ok(name, `${decision.model}${fallbacks}`));
    } catch (err) {
      checks.push(
        fail(
          name,
          describe(err),
          `check policy.tasks${task !== undefined ? `.${task}` : ''} in the router's config: its candidates must name models of the catalog`,
        ),
      );
    }
  }
  return checks;
}

function describe(err: unknown): string {
  if (isServiceError(err)) return describeServiceError(err);
  return err instanceof Error ? err.message : String(err);
}
