import { writeFileSync } from 'node:fs';
import { DEFAULT_TASK_MODEL, TaskModel, type TaskModelFile } from '../../src/policy/inference/taskModel';
import { classify } from '../../src/policy/inference/taskClassifier';
import { readExamples, sha256Of, trainingFiles, type Example } from './dataset';
import { formatReport, score, type Scored } from './report';
import { DEFAULT_OPTIONS, train } from './softmaxRegression';

/** The classes, in the order the model file lists them. */
export const LABELS = ['simple_qa', 'code_generation', 'complex_reasoning'];
const FOLDS = 5;

/** simple_qa sends a request to the small model: mistaking code or reasoning for it is the costly mistake. */
export const CAUTIOUS_LABEL = 'simple_qa';
const CAUTIOUS_STEPS = [0, 0.5, 0.6, 0.7, 0.8, 0.9];

/**
 * The model file training writes from these files: the same data always gives the same bytes. The confidence the
 * cautious class needs is chosen by cross-validation on the training data: the most accurate step, and of equals
 * the one with the fewest costly mistakes.
 */
export function trainFromFiles(files: readonly string[]): TaskModelFile {
  const examples = files.flatMap((f) => readExamples(f));
  const folds = crossValidate(examples);
  const ranked = CAUTIOUS_STEPS.map((min) => {
    const report = score(
      folds.map((f) => ({ truth: f.truth, predicted: decide(f.probabilities, min) })),
      LABELS,
    );
    return { min, accuracy: report.accuracy, costly: report.costly.codeToSimple + report.costly.reasoningToSimple };
  }).sort((a, b) => b.accuracy - a.accuracy || a.costly - b.costly);
  const file = train(examples, LABELS);
  file.cautious = { label: CAUTIOUS_LABEL, min_confidence: ranked[0]?.min ?? 0 };
  file.trained = {
    examples: examples.length,
    per_label: Object.fromEntries(LABELS.map((l) => [l, examples.filter((e) => e.label === l).length])),
    data_sha256: sha256Of(files),
    options: DEFAULT_OPTIONS,
    features: Object.keys(file.weights).length,
  };
  return file;
}

export function serialise(file: TaskModelFile): string {
  return `${JSON.stringify(file)}\n`;
}

interface Fold extends Scored {
  probabilities: Readonly<Record<string, number>>;
}

/** k-fold cross-validation on the training data alone: for choosing options without the held-out set. */
export function crossValidate(examples: readonly Example[], folds = FOLDS): Fold[] {
  const results: Fold[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const test = examples.filter((_, i) => i % folds === fold);
    const model = new TaskModel(
      train(
        examples.filter((_, i) => i % folds !== fold),
        LABELS,
      ),
    );
    for (const e of test) {
      const guess = classify(model, e);
      results.push({ truth: e.label, predicted: guess.label, probabilities: guess.probabilities });
    }
  }
  return results;
}

/** The classifier's rule: the likeliest class, but the cautious one only at `min` or above. */
function decide(probabilities: Readonly<Record<string, number>>, min: number): string {
  const order = [...LABELS].sort((a, b) => (probabilities[b] ?? 0) - (probabilities[a] ?? 0));
  const [first, second] = order;
  return first === CAUTIOUS_LABEL && (probabilities[first] ?? 0) < min ? (second ?? '') : (first ?? '');
}

/**
 * make train-classifier: trains on data/classifier/train/*.jsonl only (never the held-out file), prints a
 * cross-validation on the training data, and writes models/task-classifier.json (or the path given).
 */
export function main(args: readonly string[], out: (line: string) => void): void {
  const files = trainingFiles();
  const examples = files.flatMap((f) => readExamples(f));
  out(`training on ${examples.length} examples from ${files.join(', ')}`);
  const file = trainFromFiles(files);
  const min = file.cautious?.min_confidence ?? 0;
  if (!args.includes('--no-cv')) {
    const folds = crossValidate(examples).map((f) => ({ truth: f.truth, predicted: decide(f.probabilities, min) }));
    out(formatReport(`${FOLDS}-fold cross-validation (training data only), ${CAUTIOUS_LABEL} at ${min} or above`, score(folds, LABELS), examples.length));
  }
  const path = args.find((a) => !a.startsWith('--')) ?? DEFAULT_TASK_MODEL;
  writeFileSync(path, serialise(file));
  out(`wrote ${path}: ${Object.keys(file.weights).length} features`);
}

if (require.main === module) main(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`));
