/** A run's settings as a zod schema, from the option tables (share links check them with it). */
import { NEURON_KINDS } from '../neurons/neurons';
import { z } from 'zod';
import { AGGREGATION, L1_MODE, numberSchema, optionSchema, RANKER, RUN_NUMBERS } from '../options';
import type { RunSettings } from './types';

export function runSettingsSchema(limits: { text: number } = { text: Infinity }) {
  const count = z.number().int().nonnegative();
  return z.object({
    model: z.string().min(1).max(limits.text),
    onnxFile: z.string().max(limits.text),
    corpora: z
      .array(z.object({ split: z.enum(['train', 'dev', 'test']), name: z.string().max(limits.text), hash: z.string().max(128), sentences: count, words: count }))
      .min(1)
      .max(3),
    task: z.string().min(1).max(2000),
    aggregation: optionSchema(AGGREGATION),
    lambda1: numberSchema(RUN_NUMBERS.lambda1),
    lambda2: numberSchema(RUN_NUMBERS.lambda2),
    epochs: numberSchema(RUN_NUMBERS.epochs),
    l1Mode: optionSchema(L1_MODE).optional(),
    seed: numberSchema(RUN_NUMBERS.seed),
    seeds: numberSchema(RUN_NUMBERS.seeds).optional(),
    ranker: optionSchema(RANKER).optional(),
    apThreshold: numberSchema(RUN_NUMBERS.apThreshold).optional(),
    minLabelCount: numberSchema(RUN_NUMBERS.minLabelCount),
    maxTrainTokens: numberSchema(RUN_NUMBERS.maxTrainTokens),
    balance: z.boolean(),
    neurons: z.enum(NEURON_KINDS).optional(),
    layers: z.object({ every: count.optional(), from: count.optional(), to: count.optional() }).optional(),
  });
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<ReturnType<typeof runSettingsSchema>>, RunSettings> = true;
void sameShape;
