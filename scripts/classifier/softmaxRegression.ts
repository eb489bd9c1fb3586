import { extractFeatures } from '../../src/policy/inference/taskFeatures';
import { TASK_MODEL_FORMAT, type TaskModelFile } from '../../src/policy/inference/taskModel';
import { seededRandom, type Example } from './dataset';

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** A word or pair seen in fewer training examples than this is left out (hand features always stay). */
  minCount: number;
  /** Weights smaller than this (for every label) are pruned from the file. */
  pruneBelow: number;
  seed: number;
}

export const DEFAULT_OPTIONS: TrainOptions = { epochs: 30, learningRate: 0.5, l2: 1e-4, minCount: 2, pruneBelow: 0.01, seed: 17 };

/** Multinomial logistic regression over binary features, AdaGrad steps with L2, examples in seeded order. */
export function train(examples: readonly Example[], labels: readonly string[], options: TrainOptions = DEFAULT_OPTIONS): TaskModelFile {
  const width = labels.length;
  const sets = examples.map((e) => extractFeatures(e));
  const vocabulary = chooseVocabulary(sets, options.minCount);
  const index = new Map(vocabulary.map((f, i) => [f, i]));
  const rows = sets.map((set) => [...set].map((f) => index.get(f)).filter((i): i is number => i !== undefined));
  const targets = examples.map((e) => {
    const label = labels.indexOf(e.label);
    if (label < 0) throw new Error(`${e.where}: unknown label '${e.label}'`);
    return label;
  });
  const w = new Float64Array(vocabulary.length * width);
  const gw = new Float64Array(vocabulary.length * width).fill(1e-8);
  const b = new Float64Array(width);
  const gb = new Float64Array(width).fill(1e-8);
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  const scores = new Float64Array(width);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const active = rows[i] ?? [];
      for (let k = 0; k < width; k++) {
        let s = b[k] ?? 0;
        for (const f of active) s += w[f * width + k] ?? 0;
        scores[k] = s;
      }
      const probabilities = softmaxInPlace(scores);
      for (let k = 0; k < width; k++) {
        const g = (probabilities[k] ?? 0) - (k === targets[i] ? 1 : 0);
        gb[k] = (gb[k] ?? 0) + g * g;
        b[k] = (b[k] ?? 0) - (options.learningRate * g) / Math.sqrt(gb[k] ?? 1);
        for (const f of active) {
          const at = f * width + k;
          const grad = g + options.l2 * (w[at] ?? 0);
          gw[at] = (gw[at] ?? 0) + grad * grad;
          w[at] = (w[at] ?? 0) - (options.learningRate * grad) / Math.sqrt(gw[at] ?? 1);
        }
      }
    }
  }
  const weights: Record<string, number[]> = {};
  vocabulary.forEach((feature, f) => {
    const row = Array.from(w.subarray(f * width, (f + 1) * width), round);
    if (row.some((x) => Math.abs(x) >= options.pruneBelow)) weights[feature] = row;
  });
  return { format: TASK_MODEL_FORMAT, labels: [...labels], bias: Array.from(b, round), weights, trained: {} };
}

function chooseVocabulary(sets: readonly Set<string>[], minCount: number): string[] {
  const counts = new Map<string, number>();
  for (const set of sets) for (const f of set) counts.set(f, (counts.get(f) ?? 0) + 1);
  return [...counts]
    .filter(([f, n]) => n >= minCount || f.startsWith('h:'))
    .map(([f]) => f)
    .sort();
}

function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp((scores[k] ?? 0) - max);
    sum += scores[k] ?? 0;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] ?? 0) / sum;
  return scores;
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
