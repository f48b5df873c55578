/** The `salient` command line: the same core as the app, in Node. */
import { ACTIVATION_FORMAT, AGGREGATION, DEVICE, L1_MODE, RANKER, RUN_NUMBERS, STORAGE_DTYPE, type NumberSpec } from '../core/options';
import { activationFormat } from '../node/activationFiles';
import { extractShard } from './extract';
import { checkWritable, choice, flagUsage, number, rangeNotes, readFlags, text, UsageError, type FlagTable } from './flags';
import { mergeShards } from './merge';
import { runLca, runProperties } from './run';

const count = (flag: string, min: number): NumberSpec => ({ flag, label: flag, help: '', integer: true, min });

const SHARED = {
  model: text('<dir or hub id>'),
  corpus: text('<file>'),
  columns: text('word,pos,chunk,ner'),
  aggregation: choice(AGGREGATION),
  device: choice(DEVICE),
  'hub-host': text('https://huggingface.co'),
} as const;

const RUN_FLAGS = {
  ...SHARED,
  corpus: text('<train file>', { required: true }),
  dev: text('<file>'),
  test: text('<file>'),
  task: text('<column | FEATS key | suffix:k | regex:… | words:a,b>', { required: true, multiple: true }),
  labels: text('<label file for .word corpora>'),
  activations: text('<file>'),
  'dev-activations': text('<file>'),
  'test-activations': text('<file>'),
  l1: number(RUN_NUMBERS.lambda1),
  l2: number(RUN_NUMBERS.lambda2),
  'l1-mode': choice(L1_MODE),
  epochs: number(RUN_NUMBERS.epochs),
  // The CLI keeps every training word unless capped (the app's default cap is 150,000).
  'max-train-tokens': number({ ...RUN_NUMBERS.maxTrainTokens, default: undefined }),
  'min-label-count': number(RUN_NUMBERS.minLabelCount),
  seed: number(RUN_NUMBERS.seed),
  seeds: number(RUN_NUMBERS.seeds),
  ranker: choice(RANKER),
  'ap-threshold': number(RUN_NUMBERS.apThreshold),
  'neurox-ranking': text('ranking.json'),
  'top-percent': number({ flag: 'top-percent', label: 'top percent', help: '', integer: false, above: 0, max: 100, default: 5 }),
  out: text('result.json', { default: 'result.json' }),
} as const satisfies FlagTable;

const EXTRACT_FLAGS = {
  ...SHARED,
  model: text('<dir or hub id>', { required: true }),
  corpus: text('<file>', { required: true }),
  from: number(count('from', 0)),
  to: number(count('to', 1)),
  shard: text('i/n'),
  'max-words': number(count('max-words', 1)),
  format: choice(ACTIVATION_FORMAT, { optional: true }),
  dtype: choice(STORAGE_DTYPE),
  'batch-size': number({ ...count('batch-size', 1), default: 32 }),
  out: text('shard.hdf5', { required: true }),
} as const satisfies FlagTable;

const MERGE_FLAGS = {
  format: choice(ACTIVATION_FORMAT, { optional: true }),
  dtype: choice(STORAGE_DTYPE, { optional: true }),
  out: text('merged.hdf5', { required: true }),
} as const satisfies FlagTable;

const COMMANDS = {
  run: { synopsis: 'salient run --model <dir or hub id> --corpus <train file> --task <…> --out result.json', flags: RUN_FLAGS, extra: '' },
  extract: { synopsis: 'salient extract --model <dir or hub id> --corpus <file> --out shard.hdf5', flags: EXTRACT_FLAGS, extra: '' },
  merge: { synopsis: 'salient merge --out merged.hdf5 <shard files…>', flags: MERGE_FLAGS, extra: ' <shard files…>' },
} as const;
type Command = keyof typeof COMMANDS;

const NOTES = `  Activation files are NeuroX's: HDF5 (.hdf5/.h5) or JSON lines (.json/.jsonl).
  extract writes sentences [--from, --to) (0-based, --to exclusive) or shard i of n
  (0-based, balanced by words); merge checks that the shards fit together and
  refuses gaps and overlaps. run reads --activations instead of extracting; with
  activations for every corpus it needs no --model. --task given more than once
  probes each property on one extraction and writes result.<task>.json for each
  and result.summary.json (top --top-percent % of each ordering per layer, mean
  layer, overlap of top neurons between properties). -h or --help after a command
  prints its usage.`;

function commandUsage(name: Command): string {
  const { synopsis, flags } = COMMANDS[name];
  const entries = flagUsage(flags);
  const lines: string[] = [];
  let line = '     ';
  for (const entry of entries) {
    if (line.length + entry.length > 100) {
      lines.push(line);
      line = '     ';
    }
    line += ` ${entry}`;
  }
  lines.push(line);
  const ranges = rangeNotes(flags);
  return `  ${synopsis}\n${lines.join('\n')}${ranges.length ? `\n      (${ranges.join('; ')})` : ''}`;
}

export const USAGE = `usage:\n${(Object.keys(COMMANDS) as Command[]).map(commandUsage).join('\n')}\n\n${NOTES}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!command || !(command in COMMANDS)) {
    process.stderr.write(`${command ? `unknown command "${command}"\n` : ''}${USAGE}\n`);
    return command ? 2 : 0;
  }
  const name = command as Command;
  try {
    return await { run, extract, merge }[name](rest);
  } catch (error) {
    if (error instanceof UsageError) {
      log(`${error.message}\n\nusage:\n${commandUsage(name)}\n\n${NOTES}`);
      return 2;
    }
    throw error;
  }

  /** Usage on stdout for --help (exit 0). */
  function help(): number {
    process.stdout.write(`usage:\n${commandUsage(name)}\n\n${NOTES}\n`);
    return 0;
  }

  async function run(args: string[]): Promise<number> {
    const { help: wanted, values } = readFlags(RUN_FLAGS, args);
    if (wanted) return help();
    const activations = { train: values.activations, dev: values['dev-activations'], test: values['test-activations'] };
    const extracting = !activations.train || (values.dev && !activations.dev) || (values.test && !activations.test);
    if (extracting && !values.model) throw new UsageError('missing --model');
    checkWritable(values.out, '--out');
    if (values['neurox-ranking']) checkWritable(values['neurox-ranking'], '--neurox-ranking');
    const common = {
      model: values.model,
      corpus: values.corpus,
      dev: values.dev,
      test: values.test,
      columns: list(values.columns),
      labels: values.labels,
      aggregation: values.aggregation,
      lambda1: values.l1!,
      lambda2: values.l2!,
      epochs: values.epochs!,
      maxTrainTokens: values['max-train-tokens'],
      minLabelCount: values['min-label-count'],
      seed: values.seed!,
      l1Mode: values['l1-mode'],
      seeds: values.seeds!,
      ranker: values.ranker,
      apThreshold: values['ap-threshold']!,
      out: values.out,
      hubHost: values['hub-host'],
      device: values.device,
      activations,
      neuroxRanking: values['neurox-ranking'],
      log,
    };
    const tasks = values.task;
    if (tasks.length === 1) await runLca({ ...common, task: tasks[0] });
    else await runProperties({ ...common, tasks, topPercent: values['top-percent'] });
    return 0;
  }

  async function extract(args: string[]): Promise<number> {
    const { help: wanted, values } = readFlags(EXTRACT_FLAGS, args);
    if (wanted) return help();
    let shard: { index: number; count: number } | undefined;
    if (values.shard) {
      const m = /^(\d+)\/(\d+)$/.exec(values.shard);
      if (!m) throw new UsageError('--shard takes i/n, e.g. --shard 0/8 (0-based)');
      if (values.from !== undefined || values.to !== undefined) throw new UsageError('give either --shard or --from/--to');
      shard = { index: Number(m[1]), count: Number(m[2]) };
    }
    const format = activationFormat(values.out, values.format);
    checkWritable(values.out, '--out');
    await extractShard({
      model: values.model,
      corpus: values.corpus,
      columns: list(values.columns),
      from: values.from,
      to: values.to,
      shard,
      maxWords: values['max-words'],
      aggregation: values.aggregation,
      format,
      dtype: values.dtype,
      batchSize: values['batch-size'],
      device: values.device,
      hubHost: values['hub-host'],
      out: values.out,
      log,
    });
    return 0;
  }

  async function merge(args: string[]): Promise<number> {
    const { help: wanted, values, positionals } = readFlags(MERGE_FLAGS, args, { positionals: true });
    if (wanted) return help();
    if (positionals.length === 0) throw new UsageError('merge needs the shard files');
    const format = activationFormat(values.out, values.format);
    checkWritable(values.out, '--out');
    await mergeShards({ shards: positionals, out: values.out, format, dtype: values.dtype, log });
    return 0;
  }
}

const list = (v: string | undefined) => v?.split(',').map((c) => c.trim());
