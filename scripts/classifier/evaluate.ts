import { findModelFile, loadTaskModel, type TaskModel } from '../../src/policy/inference/taskModel';
import { classify, type TaskGuess } from '../../src/policy/inference/taskClassifier';
import { HELDOUT_FILE, readExamples, type Example } from './dataset';
import { formatReport, score, type Report } from './report';

const TIMING_ROUNDS = 20;
/** The router's default routing.infer_min_confidence. */
export const MIN_CONFIDENCE = 0.5;

export interface Evaluation {
  examples: number;
  /** The most likely class against the label. */
  top: Report;
  /** As the router routes: below the minimum confidence a request goes to the default task. */
  routed: Report;
  unsure: number;
  mistakes: { example: Example; guess: TaskGuess }[];
}

export function evaluate(model: TaskModel, examples: readonly Example[], minConfidence = MIN_CONFIDENCE): Evaluation {
  const guesses = examples.map((example) => ({ example, guess: classify(model, example) }));
  const labels = [...model.labels];
  const routed = guesses.map(({ example, guess }) => ({ truth: example.label, predicted: guess.confidence >= minConfidence ? guess.label : 'default' }));
  return {
    examples: examples.length,
    top: score(
      guesses.map(({ example, guess }) => ({ truth: example.label, predicted: guess.label })),
      labels,
    ),
    routed: score(routed, labels),
    unsure: routed.filter((r) => r.predicted === 'default').length,
    mistakes: guesses.filter(({ example, guess }) => example.label !== guess.label),
  };
}

/** Time per classification over every example, several rounds: p50 and p99 in milliseconds. */
export function timeClassification(
  model: TaskModel,
  examples: readonly Example[],
  rounds = TIMING_ROUNDS,
): { p50: number; p99: number; max: number; calls: number } {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const e of examples) {
      const started = process.hrtime.bigint();
      classify(model, e);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: at(1), calls: times.length };
}

/** make eval-classifier: the held-out set (never used in training), per-class figures, and time per call. */
export function main(args: readonly string[], out: (line: string) => void): void {
  const path = args.find((a) => !a.startsWith('--')) ?? findModelFile();
  const heapBefore = heapUsed();
  const model = loadTaskModel(path);
  const heapAfter = heapUsed();
  const examples = readExamples(HELDOUT_FILE);
  const result = evaluate(model, examples);
  out(`model ${path}: ${model.features} features; held-out ${HELDOUT_FILE}: ${examples.length} prompts\n`);
  out(formatReport("held-out, the classifier's class", result.top, examples.length));
  out(`\nas routed (min confidence ${MIN_CONFIDENCE}): ${result.unsure} of ${examples.length} unsure, sent to the default task`);
  out(formatReport('held-out, as routed', result.routed, examples.length));
  if (args.includes('--mistakes')) {
    for (const { example, guess } of result.mistakes) {
      out(`${example.where} ${example.label} -> ${guess.label} (${guess.confidence.toFixed(2)}): ${example.text.slice(0, 160).replace(/\n/g, ' ')}`);
    }
  }
  const t = timeClassification(model, examples);
  out(`\nclassification time over ${t.calls} calls (one core): p50 ${t.p50.toFixed(3)} ms, p99 ${t.p99.toFixed(3)} ms, max ${t.max.toFixed(3)} ms`);
  const mb = (heapAfter - heapBefore) / 1024 / 1024;
  out(`model in memory: ${mb.toFixed(2)} MB for ${model.features} features (${((mb * 10_000) / model.features).toFixed(2)} MB per 10k)`);
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

if (require.main === module) main(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`));
