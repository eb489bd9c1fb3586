import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassifierInput } from '../../src/policy/inference/taskFeatures';

/** One labelled line of data/classifier (see data/classifier/LABELS.md). */
export interface Example extends ClassifierInput {
  label: string;
  /** file:line, for reports. */
  where: string;
}

export const DATA_DIR = 'data/classifier';
export const TRAIN_DIR = join(DATA_DIR, 'train');
export const HELDOUT_FILE = join(DATA_DIR, 'heldout.jsonl');

export function readExamples(file: string): Example[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, where: `${file}:${i + 1}` }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, where }) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      if (typeof row['label'] !== 'string' || typeof row['text'] !== 'string') throw new Error(`${where}: label and text are required`);
      return {
        label: row['label'],
        text: row['text'],
        system: typeof row['system'] === 'string' ? row['system'] : '',
        tools: row['tools'] === true,
        images: row['images'] === true,
        where,
      };
    });
}

/** Every *.jsonl of the training folder, in name order (the order training sees them before shuffling). */
export function trainingFiles(dir = TRAIN_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

export function sha256Of(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex');
}

/** A small seeded generator, so training twice on the same data writes the same model. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
