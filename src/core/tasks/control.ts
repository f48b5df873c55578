import { classCounts } from './build';
import { hashString } from '../util/random';
import type { Task, TaskSplit } from './types';

/**
 * Hewitt & Liang (2019) control task: every word type gets one fixed label, drawn at
 * random from the task's training label distribution. The draw hashes (type, seed), so
 * a type gets the same label in every split and independently of corpus order.
 */
export function controlTask(task: Task, seed = 1): Task {
  if (task.level !== 'word') throw new Error('control tasks are defined for word-level tasks only');
  const counts = classCounts(task.train.y, task.labels.length);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) throw new Error('control task needs training examples');
  const cdf = new Float64Array(counts.length);
  let acc = 0;
  counts.forEach((c, i) => (cdf[i] = acc += c / total));

  const typeLabel = new Map<string, number>();
  const labelOf = (word: string): number => {
    let label = typeLabel.get(word);
    if (label === undefined) {
      const u = hashString(word, seed) / 4294967296;
      label = 0;
      while (label < cdf.length - 1 && u >= cdf[label]) label++;
      typeLabel.set(word, label);
    }
    return label;
  };
  const relabel = (s: TaskSplit): TaskSplit => ({ ...s, y: Int32Array.from(s.words, labelOf) });
  const train = relabel(task.train);
  const dev = relabel(task.dev);
  const test = relabel(task.test);
  return {
    ...task,
    name: `${task.name} (control)`,
    train,
    dev,
    test,
    stats: {
      ...task.stats,
      classCounts: {
        train: classCounts(train.y, task.labels.length),
        dev: classCounts(dev.y, task.labels.length),
        test: classCounts(test.y, task.labels.length),
      },
    },
    controlSeed: seed,
  };
}
