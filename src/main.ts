import { startApp } from './app';
import { ConfigError, loadConfig } from './config/loadConfig';
import { captureConsole } from './observability/captureConsole';
import { createLogger } from './observability/logger';
import { startTracing } from './observability/startTracing';
import { redactUrl } from './util/redactUrl';
import { FakeAnthropic } from './simulator';
import { parseOutage, SIMULATOR_CREDENTIALS, startPlatformSimulators, type PlatformSimulators } from './simulator/platformSimulators';

/** The simulator's own key: a real key is never needed, and never sent anywhere but the simulator. */
const SIMULATOR_API_KEY = 'simulator-key';

async function main(): Promise<void> {
  const { config, path } = loadConfig();
  const logger = createLogger(config.logging.level);
  captureConsole(logger);
  const tracing = await startTracing(process.env, logger);

  let apiKey = process.env['ANTHROPIC_API_KEY'];
  let simulator: FakeAnthropic | undefined;
  let platforms: PlatformSimulators | undefined;
  let env: NodeJS.ProcessEnv = process.env;
  // The simulator only when no platform is configured at all: named keys, Bedrock or Vertex mean real upstreams.
  const configuredElsewhere = config.providers.anthropic.keys !== undefined || config.providers.bedrock !== undefined || config.providers.vertex !== undefined;
  if (!apiKey && configuredElsewhere) apiKey = '';
  else if (!apiKey) {
    // The simulator serves today's lineup on its Models API, which the live catalog reads like the real one.
    simulator = await FakeAnthropic.start({ apiKey: SIMULATOR_API_KEY, knownModels: FakeAnthropic.defaultKnownModels(), maxRecordedRequests: 100 });
    apiKey = SIMULATOR_API_KEY;
    config.upstream.base_url = simulator.url;
    logger.warn('ANTHROPIC_API_KEY is not set: answers come from the BUILT-IN SIMULATOR, not from Claude', {
      event: 'simulator_mode',
      simulator_url: simulator.url,
    });
    const outage = parseOutage(process.env['SIMULATOR_OUTAGE']);
    if (outage) {
      // Bedrock and Vertex simulators too, and the named platforms down: provider fallback, live.
      platforms = await startPlatformSimulators(simulator, outage);
      config.providers.bedrock = platforms.bedrock;
      config.providers.vertex = platforms.vertex;
      env = { ...process.env, ...SIMULATOR_CREDENTIALS };
      logger.warn('the simulator is in an outage', { event: 'simulator_outage', platforms: outage });
    }
  }

  const app = await startApp({ config, apiKey, logger, env });
  // The handlers first: a supervisor may signal the moment it reads `started`.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('draining', { event: 'draining', signal, grace_ms: config.server.shutdown_grace_ms });
    app
      .close()
      .then(() => simulator?.close())
      .then(() => platforms?.close())
      .then(() => tracing?.shutdown())
      .then(
        () => {
          logger.info('stopped', { event: 'stopped' });
          process.exit(0);
        },
        (err: unknown) => {
          logger.error('shutdown failed', { event: 'stopped', err: err instanceof Error ? err : String(err) });
          process.exit(1);
        },
      );
  };
  process.on('SIGHUP', () => {
    if (!app.refreshCatalog) {
      logger.info('SIGHUP: the catalog is not live (catalog.live: false); nothing to refresh', { event: 'catalog_refresh', reason: 'SIGHUP' });
      return;
    }
    void app.refreshCatalog();
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  logger.info('modelrouter listening', {
    event: 'started',
    port: app.port,
    http_port: app.httpPort ?? 'disabled',
    metrics_port: app.metricsPort ?? 'disabled',
    auth: config.auth.callers.length > 0 ? `${config.auth.callers.length} callers` : 'off',
    tls: config.server.tls ? (config.server.tls.client_ca_file ? 'mtls' : 'tls') : 'off',
    config: path,
    cache: app.cacheStore?.kind ?? 'disabled',
    catalog: `${app.catalog.current.meta.source}, ${app.catalog.current.models.length} models`,
    upstream: simulator ? 'simulator' : redactUrl(config.upstream.base_url ?? 'https://api.anthropic.com'),
  });
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : `modelrouter failed to start: ${(err as Error).stack ?? String(err)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
