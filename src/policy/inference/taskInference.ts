import { ConfigError } from '../../config/loadConfig';
import type { Inference } from '../../domain/inference';
import type { MessagesParams } from '../../domain/messages';
import type { Policy } from '../policy';
import { classifierInput } from './classifierInput';
import { classify, type TaskGuess } from './taskClassifier';
import type { TaskModel } from './taskModel';

export interface InferenceSettings {
  /** Tasks the classifier may choose (each one of the model's labels and a policy task); undefined: all that are both. */
  inferable: readonly string[] | undefined;
  /** Below this confidence the request goes to the default task. */
  minConfidence: number;
}

export type { Inference };

/** Picks the task of a request that names none, with the local classifier; explicit tasks never come here. */
export class TaskInferrer {
  private readonly inferable: ReadonlySet<string>;

  constructor(
    private readonly model: TaskModel,
    private readonly policy: Policy,
    private readonly settings: InferenceSettings,
  ) {
    const inferable = settings.inferable ?? model.labels.filter((label) => policy.has(label));
    settings.inferable?.forEach((task, i) => {
      if (!policy.has(task)) throw new ConfigError(`Invalid config: routing.inferable_tasks[${i}]: '${task}' is not one of policy.tasks`);
      if (!model.labels.includes(task)) {
        throw new ConfigError(`Invalid config: routing.inferable_tasks[${i}]: the classifier knows only ${model.labels.join(', ')}`);
      }
    });
    this.inferable = new Set(inferable);
  }

  infer(params: MessagesParams): Inference {
    return this.decide(this.guess(params));
  }

  /** The local classifier's guess for these params, before it is turned into a task. */
  guess(params: MessagesParams): TaskGuess {
    return classify(this.model, classifierInput(params));
  }

  /** A guess (the local classifier's, or a model's named by `by`) turned into the task to route as. */
  decide(guess: TaskGuess, by?: string): Inference {
    const { label, confidence } = guess;
    const shown = `${confidence.toFixed(2)}${by ? `, by ${by}` : ''}`;
    const confident = confidence >= this.settings.minConfidence && this.inferable.has(label);
    if (confident) {
      const why = guess.evidence.length > 0 ? `: ${guess.evidence.join(', ')}` : '';
      return { task: label, label, confidence, confident, reason: `inferred ${label} (${shown})${why}` };
    }
    const doubt = this.inferable.has(label) ? `unsure (${label} ${shown})` : `${label} (${shown}) is not inferable`;
    const task = this.policy.defaultTask;
    return { task, label, confidence, confident, reason: `task inference ${doubt}: default task ${task}` };
  }

  /** The classes the classifier may answer with, whatever is inferable. */
  get labels(): readonly string[] {
    return this.model.labels;
  }
}
