/** Classification scores in NeuroX's terms: per-class "accuracy" is recall over gold tokens. */
export interface ClassificationMetrics {
  accuracy: number;
  /** Per class: correct / gold count (NaN where the class has no gold examples). */
  perClass: number[];
  /** Mean F1 over classes that occur in gold or predictions. */
  macroF1: number;
  /** Per class: correct / predicted (NaN where the class is never predicted). */
  precision: number[];
  /** Per class: 2·correct / (gold + predicted) (NaN where the class is neither gold nor predicted). */
  f1: number[];
  /** Per class: gold examples. */
  support: number[];
  count: number;
}

export function accuracyOf(gold: Int32Array, pred: Int32Array): number {
  if (gold.length === 0) return NaN;
  let ok = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) ok++;
  return ok / gold.length;
}

export function classificationMetrics(gold: Int32Array, pred: Int32Array, classes: number): ClassificationMetrics {
  if (gold.length !== pred.length) throw new Error(`${gold.length} gold labels, ${pred.length} predictions`);
  const goldCount = new Float64Array(classes);
  const predCount = new Float64Array(classes);
  const correct = new Float64Array(classes);
  for (let i = 0; i < gold.length; i++) {
    goldCount[gold[i]]++;
    predCount[pred[i]]++;
    if (gold[i] === pred[i]) correct[gold[i]]++;
  }
  const perClass: number[] = [];
  const precision: number[] = [];
  const f1: number[] = [];
  let f1Sum = 0;
  let f1Classes = 0;
  for (let c = 0; c < classes; c++) {
    perClass.push(goldCount[c] > 0 ? correct[c] / goldCount[c] : NaN);
    precision.push(predCount[c] > 0 ? correct[c] / predCount[c] : NaN);
    const denom = goldCount[c] + predCount[c];
    f1.push(denom > 0 ? (2 * correct[c]) / denom : NaN);
    if (denom === 0) continue;
    f1Sum += f1[c];
    f1Classes++;
  }
  return {
    accuracy: accuracyOf(gold, pred),
    perClass,
    macroF1: f1Classes ? f1Sum / f1Classes : NaN,
    precision,
    f1,
    support: Array.from(goldCount),
    count: gold.length,
  };
}

export interface RegressionMetrics {
  mse: number;
  /** Coefficient of determination, 1 − SSE/SST. */
  r2: number;
  count: number;
}

export function regressionMetrics(targets: Float32Array, predictions: Float32Array): RegressionMetrics {
  const n = targets.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += targets[i];
  mean /= n;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    sse += (predictions[i] - targets[i]) ** 2;
    sst += (targets[i] - mean) ** 2;
  }
  return { mse: sse / n, r2: sst > 0 ? 1 - sse / sst : NaN, count: n };
}
