/** Reads a V8 .cpuprofile (node --cpu-prof) and ranks functions by self time, plus a breakdown by component. */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionCost {
  name: string;
  where: string;
  component: string;
  selfUs: number;
  totalUs: number;
}

export interface ProfileSummary {
  /** Wall time covered by samples, µs. */
  sampledUs: number;
  idleUs: number;
  /** Everything but (idle): JS, native, GC, (program). */
  busyUs: number;
  gcUs: number;
  functions: FunctionCost[];
  components: { component: string; selfUs: number }[];
}

/** Which part of the stack a frame belongs to, from its script URL. */
export function componentOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return '(program: native, not attributed)';
  if (functionName === '(idle)') return '(idle)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm?.[1]) return nm[1];
  if (url.includes('/dist/src/')) return 'router (dist/src)';
  if (url.includes('/dist/bench/')) return 'bench harness';
  if (url.startsWith('node:internal/deps/undici') || url.includes('undici')) return 'undici (fetch, inside node)';
  if (url.startsWith('node:internal/http2') || url.startsWith('node:http2')) return 'node http2';
  if (url.startsWith('node:internal/streams') || url.startsWith('node:stream')) return 'node streams';
  // Other node internals by module, e.g. 'node: worker/js_transferable' (what makes AbortSignals transferable).
  if (url.startsWith('node:')) return `node: ${url.slice('node:'.length).replace(/^internal\//, '')}`;
  if (url === '') return '(native / builtins)';
  return url;
}

function shortWhere(url: string, line: number): string {
  if (url === '') return '';
  const nm = url.lastIndexOf('node_modules/');
  let short = nm >= 0 ? url.slice(nm + 'node_modules/'.length) : url.replace(/^file:\/\/.*?\/dist\//, 'dist/');
  short = short.replace(/^node:internal\//, 'node:');
  return `${short}:${line + 1}`;
}

export function summarizeProfile(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const keyOf = (node: ProfileNode): string => `${node.callFrame.functionName || '(anonymous)'}\u0000${node.callFrame.url}\u0000${node.callFrame.lineNumber}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const frames = new Map<string, CallFrame>();
  let sampled = 0;
  let idle = 0;
  let gc = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < timeDeltas.length ? (timeDeltas[i + 1] ?? 0) : 0;
    const node = byId.get(samples[i] ?? -1);
    if (!node || dt <= 0) continue;
    sampled += dt;
    const fn = node.callFrame.functionName;
    if (fn === '(idle)') {
      idle += dt;
      continue;
    }
    if (fn === '(garbage collector)') gc += dt;
    const key = keyOf(node);
    frames.set(key, node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id);
      if (!n) break;
      const k = keyOf(n);
      if (seen.has(k)) continue;
      seen.add(k);
      frames.set(k, n.callFrame);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  }
  const functions: FunctionCost[] = [...frames.entries()]
    .filter(([, f]) => f.functionName !== '(root)')
    .map(([key, f]) => ({
      name: f.functionName || '(anonymous)',
      where: shortWhere(f.url, f.lineNumber),
      component: componentOf(f.url, f.functionName),
      selfUs: self.get(key) ?? 0,
      totalUs: total.get(key) ?? 0,
    }));
  const comp = new Map<string, number>();
  for (const f of functions) comp.set(f.component, (comp.get(f.component) ?? 0) + f.selfUs);
  const components = [...comp.entries()].map(([component, selfUs]) => ({ component, selfUs })).sort((a, b) => b.selfUs - a.selfUs);
  return { sampledUs: sampled, idleUs: idle, busyUs: sampled - idle, gcUs: gc, functions, components };
}
