/**
 * Every option set and every numeric setting, one frozen table each. The TypeScript type
 * (`OptionOf<typeof T>`), the zod schema (`optionSchema`, `numberSchema`), the CLI's parsing
 * and help text (`parseOption`, `parseNumber`, `optionUsage`) and the app's single control
 * (`src/ui/controls.tsx`) all derive from these tables, so a choice is listed once.
 *
 * To add an option set: `export const NAME = optionTable({ name, label, help, choices, default })`
 * here, type values with `OptionOf<typeof NAME>`, validate with `optionSchema(NAME)`, read a
 * CLI flag with `parseOption(NAME, raw)`, and render `<OptionSelect table={NAME} …/>`.
 */
import { z } from 'zod';

/** One choice: its value (stored, typed on the command line) and how the app names it. */
export interface Choice<V extends string = string> {
  readonly value: V;
  readonly label: string;
}

export interface OptionTable<V extends string = string> {
  /** The CLI flag (without `--`). */
  readonly name: string;
  /** The app's label for the control. */
  readonly label: string;
  /** One line: the control's tooltip and the CLI's help. */
  readonly help: string;
  readonly choices: readonly Choice<V>[];
  readonly values: readonly [V, ...V[]];
  readonly default: V;
}

export type OptionOf<T> = T extends OptionTable<infer V> ? V : never;

export function optionTable<const V extends string>(spec: { name: string; label: string; help: string; choices: readonly [Choice<V>, ...Choice<V>[]]; default?: V }): OptionTable<V> {
  const values = spec.choices.map((c) => c.value) as unknown as [V, ...V[]];
  return deepFreeze({ ...spec, values, default: spec.default ?? values[0] });
}

/** The zod enum of a table's values. */
export function optionSchema<V extends string>(table: OptionTable<V>) {
  return z.enum(table.values as unknown as [V, ...V[]]);
}

/** `last|first|average`: a table's values as usage text. */
export function optionUsage(table: OptionTable): string {
  return table.values.join('|');
}

/** Thrown for a value outside its table or range; the message names the flag and what it allows. */
export class OptionError extends Error {}

export function isOption<V extends string>(table: OptionTable<V>, value: unknown): value is V {
  return (table.values as readonly unknown[]).includes(value);
}

/** A raw value (a CLI flag) as one of the table's values; `flag` names it in the error. */
export function parseOption<V extends string>(table: OptionTable<V>, raw: string | undefined, flag = `--${table.name}`): V {
  const value = raw ?? table.default;
  if (isOption(table, value)) return value;
  throw new OptionError(`${flag} must be ${orList(table.values)}, not "${raw}"`);
}

// ------------------------------------------------------------------- option sets

export const AGGREGATION = optionTable({
  name: 'aggregation',
  label: 'Subword aggregation',
  help: "How a word split into several subword tokens gets one vector (NeuroX's three options).",
  choices: [
    { value: 'last', label: 'last token (NeuroX default)' },
    { value: 'first', label: 'first token' },
    { value: 'average', label: 'average of tokens' },
  ],
});
export type Aggregation = OptionOf<typeof AGGREGATION>;

export const STORAGE_DTYPE = optionTable({
  name: 'dtype',
  label: 'Storage precision',
  help: 'Stored precision: float16 halves memory and disk with ~3 significant digits kept.',
  choices: [
    { value: 'float16', label: 'float16 (default)' },
    { value: 'float32', label: 'float32' },
  ],
});
export type StorageDType = OptionOf<typeof STORAGE_DTYPE>;

/** The browser's inference backend, as the user asks for it (`auto` picks; see workers/backend.ts). */
export const BACKEND = optionTable({
  name: 'backend',
  label: 'Backend',
  help: 'WebGPU when the browser offers a real GPU adapter, multi-threaded SIMD WASM otherwise.',
  choices: [
    { value: 'auto', label: 'auto (WebGPU if a real GPU, else WASM)' },
    { value: 'webgpu', label: 'WebGPU' },
    { value: 'wasm', label: 'WASM (CPU, threads)' },
  ],
});
export type BackendPreference = OptionOf<typeof BACKEND>;
export type Backend = Exclude<BackendPreference, 'auto'>;

/** Where Node extracts (onnxruntime-node): `auto` takes CUDA when its libraries are installed. */
export const DEVICE = optionTable({
  name: 'device',
  label: 'Device',
  help: 'auto takes CUDA when installed and usable, the CPU otherwise; cuda insists on it.',
  choices: [
    { value: 'auto', label: 'auto (CUDA when installed)' },
    { value: 'cpu', label: 'CPU' },
    { value: 'cuda', label: 'CUDA' },
  ],
});
export type Device = OptionOf<typeof DEVICE>;

/** NeuroX activation file layouts. */
export const ACTIVATION_FORMAT = optionTable({
  name: 'format',
  label: 'Format',
  help: "NeuroX's activation files: HDF5 (one dataset per sentence) or JSON lines.",
  choices: [
    { value: 'hdf5', label: 'HDF5' },
    { value: 'json', label: 'JSON lines' },
  ],
});
export type ActivationFormat = OptionOf<typeof ACTIVATION_FORMAT>;

/** How the probe's L1 penalty enters training (see src/core/probe/train.ts). */
export const L1_MODE = optionTable({
  name: 'l1-mode',
  label: 'L1 as',
  help: 'gradient: λ1·sign(W) added to the gradient, as NeuroX (no exact zeros); proximal: soft-threshold after each step, a sparse probe with exact zeros.',
  choices: [
    { value: 'gradient', label: 'gradient (NeuroX)' },
    { value: 'proximal', label: 'proximal (sparse)' },
  ],
});
export type L1Mode = OptionOf<typeof L1_MODE>;

/** The rankings every run computes; the chosen one picks the ablated and minimal sets (see src/core/ranking/rankers.ts). */
export const RANKER = optionTable({
  name: 'ranker',
  label: 'Ablate by',
  help: 'Which ranking picks the neurons kept in the ablations and the minimal set; all three are computed and compared.',
  choices: [
    { value: 'probe', label: 'elastic-net probe' },
    { value: 'probeless', label: 'probeless' },
    { value: 'ap', label: 'average precision' },
  ],
});
export type RankerName = OptionOf<typeof RANKER>;

// ------------------------------------------------------------------- numbers

export interface NumberSpec {
  /** The CLI flag (without `--`). */
  readonly flag: string;
  readonly label: string;
  readonly help: string;
  readonly integer: boolean;
  readonly min?: number;
  /** Exclusive lower bound (a percentage above 0). */
  readonly above?: number;
  readonly max?: number;
  /** Undefined: no default (the setting is off or unlimited unless given). */
  readonly default?: number;
}

/** A raw value (a CLI flag) as a number in the spec's range; `flag` names it in the error. */
export function parseNumber(spec: NumberSpec, raw: string | undefined, flag = `--${spec.flag}`): number | undefined {
  if (raw === undefined) return spec.default;
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value) || (spec.integer && !Number.isInteger(value)) || (spec.min !== undefined && value < spec.min) || (spec.above !== undefined && value <= spec.above) || (spec.max !== undefined && value > spec.max)) {
    throw new OptionError(`${flag} must be ${describeRange(spec)}, not "${raw}"`);
  }
  return value;
}

/** `an integer ≥ 1`, `a number ≥ 0`: the allowed range in words. */
export function describeRange(spec: NumberSpec): string {
  const kind = spec.integer ? 'an integer' : 'a number';
  if (spec.above !== undefined) return `${kind} above ${spec.above}${spec.max !== undefined ? ` and at most ${spec.max}` : ''}`;
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${kind} ≥ ${spec.min}`;
  if (spec.max !== undefined) return `${kind} ≤ ${spec.max}`;
  return kind;
}

export function numberSchema(spec: NumberSpec) {
  let schema = spec.integer ? z.number().int() : z.number().finite();
  if (spec.min !== undefined) schema = schema.min(spec.min);
  if (spec.above !== undefined) schema = schema.gt(spec.above);
  if (spec.max !== undefined) schema = schema.max(spec.max);
  return schema;
}

function numberSpec(spec: NumberSpec): NumberSpec {
  return Object.freeze(spec);
}

/** The numeric settings of a run (RunSettings keys), with the CLI flag that sets each. */
export const RUN_NUMBERS = deepFreeze({
  lambda1: numberSpec({ flag: 'l1', label: 'λ1 (L1)', help: 'L1 penalty λ1·Σ|W|: drives weights of irrelevant neurons to zero.', integer: false, min: 0, default: 1e-5 }),
  lambda2: numberSpec({ flag: 'l2', label: 'λ2 (L2)', help: 'L2 penalty λ2·‖W‖: spreads weight over correlated neurons.', integer: false, min: 0, default: 1e-5 }),
  epochs: numberSpec({ flag: 'epochs', label: 'Epochs', help: 'Passes over the training words.', integer: true, min: 1, default: 10 }),
  minLabelCount: numberSpec({ flag: 'min-label-count', label: 'Min label frequency', help: 'Labels with fewer training words are grouped as OTHER.', integer: true, min: 1, default: 1 }),
  maxTrainTokens: numberSpec({ flag: 'max-train-tokens', label: 'Token cap', help: 'Training words used (the papers use the first 150,000).', integer: true, min: 1, default: 150_000 }),
  seed: numberSpec({ flag: 'seed', label: 'Seed', help: 'Seed for splits, batch order, control task, random neurons and tie-breaking hashes.', integer: true, default: 1 }),
  seeds: numberSpec({ flag: 'seeds', label: 'Probe seeds', help: 'The probe is trained with this many seeds (seed, seed+1, …) to show how stable its top neurons are; 1 skips it.', integer: true, min: 1, max: 20, default: 3 }),
  apThreshold: numberSpec({ flag: 'ap-threshold', label: 'AP threshold', help: "The AP ranker counts activations with |x| below this as 0 (NeuroX's 0.05).", integer: false, min: 0, default: 0.05 }),
});
export type RunNumber = keyof typeof RUN_NUMBERS;

function orList(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
