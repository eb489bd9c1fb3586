import { describeFeature, extractFeatures, type ClassifierInput } from './taskFeatures';
import type { TaskModel } from './taskModel';

/** What the classifier thinks of one input, with the features that weighed most for its answer. */
export interface TaskGuess {
  label: string;
  /** The label's probability, 0 to 1. */
  confidence: number;
  probabilities: Readonly<Record<string, number>>;
  /** The strongest evidence for the label, in words ("code fence", "'function'"), strongest first. */
  evidence: string[];
}

const EVIDENCE = 3;

/** Softmax regression over the input's features; evidence is what pulled towards the label more than the others. */
export function classify(model: TaskModel, input: ClassifierInput): TaskGuess {
  const width = model.labels.length;
  const scores = Float64Array.from(model.bias);
  const rows: { feature: string; row: number }[] = [];
  for (const feature of extractFeatures(input)) {
    const row = model.row(feature);
    if (row < 0) continue;
    rows.push({ feature, row });
    for (let label = 0; label < width; label++) scores[label] = (scores[label] ?? 0) + model.weight(row, label);
  }
  const probabilities = softmax(scores);
  let best = likeliest(probabilities, -1);
  if (best === model.cautiousLabel && (probabilities[best] ?? 0) < model.cautiousMin) best = likeliest(probabilities, best);
  const byLabel: Record<string, number> = {};
  model.labels.forEach((label, i) => (byLabel[label] = probabilities[i] ?? 0));
  return {
    label: model.labels[best] ?? '',
    confidence: probabilities[best] ?? 0,
    probabilities: byLabel,
    evidence: evidence(model, rows, best),
  };
}

/** The likeliest class other than `except`. */
function likeliest(probabilities: Float64Array, except: number): number {
  let best = -1;
  for (let label = 0; label < probabilities.length; label++) {
    if (label !== except && (best < 0 || (probabilities[label] ?? 0) > (probabilities[best] ?? 0))) best = label;
  }
  return best;
}

export function softmax(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  const out = scores.map((s) => Math.exp(s - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((e) => e / sum);
}

function evidence(model: TaskModel, rows: readonly { feature: string; row: number }[], label: number): string[] {
  const width = model.labels.length;
  const pulls: { feature: string; pull: number }[] = [];
  for (const { feature, row } of rows) {
    const own = model.weight(row, label);
    let others = 0;
    for (let other = 0; other < width; other++) if (other !== label) others += model.weight(row, other);
    const pull = own - others / (width - 1);
    if (pull > 0) pulls.push({ feature, pull });
  }
  pulls.sort((a, b) => b.pull - a.pull);
  return pulls.slice(0, EVIDENCE).map((p) => describeFeature(p.feature));
}
