export type { SplitName, Task, TaskSplit, TaskStats } from './types';
export { SPLITS } from './types';
export { parseLabelSpec, describeLabelSpec, labeller, POSITIVE, NEGATIVE, type LabelSpec } from './labels';
export { buildTask, classCounts, OTHER, type TaskCorpora, type TaskOptions } from './build';
export { controlTask } from './control';
export { undersample } from './balance';
export { splitSentences, type SentenceSplit } from './split';
export { createRng, randomInt, shuffleInPlace, permutation, hashString, type Rng } from '../util/random';
export { resolveTask } from './resolve';
