/** The `salient` command line: the same core as the app, in Node. */
import { parseArgs } from 'node:util';
import type { Aggregation, StorageDType } from '../core/store/activationStore';
import { L1_MODES } from '../core/probe/types';
import { RANKER_NAMES } from '../core/ranking/rankers';
import { activationFormat } from '../node/activationFiles';
import type { Device } from '../node/ortDevice';
import { extractShard } from './extract';
import { mergeShards } from './merge';
import { runLca } from './run';

const USAGE = `usage:
  salient run --model <dir or hub id> --corpus <train file> [--dev <file>] [--test <file>]
              --task <column | FEATS key | suffix:k | regex:… | words:a,b> [--columns word,pos,chunk,ner]
              [--labels <label file for .word corpora>] [--aggregation last|first|average]
              [--activations <file>] [--dev-activations <file>] [--test-activations <file>]
              [--l1 1e-5] [--l2 1e-5] [--l1-mode gradient|proximal] [--epochs 10]
              [--max-train-tokens N] [--min-label-count N] [--seed 1] [--seeds 3]
              [--ranker probe|probeless|ap] [--ap-threshold 0.05]
              [--device auto|cpu|cuda] [--hub-host https://huggingface.co]
              [--neurox-ranking ranking.json] --out result.json
  salient extract --model <dir or hub id> --corpus <file> [--columns …]
              [--from N] [--to M | --shard i/n] [--max-words N] [--aggregation last|first|average]
              [--format hdf5|json] [--dtype float16|float32] [--batch-size 32]
              [--device auto|cpu|cuda] [--hub-host …] --out shard.hdf5
  salient merge [--format hdf5|json] [--dtype float16|float32] --out merged.hdf5 <shard files…>

  Activation files are NeuroX's: HDF5 (.hdf5/.h5) or JSON lines (.json/.jsonl).
  extract writes sentences [--from, --to) (0-based, --to exclusive) or shard i of n
  (0-based, balanced by words); merge checks that the shards fit together and
  refuses gaps and overlaps. run reads --activations instead of extracting; with
  activations for every corpus it needs no --model.`;

const SHARED = {
  model: { type: 'string' },
  corpus: { type: 'string' },
  columns: { type: 'string' },
  aggregation: { type: 'string', default: 'last' },
  device: { type: 'string', default: 'auto' },
  'hub-host': { type: 'string' },
  out: { type: 'string' },
} as const;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const commands: Record<string, (args: string[]) => Promise<number>> = { run, extract, merge };
  if (!command || !commands[command]) {
    process.stderr.write(`${command ? `unknown command "${command}"\n` : ''}${USAGE}\n`);
    return command ? 2 : 0;
  }
  try {
    return await commands[command](rest);
  } catch (error) {
    if (error instanceof UsageError) {
      log(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }

  async function run(args: string[]): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        ...SHARED,
        dev: { type: 'string' }, test: { type: 'string' }, labels: { type: 'string' }, task: { type: 'string' },
        activations: { type: 'string' }, 'dev-activations': { type: 'string' }, 'test-activations': { type: 'string' },
        l1: { type: 'string', default: '1e-5' }, l2: { type: 'string', default: '1e-5' }, epochs: { type: 'string', default: '10' },
        'max-train-tokens': { type: 'string' }, 'min-label-count': { type: 'string' }, seed: { type: 'string', default: '1' },
        'neurox-ranking': { type: 'string' },
        'l1-mode': { type: 'string', default: 'gradient' }, seeds: { type: 'string', default: '3' },
        ranker: { type: 'string', default: 'probe' }, 'ap-threshold': { type: 'string', default: '0.05' },
      },
    });
    require(values, ['corpus', 'task']);
    const activations = { train: values.activations, dev: values['dev-activations'], test: values['test-activations'] };
    const extracting = !activations.train || (values.dev && !activations.dev) || (values.test && !activations.test);
    if (extracting) require(values, ['model']);
    await runLca({
      model: values.model,
      corpus: values.corpus!,
      dev: values.dev,
      test: values.test,
      columns: list(values.columns),
      labels: values.labels,
      task: values.task!,
      aggregation: aggregation(values.aggregation),
      l1: Number(values.l1),
      l2: Number(values.l2),
      l1Mode: oneOf('--l1-mode', values['l1-mode'], L1_MODES),
      epochs: Number(values.epochs),
      seeds: positiveInteger('--seeds', values.seeds),
      ranker: oneOf('--ranker', values.ranker, RANKER_NAMES),
      apThreshold: nonNegative('--ap-threshold', values['ap-threshold']),
      maxTrainTokens: number(values['max-train-tokens']),
      minLabelCount: number(values['min-label-count']),
      seed: Number(values.seed),
      out: values.out ?? 'result.json',
      hubHost: values['hub-host'],
      device: device(values.device),
      activations,
      neuroxRanking: values['neurox-ranking'],
      log,
    });
    return 0;
  }

  async function extract(args: string[]): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        ...SHARED,
        from: { type: 'string' }, to: { type: 'string' }, shard: { type: 'string' }, 'max-words': { type: 'string' },
        format: { type: 'string' }, dtype: { type: 'string', default: 'float16' }, 'batch-size': { type: 'string' },
      },
    });
    require(values, ['model', 'corpus', 'out']);
    let shard: { index: number; count: number } | undefined;
    if (values.shard) {
      const m = /^(\d+)\/(\d+)$/.exec(values.shard);
      if (!m) throw new UsageError('--shard takes i/n, e.g. --shard 0/8 (0-based)');
      if (values.from || values.to) throw new UsageError('give either --shard or --from/--to');
      shard = { index: Number(m[1]), count: Number(m[2]) };
    }
    await extractShard({
      model: values.model!,
      corpus: values.corpus!,
      columns: list(values.columns),
      from: number(values.from),
      to: number(values.to),
      shard,
      maxWords: number(values['max-words']),
      aggregation: aggregation(values.aggregation),
      format: activationFormat(values.out!, values.format),
      dtype: dtype(values.dtype),
      batchSize: number(values['batch-size']),
      device: device(values.device),
      hubHost: values['hub-host'],
      out: values.out!,
      log,
    });
    return 0;
  }

  async function merge(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, format: { type: 'string' }, dtype: { type: 'string' } },
    });
    require(values, ['out']);
    if (positionals.length === 0) throw new UsageError('merge needs the shard files');
    await mergeShards({ shards: positionals, out: values.out!, format: activationFormat(values.out!, values.format), dtype: values.dtype ? dtype(values.dtype) : undefined, log });
    return 0;
  }
}

class UsageError extends Error {}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T {
  if (allowed.includes(v as T)) return v as T;
  throw new UsageError(`${flag} must be ${allowed.join(' or ')}, not "${v}"`);
}

function positiveInteger(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number ≥ 1, not "${v}"`);
  return n;
}

function nonNegative(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a number ≥ 0, not "${v}"`);
  return n;
}

function require(values: Record<string, unknown>, names: string[]): void {
  for (const name of names) if (!values[name]) throw new UsageError(`missing --${name}`);
}

const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const list = (v: string | undefined) => v?.split(',').map((c) => c.trim());

function aggregation(v: string | undefined): Aggregation {
  if (v === 'first' || v === 'last' || v === 'average') return v;
  throw new UsageError('--aggregation must be first, last or average');
}

function dtype(v: string | undefined): StorageDType {
  if (v === 'float16' || v === 'float32') return v;
  throw new UsageError('--dtype must be float16 or float32');
}

function device(v: string | undefined): Device {
  if (v === 'auto' || v === 'cpu' || v === 'cuda') return v;
  throw new UsageError('--device must be auto, cpu or cuda');
}
