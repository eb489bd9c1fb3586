import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/loadConfig';
import { classify } from '../../src/policy/inference/taskClassifier';
import { TaskInferrer } from '../../src/policy/inference/taskInference';
import { loadTaskModel, TASK_MODEL_FORMAT, TaskModel } from '../../src/policy/inference/taskModel';
import type { Policy } from '../../src/policy/policy';
import type { Example } from '../../scripts/classifier/dataset';
import { score } from '../../scripts/classifier/report';
import { DEFAULT_OPTIONS, train } from '../../scripts/classifier/softmaxRegression';

const LABELS = ['simple_qa', 'code_generation', 'complex_reasoning'];
const example = (label: string, text: string): Example => ({ label, text, system: '', tools: false, images: false, where: 'test' });

/** A toy set whose classes differ by their words: what any working trainer separates. */
const TOY: Example[] = [
  ...['capital of france', 'capital of spain', 'who wrote hamlet', 'who painted the mona lisa', 'capital of peru'].map((t) => example('simple_qa', t)),
  ...['write a python function', 'fix this python function', 'python function to sort', 'typescript function bug', 'write a function'].map((t) =>
    example('code_generation', t),
  ),
  ...['prove the theorem step by step', 'prove this bound step by step', 'probability puzzle step by step', 'prove it', 'step by step probability'].map((t) =>
    example('complex_reasoning', t),
  ),
];

const policyOf = (tasks: string[], defaultTask = 'general'): Policy => ({ has: (t: string) => tasks.includes(t), defaultTask }) as unknown as Policy;

describe('training the task classifier', () => {
  it('learns a separable set and gives the words that decided as evidence', () => {
    const model = new TaskModel(train(TOY, LABELS, { ...DEFAULT_OPTIONS, minCount: 1 }));
    expect(classify(model, example('', 'capital of italy')).label).toBe('simple_qa');
    const code = classify(model, example('', 'a python function please'));
    expect(code.label).toBe('code_generation');
    expect(code.evidence).toContain("'python'");
    expect(classify(model, example('', 'prove it step by step')).label).toBe('complex_reasoning');
    expect(Object.values(code.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('is deterministic: the same data gives the same file', () => {
    expect(JSON.stringify(train(TOY, LABELS))).toBe(JSON.stringify(train(TOY, LABELS)));
  });

  it('drops words seen fewer than minCount times, never the hand features', () => {
    const file = train(TOY, LABELS, { ...DEFAULT_OPTIONS, minCount: 3 });
    expect(file.weights['w:hamlet']).toBeUndefined();
    expect(file.weights['w:function']).toBeDefined();
    expect(Object.keys(file.weights).some((f) => f.startsWith('h:len_'))).toBe(true);
  });

  it('refuses a label it was not told about, naming the line', () => {
    expect(() => train([{ ...example('poetry', 'a sonnet'), where: 'x.jsonl:7' }], LABELS)).toThrow('x.jsonl:7');
  });

  it('scores accuracy, per-class precision and recall, and the costly mistakes', () => {
    const report = score(
      [
        { truth: 'simple_qa', predicted: 'simple_qa' },
        { truth: 'code_generation', predicted: 'simple_qa' },
        { truth: 'complex_reasoning', predicted: 'complex_reasoning' },
        { truth: 'complex_reasoning', predicted: 'simple_qa' },
      ],
      LABELS,
    );
    expect(report.accuracy).toBe(0.5);
    expect(report.perClass[0]).toEqual({ label: 'simple_qa', precision: 1 / 3, recall: 1, support: 1 });
    expect(report.costly).toEqual({ codeToSimple: 1, reasoningToSimple: 1 });
    expect(report.confusion['complex_reasoning']).toEqual({ simple_qa: 1, code_generation: 0, complex_reasoning: 1 });
  });
});

describe('the model file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'task-model-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const write = (content: unknown): string => {
    const path = join(dir, `model-${n++}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('a broken file stops the start-up naming what is wrong', () => {
    expect(() => loadTaskModel(write('{not json'))).toThrow(/cannot read the task classifier/);
    expect(() => loadTaskModel(write({ format: 'other', labels: LABELS, bias: [0, 0, 0], weights: {} }))).toThrow(/format/);
    expect(() => loadTaskModel(write({ format: TASK_MODEL_FORMAT, labels: LABELS, bias: [0, 0], weights: {} }))).toThrow(/bias/);
    expect(() => loadTaskModel(write({ format: TASK_MODEL_FORMAT, labels: LABELS, bias: [0, 0, 0], weights: { 'w:x': [1] } }))).toThrow(/weights/);
  });

  it('round-trips what training wrote', () => {
    const file = train(TOY, LABELS);
    const model = loadTaskModel(write(file));
    expect(model.labels).toEqual(LABELS);
    expect(model.features).toBe(Object.keys(file.weights).length);
  });
});

describe('turning a guess into a task', () => {
  const model = new TaskModel(train(TOY, LABELS, { ...DEFAULT_OPTIONS, minCount: 1 }));

  it('a confident guess names the task and says why; an unsure one goes to the default task', () => {
    const inferrer = new TaskInferrer(model, policyOf([...LABELS, 'general']), { inferable: undefined, minConfidence: 0.5 });
    const sure = inferrer.decide({ label: 'code_generation', confidence: 0.93, probabilities: {}, evidence: ['code fence', "'function'"] });
    expect(sure).toEqual({
      task: 'code_generation',
      label: 'code_generation',
      confidence: 0.93,
      confident: true,
      reason: "inferred code_generation (0.93): code fence, 'function'",
    });
    const unsure = inferrer.decide({ label: 'code_generation', confidence: 0.41, probabilities: {}, evidence: [] });
    expect(unsure).toMatchObject({ task: 'general', confident: false, reason: 'task inference unsure (code_generation 0.41): default task general' });
  });

  it('only inferable tasks are chosen; by default the classes that are policy tasks', () => {
    const narrow = new TaskInferrer(model, policyOf([...LABELS, 'general']), { inferable: ['simple_qa'], minConfidence: 0.5 });
    expect(narrow.decide({ label: 'complex_reasoning', confidence: 0.99, probabilities: {}, evidence: [] })).toMatchObject({
      task: 'general',
      confident: false,
    });
    const noReasoning = new TaskInferrer(model, policyOf(['simple_qa', 'code_generation', 'general']), { inferable: undefined, minConfidence: 0.5 });
    expect(noReasoning.decide({ label: 'complex_reasoning', confidence: 0.99, probabilities: {}, evidence: [] }).task).toBe('general');
    expect(noReasoning.decide({ label: 'simple_qa', confidence: 0.99, probabilities: {}, evidence: [] }).task).toBe('simple_qa');
  });

  it('an inferable task that is not a policy task, or not a class of the model, is a config error', () => {
    expect(() => new TaskInferrer(model, policyOf(['general']), { inferable: ['simple_qa'], minConfidence: 0.5 })).toThrow(ConfigError);
    expect(() => new TaskInferrer(model, policyOf(['poetry', 'general']), { inferable: ['poetry'], minConfidence: 0.5 })).toThrow(
      /routing.inferable_tasks\[0\].*knows only/,
    );
  });
});
