/** How a request that named no task got one: what Route, the responses, the log and the metrics report. */
export interface Inference {
  task: string;
  /** The classifier's label and its probability, whether or not it was taken. */
  label: string;
  confidence: number;
  /** False when the classifier was unsure (or chose a task that is not inferable): the default task was used. */
  confident: boolean;
  /** In words, for Route's reason and the log: "inferred code_generation (0.93): code fence, 'function'". */
  reason: string;
}
