/**
 * `make bench` (= npm run build && node dist/bench/run.js): what the router costs on top of the Anthropic SDK,
 * against the built-in fake upstream on loopback.
 *
 * Processes: this one is the load generator and holds every client; the router, the fake upstream, the
 * grpc-js floor and the proxy floors each run in a child process (bench/routerProcess.ts, fakeProcess.ts,
 * echoProcess.ts, proxyProcess.ts), and redis-server is a child too. So the router's RSS and CPU are its own,
 * the direct SDK client and the router call the same fake process from the same client process, and the floors
 * are served from processes of their own exactly like the router.
 *
 * Sections: (1-4) latency at 1 in flight and throughput at C in flight for direct / router miss / proxy floor /
 * router hit / the HTTP door's rows / floor, in interleaved rounds; (5) failover under load; (6) router RSS after
 * the load and with N slow streams open.
 * Targets are goals: each is printed with PASS or MISS, nothing asserts.
 *
 * Knobs (env): BENCH_SECONDS (2), BENCH_WARMUP_SECONDS (0.5), BENCH_ROUNDS (3), BENCH_CONCURRENCY (32), BENCH_SETTLE_SECONDS (40),
 * BENCH_SCENARIOS (direct,directpooled,miss,proxy,hit,httpmiss,httpproxy,httphit,hitmem,floor,raw),
 * BENCH_PROXY_UPSTREAM (sse: the proxy floor asks for an event stream as the router does; json), BENCH_REDIS (1),
 * BENCH_ROUTER_LOG_LEVEL (silent),
 * BENCH_FAILOVER (1), BENCH_FAILOVER_CONCURRENCY (8), BENCH_FAILOVER_PRE_SECONDS (3),
 * BENCH_FAILOVER_MAX_OUTAGE_SECONDS (20), BENCH_FAILOVER_OPEN_SECONDS (2), BENCH_STREAMS (1000, 0 = skip),
 * BENCH_STREAMS_HOLD_SECONDS (1), BENCH_ROUTER_EXEC_ARGV (extra node flags for the router child, e.g.
 * '--max-old-space-size=96'), BENCH_JSON (write the figures there as JSON).
 * `--profile [miss,hit,httpmiss,httphit,direct]`: CPU-profile the router instead (BENCH_PROFILE_SECONDS, BENCH_PROFILE_INTERVAL_US,
 * BENCH_PROFILE_DIR); see bench/profile.ts.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { readKnobs } from './lib/env';
import { machineLines, mb, out, parseScenarioList, progress, reportFailover, reportMemory, verdict } from './lib/report';
import { reportThroughput } from './lib/reportThroughput';
import { startRig } from './lib/rig';
import { runProfile } from './profile';
import { runFailover, type FailoverResult } from './scenarios/failover';
import { runStreams, type StreamsResult } from './scenarios/streams';
import { buildScenarios, replySizes, runThroughput, warmCache } from './scenarios/throughput';

async function main(): Promise<void> {
  const knobs = readKnobs();
  const args = process.argv.slice(2);
  if (args[0] === '--profile') {
    for (const l of machineLines(knobs)) out(l);
    await runProfile(knobs, [...parseScenarioList(args[1] ?? 'direct,miss,hit')], out);
    return;
  }
  const only = parseScenarioList(knobs.scenarios);
  const started = Date.now();
  out('# modelrouter bench\n');
  for (const l of machineLines(knobs)) out(l);

  // --expose-gc only lets the memory section read heap figures after a GC; nothing calls gc() under load.
  const rig = await startRig({
    withEcho: only.has('floor') || only.has('raw'),
    withMemoryRouter: only.has('hitmem'),
    withProxy: only.has('proxy') || only.has('httpproxy') ? knobs.proxyUpstream : undefined,
    useRedis: knobs.redis,
    logLevel: knobs.routerLogLevel,
    routerExecArgv: ['--expose-gc', ...knobs.routerExecArgv],
  });
  try {
    out(
      `processes: load generator pid ${process.pid}; router pid ${rig.router.pid} (cache: ${rig.router.ready.cache}); fake upstream pid ${rig.fake.pid}` +
        `${rig.memRouter ? `; second router (memory cache, for the hitmem row) pid ${rig.memRouter.pid}` : ''}` +
        `${rig.echo ? `; floor pid ${rig.echo.pid}` : ''}${rig.proxy ? `; proxy floor pid ${rig.proxy.pid}` : ''}${rig.redis ? `; redis-server ${rig.redis.version} pid ${rig.redis.pid} (--save "" --appendonly no)` : ''}`,
    );
    out(
      `request: task simple_qa (-> claude-haiku-4-5-20251001), one user message, max_tokens 256; miss = CACHE_MODE_BYPASS, hit = temperature 0 after one warm call`,
    );
    const routerStart = await rig.router.stats();
    out(`router RSS at start: ${mb(routerStart.rss)}`);

    if (only.has('hit')) {
      await warmCache(rig);
      const sizes = await replySizes(rig);
      if (sizes) out(`reply sizes (encoded CompleteResponse): router hit ${sizes.hit} bytes, floor ${sizes.floor} bytes`);
    }
    const scenarios = buildScenarios(rig, only);
    progress(
      `running ${knobs.rounds} rounds × ${scenarios.length} scenarios × (1, ${knobs.concurrency} in flight), ${knobs.seconds} s each + ${knobs.warmupSeconds} s warm-up`,
    );
    const result = await runThroughput(
      rig,
      scenarios,
      { rounds: knobs.rounds, durationMs: knobs.seconds * 1000, warmupMs: knobs.warmupSeconds * 1000, concurrency: knobs.concurrency, only },
      progress,
    );
    const rssAfterLoad = (await rig.router.stats()).rss;
    const { targets, summary } = reportThroughput(result, knobs, rig);
    const rssMax = Math.max(rssAfterLoad, ...result.routerRssSamples);
    progress(`router idle for ${knobs.settleSeconds} s`);
    await new Promise((resolve) => setTimeout(resolve, knobs.settleSeconds * 1000));
    const rssSettled = (await rig.router.stats()).rss;

    let failover: FailoverResult | undefined;
    let rssAfterFailover: number | undefined;
    if (knobs.failover) {
      progress('failover run');
      failover = await runFailover(rig, {
        concurrency: knobs.failoverConcurrency,
        probeMs: 1_500,
        preMs: knobs.failoverPreSeconds * 1000,
        maxOutageMs: knobs.failoverMaxOutageSeconds * 1000,
        openMs: knobs.failoverOpenSeconds * 1000,
      });
      rssAfterFailover = (await rig.router.stats()).rss;
      targets.push(...reportFailover(failover, knobs));
    }
    // Streams after failover: the primary's breaker is then open, so the streams are served by the fallback model,
    // which changes nothing for memory. The other order would leave ~1000 idle upstream sockets in undici's pool
    // for the failover probes to wade through.
    let streams: StreamsResult | undefined;
    if (knobs.streams > 0) {
      progress(`opening ${knobs.streams} slow streams`);
      streams = await runStreams(rig, knobs.streams, knobs.streamsHoldSeconds * 1000);
    }
    targets.push(...reportMemory({ afterLoad: rssAfterLoad, settled: rssSettled, settleSeconds: knobs.settleSeconds, max: rssMax }, streams, rssAfterFailover));

    out('\n## Targets (goals, not assertions)\n');
    out('| target | measured | goal | |');
    out('| --- | --- | --- | --- |');
    for (const t of targets) out(`| ${t.name} | ${t.value} | ${t.goal} | ${verdict(t.ok)} |`);
    out(
      `\nload average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    const jsonPath = process.env['BENCH_JSON'];
    if (jsonPath) {
      writeFileSync(jsonPath, JSON.stringify({ knobs, summary, failover, streams, rssAfterLoad, rssSettled, rssMax, rssAfterFailover, targets }, null, 2));
    }
  } finally {
    await rig.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
