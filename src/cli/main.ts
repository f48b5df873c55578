/** The `salient` command line: the same core as the app, in Node. */
import { parseArgs } from 'node:util';
import { runLca } from './run';

const USAGE = `usage:
  salient run --model <dir or hub id> --corpus <train file> [--dev <file>] [--test <file>]
              --task <column | FEATS key | suffix:k | regex:… | words:a,b> [--columns word,pos,chunk,ner]
              [--labels <label file for .word corpora>] [--aggregation last|first|average]
              [--l1 1e-5] [--l2 1e-5] [--epochs 10] [--max-train-tokens N] [--min-label-count N]
              [--seed 1] [--hub-host https://huggingface.co] --out result.json`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'run') {
    process.stderr.write(`${command ? `unknown command "${command}"\n` : ''}${USAGE}\n`);
    return command ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      model: { type: 'string' }, corpus: { type: 'string' }, dev: { type: 'string' }, test: { type: 'string' },
      columns: { type: 'string' }, labels: { type: 'string' }, task: { type: 'string' }, aggregation: { type: 'string', default: 'last' },
      l1: { type: 'string', default: '1e-5' }, l2: { type: 'string', default: '1e-5' }, epochs: { type: 'string', default: '10' },
      'max-train-tokens': { type: 'string' }, 'min-label-count': { type: 'string' }, seed: { type: 'string', default: '1' },
      'hub-host': { type: 'string' }, out: { type: 'string', default: 'result.json' },
    },
  });
  for (const required of ['model', 'corpus', 'task'] as const) {
    if (!values[required]) {
      process.stderr.write(`missing --${required}\n${USAGE}\n`);
      return 2;
    }
  }
  if (!['first', 'last', 'average'].includes(values.aggregation!)) {
    process.stderr.write(`--aggregation must be first, last or average\n`);
    return 2;
  }
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  await runLca({
    model: values.model!,
    corpus: values.corpus!,
    dev: values.dev,
    test: values.test,
    columns: values.columns?.split(',').map((c) => c.trim()),
    labels: values.labels,
    task: values.task!,
    aggregation: values.aggregation as 'first' | 'last' | 'average',
    l1: Number(values.l1),
    l2: Number(values.l2),
    epochs: Number(values.epochs),
    maxTrainTokens: number(values['max-train-tokens']),
    minLabelCount: number(values['min-label-count']),
    seed: Number(values.seed),
    out: values.out!,
    hubHost: values['hub-host'],
    log: (line) => process.stderr.write(`${line}\n`),
  });
  return 0;
}
