/**
 * The processes a bench run needs: the fake upstream, the router and the grpc-js floor each in a child process,
 * redis-server as a child too, and the load generator (this process) holding every client.
 */
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import type { ModelRouterClient } from '../../src/generated/modelrouter/v1/ModelRouter';
import type { EchoReady } from '../echoProcess';
import type { FakeReady } from '../fakeProcess';
import type { ProxyArg, ProxyReady } from '../proxyProcess';
import type { RouterArg, RouterReady } from '../routerProcess';
import { startChild, type ChildHandle } from './child';
import { createPooledFetch } from '../../src/providers/anthropic/pooledFetch';
import { PRIMARY, directClient, modelRouterClient, rawEchoClient } from './clients';
import { startRedis, type RedisHandle } from './redis';

/** Only ever sent to the fake on loopback. */
export const BENCH_API_KEY = 'bench-simulator-key';

export interface Rig {
  fake: ChildHandle<FakeReady>;
  router: ChildHandle<RouterReady>;
  /** A second router with the in-process memory cache store, for the 'hitmem' reference row; only when asked. */
  memRouter: ChildHandle<RouterReady> | undefined;
  echo: ChildHandle<EchoReady> | undefined;
  /** The proxy floor (bench/proxyProcess.ts); only when asked. */
  proxy: ChildHandle<ProxyReady> | undefined;
  redis: RedisHandle | undefined;
  /** Why the cache is not Redis, when it is not. */
  redisNote: string | undefined;
  direct: Anthropic;
  /** The direct SDK with the router's own transport (src/providers/anthropic/pooledFetch.ts): separates transport from routing. */
  directPooled: Anthropic;
  routerClient: ModelRouterClient;
  /** The same SDK as `direct`, aimed at the router's HTTP door instead of the fake. */
  httpRouter: Anthropic;
  memRouterClient: ModelRouterClient | undefined;
  floorClient: ModelRouterClient | undefined;
  proxyClient: ModelRouterClient | undefined;
  /** The SDK as `direct`, aimed at the proxy floor's HTTP side. */
  httpProxy: Anthropic | undefined;
  rawClient: ReturnType<typeof rawEchoClient> | undefined;
  close(): Promise<void>;
}

export interface RigOptions {
  withEcho: boolean;
  withMemoryRouter?: boolean;
  /** Start the proxy floor, asking the fake the given way. */
  withProxy?: ProxyArg['upstream'] | undefined;
  useRedis: boolean;
  logLevel: string;
  routerExecArgv: string[];
}

/** The router's process environment as the image sets it (deploy/Dockerfile): glibc's malloc arenas capped. */
const ROUTER_ENV = { MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2' };

export async function startRig(options: RigOptions): Promise<Rig> {
  let redis: RedisHandle | undefined;
  let redisNote: string | undefined;
  if (options.useRedis) {
    redis = await startRedis();
    if (!redis) redisNote = 'redis-server not found or did not start: the cache-hit rows use the in-process MEMORY store instead';
  } else {
    redisNote = 'BENCH_REDIS=0: the cache-hit rows use the in-process MEMORY store';
  }
  const fake = await startChild<FakeReady>('fake', join(__dirname, '..', 'fakeProcess.js'), { arg: { apiKey: BENCH_API_KEY } });
  const routerArg: RouterArg = { apiKey: BENCH_API_KEY, fakeUrl: fake.ready.url, redisUrl: redis?.url, logLevel: options.logLevel };
  const router = await startChild<RouterReady>('router', join(__dirname, '..', 'routerProcess.js'), {
    arg: routerArg,
    execArgv: options.routerExecArgv,
    env: ROUTER_ENV,
  });
  const memRouter = options.withMemoryRouter
    ? await startChild<RouterReady>('router-memory', join(__dirname, '..', 'routerProcess.js'), {
        arg: { ...routerArg, redisUrl: undefined } satisfies RouterArg,
        execArgv: options.routerExecArgv,
        env: ROUTER_ENV,
      })
    : undefined;
  const echo = options.withEcho ? await startChild<EchoReady>('echo', join(__dirname, '..', 'echoProcess.js')) : undefined;
  const proxyArg: ProxyArg | undefined = options.withProxy && { apiKey: BENCH_API_KEY, fakeUrl: fake.ready.url, model: PRIMARY, upstream: options.withProxy };
  const proxy = proxyArg ? await startChild<ProxyReady>('proxy', join(__dirname, '..', 'proxyProcess.js'), { arg: proxyArg }) : undefined;
  const pooled = createPooledFetch();
  const routerClient = modelRouterClient(router.ready.port);
  const memRouterClient = memRouter ? modelRouterClient(memRouter.ready.port) : undefined;
  const floorClient = echo ? modelRouterClient(echo.ready.port) : undefined;
  const rawClient = echo ? rawEchoClient(echo.ready.port) : undefined;
  const proxyClient = proxy ? modelRouterClient(proxy.ready.port) : undefined;
  return {
    fake,
    router,
    memRouter,
    echo,
    proxy,
    redis,
    redisNote,
    direct: directClient(BENCH_API_KEY, fake.ready.url),
    directPooled: directClient(BENCH_API_KEY, fake.ready.url, pooled.fetch),
    routerClient,
    httpRouter: directClient(BENCH_API_KEY, `http://127.0.0.1:${router.ready.httpPort}`),
    memRouterClient,
    floorClient,
    rawClient,
    proxyClient,
    httpProxy: proxy ? directClient(BENCH_API_KEY, `http://127.0.0.1:${proxy.ready.httpPort}`) : undefined,
    async close() {
      routerClient.close();
      memRouterClient?.close();
      floorClient?.close();
      rawClient?.close();
      proxyClient?.close();
      pooled.close();
      await Promise.all([router.stop(), memRouter?.stop()]);
      await Promise.all([echo?.stop(), proxy?.stop(), fake.stop()]);
      await redis?.stop();
    },
  };
}
