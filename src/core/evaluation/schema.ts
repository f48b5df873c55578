/**
 * The result JSON's runtime schema (zod), shared by the CLI and the app: result files are
 * validated before they are written, and a share link's summary narrows the same schema with
 * tighter bounds (`resultSchema(SHARE_LIMITS)`) instead of restating its fields.
 */
import { NEURON_KINDS } from '../neurons/neurons';
import { z } from 'zod';
import { L1_MODE, optionSchema, RANKER } from '../options';
import type { LcaResult } from './types';

/** Upper bounds on sizes; a result Salient writes itself has none. */
export interface ResultLimits {
  /** Model id and task lengths. */
  text: number;
  /** Label lengths. */
  label: number;
  labels: number;
  layers: number;
  neuronsPerLayer: number;
  /** Entries of any neuron list (ordering, per class, minimal set). */
  neurons: number;
}

export const NO_LIMITS: ResultLimits = { text: Infinity, label: Infinity, labels: Infinity, layers: Infinity, neuronsPerLayer: Infinity, neurons: Infinity };

const count = z.number().int().nonnegative();
/** Accuracies in [0, 1]; selectivity (a difference of two) in [-1, 1]. */
const fraction = z.number().min(-1).max(1);

export function resultSchema(limits: ResultLimits = NO_LIMITS) {
  const label = z.string().min(1).max(limits.label);
  const neuronList = z.array(count).max(limits.neurons);
  const classScore = z.object({ precision: fraction.nullable(), recall: fraction.nullable(), f1: fraction.nullable(), support: count });
  const splitScore = z.object({
    accuracy: fraction,
    perClass: z.record(label, fraction.nullable()),
    macroF1: fraction.nullable().optional(),
    classes: z.record(label, classScore).optional(),
  });
  const ranker = optionSchema(RANKER);
  const ablationKind = z.record(z.string().regex(/^\d{1,3}(\.\d+)?$/), z.object({ zeroOut: fraction, retrain: fraction }));
  return z.object({
    model: z.string().max(limits.text),
    task: z.string().max(limits.text),
    labels: z.array(label).min(1).max(limits.labels),
    layers: z.number().int().min(1).max(limits.layers),
    neurons: z.enum(NEURON_KINDS).optional(),
    layerNumbers: z.array(count).max(limits.layers).optional(),
    neuronsPerLayer: z.number().int().min(1).max(limits.neuronsPerLayer),
    counts: z.object({ train: count, dev: count, test: count }),
    unseen: z.object({ dev: count, test: count, labels: z.array(label).max(limits.labels), handling: z.enum(['drop', 'other']) }).optional(),
    probe: z.object({ l1Mode: optionSchema(L1_MODE), lambda1: z.number().nonnegative(), lambda2: z.number().nonnegative(), epochs: count, ranker }).optional(),
    oracle: z.object({ dev: splitScore, test: splitScore }),
    baseline: z.object({ majorityClass: label, dev: fraction, test: fraction, control: fraction.nullable(), note: z.string().max(1000).nullable() }).optional(),
    control: z.object({ test: z.object({ accuracy: fraction }) }).nullable(),
    selectivity: fraction.nullable(),
    ranking: z.object({ ordering: neuronList, perClass: z.record(label, neuronList) }),
    stability: z
      .object({ seeds: z.array(z.number().int()), jaccard: z.array(z.object({ percent: z.number(), mean: fraction, min: fraction })), topPercent: z.number(), inTop: z.array(z.number().min(0).max(1)).max(limits.neurons) })
      .nullable()
      .optional(),
    agreement: z
      .object({
        rankings: z.record(ranker, neuronList),
        apThreshold: z.number().nonnegative(),
        overlap: z.array(z.object({ percent: z.number(), a: ranker, b: ranker, shared: count, size: count, jaccard: fraction })),
      })
      .nullable()
      .optional(),
    ablation: z.object({ top: ablationKind, random: ablationKind, bottom: ablationKind }).nullable(),
    minimalSet: z.object({ size: count, neurons: neuronList, devAccuracy: fraction }).nullable(),
    layerwise: z.array(z.object({ layer: count, accuracy: fraction })).max(limits.layers).nullable(),
    layerDistribution: z.array(count).max(limits.layers),
    timings: z.record(z.string().max(40), z.number()),
  });
}

export const lcaResultSchema = resultSchema();

// The schema and the LcaResult interface must describe the same object, both ways.
type Inferred = z.infer<typeof lcaResultSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<Inferred, LcaResult> = true;
void sameShape;

/** Throws an error naming the first wrong fields (`ranking.ordering.3: expected …`) when `value` is not a result. */
export function checkResult(value: unknown, source: string): LcaResult {
  const parsed = lcaResultSchema.safeParse(value);
  if (parsed.success) return value as LcaResult; // as given: nothing stripped
  const problems = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  throw new Error(`${source} is not a Salient result: ${problems.join('; ')}`);
}
