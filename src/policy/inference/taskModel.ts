import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';

export const TASK_MODEL_FORMAT = 'modelrouter-task-classifier/1';
export const DEFAULT_TASK_MODEL = 'models/task-classifier.json';

/** The trained model as `make train-classifier` writes it: a softmax regression over named features. */
export const taskModelFileSchema = z
  .object({
    format: z.literal(TASK_MODEL_FORMAT),
    labels: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(2),
    bias: z.array(z.number()),
    /** feature -> one weight per label. */
    weights: z.record(z.string(), z.array(z.number())),
    /**
     * The class whose mistakes cost least to make and most to suffer (simple_qa sends code or reasoning to the
     * small model): it is chosen only at this confidence or above, else the next likeliest class is.
     */
    cautious: z
      .object({ label: z.string(), min_confidence: z.number().min(0).max(1) })
      .strict()
      .optional(),
    trained: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .refine((m) => !m.cautious || m.labels.includes(m.cautious.label), { error: 'must be one of the labels', path: ['cautious', 'label'] })
  .refine((m) => m.bias.length === m.labels.length, { error: 'bias needs one value per label', path: ['bias'] })
  .refine((m) => Object.values(m.weights).every((w) => w.length === m.labels.length), {
    error: 'every feature needs one weight per label',
    path: ['weights'],
  });

export type TaskModelFile = z.infer<typeof taskModelFileSchema>;

/** The model in the form scoring reads: a feature's row, and every weight in one typed array. */
export class TaskModel {
  readonly labels: readonly string[];
  readonly bias: Float64Array;
  /** Index of the cautious class and the confidence it needs; -1 when the model has none. */
  readonly cautiousLabel: number;
  readonly cautiousMin: number;
  private readonly rows = new Map<string, number>();
  private readonly weights: Float32Array;

  constructor(file: TaskModelFile) {
    this.labels = file.labels;
    this.bias = Float64Array.from(file.bias);
    this.cautiousLabel = file.cautious ? file.labels.indexOf(file.cautious.label) : -1;
    this.cautiousMin = file.cautious?.min_confidence ?? 0;
    const entries = Object.entries(file.weights);
    const width = file.labels.length;
    this.weights = new Float32Array(entries.length * width);
    entries.forEach(([feature, row], i) => {
      this.rows.set(feature, i * width);
      this.weights.set(row, i * width);
    });
  }

  get features(): number {
    return this.rows.size;
  }

  /** Offset of the feature's weights (for `weight`), or -1 for a feature the model never saw. */
  row(feature: string): number {
    return this.rows.get(feature) ?? -1;
  }

  weight(row: number, label: number): number {
    return this.weights[row + label] ?? 0;
  }
}

/** models/ sits at the package root, above src/ under ts-jest and above dist/src when built. */
export function findModelFile(relative = DEFAULT_TASK_MODEL, from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find ${relative} above ${from}`);
}

/** routing.classifier_file: absolute, or found from the working directory, else above the package's own code. */
export function resolveModelFile(path: string): string {
  if (isAbsolute(path)) return path;
  const fromCwd = resolve(path);
  return existsSync(fromCwd) ? fromCwd : findModelFile(path);
}

/** Reads and checks a model file; a broken one stops the start-up with the field that is wrong. */
export function loadTaskModel(path: string): TaskModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the task classifier ${path}: ${(err as Error).message}`);
  }
  const parsed = taskModelFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the task classifier ${path} is not a ${TASK_MODEL_FORMAT} file: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  return new TaskModel(parsed.data);
}
