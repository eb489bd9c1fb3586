/**
 * `make bench-hardening`: the router as `make run` starts it (simulator, in-process cache), driven the way a
 * careless or hostile caller would, with its /metrics size and RSS read before and after.
 *
 * 1. Label drive: BENCH_NAMES (10,000) calls naming made-up tasks and models, 100 in flight.
 * 2. Cancel storm: BENCH_CANCELS_PER_SECOND (300) StreamComplete calls a second, each cancelled 5 ms after it
 *    starts, for BENCH_STORM_SECONDS (30) s on one connection, while a bystander on its own connection calls
 *    Complete back to back. Reports the bystander's answers and failures and the HTTP/2 session events counted.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import type { ModelRouterClient } from '../src/generated/modelrouter/v1/ModelRouter';
import { loadModelRouterPackage } from '../src/transport/grpc/protoLoader';
import { cancelStorm } from '../test/fakes/cancelStorm';
import { freePort } from '../test/fakes/freePort';

const NAMES = Number(process.env['BENCH_NAMES'] ?? 10_000);
const CANCELS_PER_SECOND = Number(process.env['BENCH_CANCELS_PER_SECOND'] ?? 300);
const STORM_SECONDS = Number(process.env['BENCH_STORM_SECONDS'] ?? 30);
/** The router's old-space cap: with a leak it would run out and crash; without one RSS stays under the cap. */
const MAX_OLD_SPACE_MB = Number(process.env['BENCH_MAX_OLD_SPACE_MB'] ?? 128);
const MAIN_JS = `${__dirname}/../src/main.js`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const ask = (content: string, routing: Record<string, string>): object => ({ ...routing, messages: [{ role: 'user', content }] });

function client(port: number, agent: string): ModelRouterClient {
  const { proto } = loadModelRouterPackage();
  return new proto.modelrouter.v1.ModelRouter(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { 'grpc.primary_user_agent': agent });
}

async function labelDrive(c: ModelRouterClient): Promise<void> {
  for (let start = 0; start < NAMES; start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, NAMES - start) }, (_, k) => {
        const i = start + k;
        const routing = i % 2 === 0 ? { task: `made-up-task-${i}` } : { model: `made-up-model-${i}` };
        return new Promise<void>((resolve) => c.Complete(ask('hi', routing) as never, () => resolve()));
      }),
    );
  }
}

async function main(): Promise<void> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const router = spawn(process.execPath, [`--max-old-space-size=${MAX_OLD_SPACE_MB}`, MAIN_JS], {
    env: {
      ...process.env,
      ANTHROPIC_API_KEY: '',
      REDIS_URL: '',
      GRPC_PORT: String(port),
      METRICS_PORT: String(metricsPort),
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = router.pid ?? 0;
  const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  for (let i = 0; ; i++) {
    await sleep(200);
    if (
      await scrape().then(
        () => true,
        () => false,
      )
    )
      break;
    if (i > 100) throw new Error('the router did not start');
  }
  console.log(
    `date: ${new Date().toISOString()}; load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `command: node dist/bench/hardening.js (make bench-hardening); BENCH_NAMES=${NAMES} BENCH_CANCELS_PER_SECOND=${CANCELS_PER_SECOND} BENCH_STORM_SECONDS=${STORM_SECONDS} BENCH_MAX_OLD_SPACE_MB=${MAX_OLD_SPACE_MB} (the router's --max-old-space-size)\n`,
  );
  const c = client(port, 'drive');
  await labelDrive(c); // warm-up: the first calls load code and grow the heap to its working size
  const before = { size: (await scrape()).length, rss: rssMb(pid) };
  await labelDrive(c);
  const after = { size: (await scrape()).length, rss: rssMb(pid) };
  console.log('| label drive | /metrics bytes | router RSS (MB) |\n| --- | ---: | ---: |');
  console.log(`| after ${NAMES} made-up names (warm-up) | ${before.size} | ${before.rss.toFixed(1)} |`);
  console.log(`| after ${NAMES} more | ${after.size} | ${after.rss.toFixed(1)} |\n`);

  // Two storms back to back: a leak shows as RSS still climbing in the second; V8's headroom fills in the first.
  const storm = client(port, 'storm');
  const bystander = client(port, 'bystander');
  const rss = [rssMb(pid)];
  const first = await cancelStorm(storm, bystander, CANCELS_PER_SECOND, STORM_SECONDS);
  rss.push(rssMb(pid));
  const second = await cancelStorm(storm, bystander, CANCELS_PER_SECOND, STORM_SECONDS);
  rss.push(rssMb(pid));
  await sleep(1_000);
  const text = await scrape();
  const events = text.split('\n').filter((l) => l.startsWith('modelrouter_http2_session_events_total'));
  console.log(`| cancel storm (${STORM_SECONDS} s each) | first | second |\n| --- | ---: | ---: |`);
  console.log(
    `| cancels (per s) | ${first.cancels} (${(first.cancels / STORM_SECONDS).toFixed(0)}) | ${second.cancels} (${(second.cancels / STORM_SECONDS).toFixed(0)}) |`,
  );
  console.log(`| bystander answers / failures | ${first.answers} / ${first.failures.length} | ${second.answers} / ${second.failures.length} |`);
  console.log(`| router RSS after (MB; ${rss[0]?.toFixed(1)} before) | ${rss[1]?.toFixed(1)} | ${rss[2]?.toFixed(1)} |`);
  console.log(`\nHTTP/2 session events counted: ${events.length === 0 ? 'none' : events.join(', ')}`);
  const result = { failures: [...first.failures, ...second.failures] };
  console.log(`router still running after both storms: ${router.exitCode === null ? 'yes' : `no (exit ${router.exitCode})`}`);
  if (result.failures.length > 0) console.log(`\nbystander failures: ${[...new Set(result.failures)].join('; ')}`);
  for (const x of [c, storm, bystander]) x.close();
  router.kill('SIGTERM');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
