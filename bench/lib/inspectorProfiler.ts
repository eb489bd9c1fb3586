/**
 * V8's sampling CPU profiler (the one behind `node --cpu-prof`) driven through node:inspector, so a profile can
 * cover exactly the measured load and nothing else. The file it writes is a .cpuprofile that DevTools opens.
 * With BENCH_PROFILE_HEAP=1 the sampling heap profiler runs over the same load too (a .heapprofile beside it):
 * where the bytes a call allocates come from, which is what the GC's share of the CPU is paid for.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

let session: Session | undefined;

export async function startProfiling(intervalUs: number): Promise<null> {
  if (session) throw new Error('profiler already running');
  const s = new Session();
  s.connect();
  await post(s, 'Profiler.enable');
  await post(s, 'Profiler.setSamplingInterval', { interval: intervalUs });
  await post(s, 'Profiler.start');
  if (process.env['BENCH_PROFILE_HEAP'] === '1') {
    await post(s, 'HeapProfiler.enable');
    // Every 4 KiB allocated, on average; objects collected since are kept in the profile (the flags' purpose).
    await post(s, 'HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  session = s;
  return null;
}

export async function stopProfiling(file: string): Promise<string> {
  const s = session;
  if (!s) throw new Error('profiler not started');
  const { profile } = (await post(s, 'Profiler.stop')) as { profile: unknown };
  if (process.env['BENCH_PROFILE_HEAP'] === '1') {
    const heap = (await post(s, 'HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(file.replace(/\.cpuprofile$/, '') + '.heapprofile', JSON.stringify(heap.profile));
  }
  s.disconnect();
  session = undefined;
  writeFileSync(file, JSON.stringify(profile));
  return file;
}
