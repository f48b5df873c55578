/**
 * Property-based fuzzing of every parser and decoder that reads what strangers send (issue 10):
 * CoNLL-U, columns, NeuroX parallel files, corpus drops, JSON lines, HDF5 files, share links and
 * routes. For any input, each one must, within a time bound and without allocating more than its
 * input justifies, either parse or throw the project's own error type naming the file and line.
 *
 * The run in `npm test` is short; `SALIENT_FUZZ_RUNS=5000 npx vitest run tests/fuzz` (or
 * `npm run fuzz`) runs longer. `SALIENT_FUZZ_SEED` replays a failing seed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorpusParseError, parseColumns, parseConllu, parseCorpusFiles, parseParallel, type Corpus } from '../../src/core/corpus';
import { MAX_FEATS_KEYS } from '../../src/core/corpus/conllu';
import { ACTIVATION_LIMITS, ActivationFileError, activationWriter, importActivations, jsonActivationReader, memorySink, textLines, type ActivationFileMeta } from '../../src/core/interop';
import { decodeSummary, encodeSummary, formatRoute, parseRoute, ShareLinkError } from '../../src/core/share';
import { MemoryActivationStore, type ActivationMeta } from '../../src/core/store/activationStore';
import { openActivationFile } from '../../src/node/activationFiles';
import { tempDir } from '../interop/helpers';

const RUNS = Number(process.env.SALIENT_FUZZ_RUNS ?? 150);
const SEED = process.env.SALIENT_FUZZ_SEED ? Number(process.env.SALIENT_FUZZ_SEED) : undefined;
const params = (scale = 1) => ({ numRuns: Math.max(5, Math.round(RUNS * scale)), seed: SEED });
/** Per input; generous, as the suite shares two cores with other work. Quadratic cases took seconds on 150 KB. */
const TIME_BOUND_MS = 3000;

/** Runs `parse`, timing it; it must return or throw `errorType`. */
async function bounded<T>(parse: () => T | Promise<T>, errorType: new (...args: never[]) => Error): Promise<{ value?: T; error?: Error }> {
  const started = performance.now();
  let outcome: { value?: T; error?: Error };
  try {
    outcome = { value: await parse() };
  } catch (error) {
    if (!(error instanceof errorType)) throw new Error(`threw ${(error as Error)?.name}: ${(error as Error)?.message} instead of ${errorType.name}`, { cause: error });
    outcome = { error };
  }
  const elapsed = performance.now() - started;
  expect(elapsed, 'time bound').toBeLessThan(TIME_BOUND_MS);
  return outcome;
}

/** Cells a parsed corpus holds: what parsing allocated, to compare with the input's size. */
function cells(corpus: Corpus): number {
  let n = 0;
  for (const s of corpus.sentences) n += s.words.length * (1 + Object.keys(s.columns).length);
  return n;
}

function expectPlace(error: CorpusParseError, file: string | string[], text: string) {
  expect([file].flat()).toContain(error.file);
  expect(error.line).toBeGreaterThanOrEqual(1);
  expect(error.line).toBeLessThanOrEqual(text.split(/\r\n|\r|\n/).length + 1);
  expect(error.column).toBeGreaterThanOrEqual(1);
  expect(error.message.startsWith(`${error.file}:${error.line}:${error.column}: `)).toBe(true);
}

// Text that looks like corpora: the characters their grammars care about, plus anything.
const corpusChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('\t', '\n', '\n', '\r', ' ', '_', '-', '.', '=', '|', '#', '1', '2', '3', '0', 'a', 'B', 'NOUN', 'Number=Sing') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\uFFFD', '\uFEFF', '\u0085', '\u2028') },
);
const corpusText = fc.array(corpusChar, { maxLength: 400 }).map((parts) => parts.join(''));
/** Token lines near the CoNLL-U grammar, so parsing gets deep, not just to the first error. */
const conlluLine = fc
  .tuple(
    fc.constantFrom('1', '2', '3', '1-2', '2.1', '0', 'x', '10'),
    fc.constantFrom('The', 'dog', '_', '', 'a b'),
    fc.constantFrom('_', 'NOUN', ''),
    fc.constantFrom('_', 'Number=Sing', 'Case=Nom|Number=Plur', 'A=1|A=2', 'Bad', 'K1=v|K2=v|K3=v'),
    fc.constantFrom('0', '1', '2', '_', '99', 'x'),
    fc.integer({ min: 8, max: 11 }),
  )
  .map(([id, form, upos, feats, head, n]) => [id, form, form, upos, '_', feats, head, 'dep', '_', '_', 'extra'].slice(0, n).join('\t'));
const conlluText = fc
  .array(fc.oneof(conlluLine, fc.constantFrom('', '# sent_id = 1', '# text = x')), { maxLength: 40 })
  .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol)));

describe('corpus parsers', () => {
  it('CoNLL-U: parses or throws CorpusParseError with file, line and column; output linear in the input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(conlluText, corpusText), async (text) => {
        const { value, error } = await bounded(() => parseConllu(text, 'f.conllu'), CorpusParseError);
        if (error) expectPlace(error as CorpusParseError, 'f.conllu', text);
        else expect(cells(value!)).toBeLessThanOrEqual((9 + MAX_FEATS_KEYS) * Math.max(1, text.length));
      }),
      params(),
    );
  });

  it('columns: parses or throws CorpusParseError with its place', async () => {
    await fc.assert(
      fc.asyncProperty(corpusText, fc.integer({ min: 1, max: 4 }), async (text, width) => {
        const names = ['word', 'pos', 'chunk', 'ner'].slice(0, width);
        const { value, error } = await bounded(() => parseColumns(text, 'f.txt', names), CorpusParseError);
        if (error) expectPlace(error as CorpusParseError, 'f.txt', text);
        else expect(cells(value!)).toBeLessThanOrEqual(width * Math.max(1, text.length));
      }),
      params(),
    );
  });

  it('NeuroX parallel files: parse or throw CorpusParseError naming one of the two files', async () => {
    await fc.assert(
      fc.asyncProperty(corpusText, corpusText, fc.boolean(), async (words, labels, sentenceLevel) => {
        const { error } = await bounded(() => parseParallel(words, labels, { words: 'w.word', labels: 'w.upos' }, { sentenceLevel }), CorpusParseError);
        if (error) expectPlace(error as CorpusParseError, ['w.word', 'w.upos'], (error as CorpusParseError).file === 'w.word' ? words : labels);
      }),
      params(),
    );
  });

  it('a drop of files: parses or throws an error that names a dropped file', async () => {
    const names = ['train.conllu', 'dev.conllu', 'x.txt', 'test.word', 'test.upos', 'a.in', 'a.label', 'x'];
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 4 }), fc.array(fc.oneof(conlluText, corpusText), { minLength: 4, maxLength: 4 }), async (picked, texts) => {
        const files = picked.map((name, i) => ({ name, text: texts[i] }));
        const started = performance.now();
        try {
          parseCorpusFiles(files, ['word', 'pos']);
        } catch (error) {
          // Errors about the drop as a whole (two train files) are plain Errors naming the files.
          expect(error).toBeInstanceOf(Error);
          expect(picked.some((name) => (error as Error).message.includes(name))).toBe(true);
        }
        expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
      }),
      params(),
    );
  });
});

// Activation files: a small corpus, and records built from NeuroX's shape with anything in its places.
const corpus: Corpus = { name: 'c.word', sentences: [{ words: ['a', 'b'], columns: {} }, { words: ['c'], columns: {} }], columns: [] };

/** Imports into a memory store, recording how many values the stores asked for. */
async function importCounting(reader: ReturnType<typeof jsonActivationReader>): Promise<number> {
  let values = 0;
  try {
    await importActivations(reader, corpus, {
      corpusHash: 'x',
      createStore: (meta: ActivationMeta) => {
        values += meta.layers * meta.rows * meta.hidden;
        return new MemoryActivationStore(meta);
      },
    });
  } finally {
    reader.close();
  }
  return values;
}

const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e39, -0, 0.5));
const anyJson = fc.jsonValue({ maxDepth: 2 });
const values = fc.oneof({ weight: 4, arbitrary: fc.array(number, { maxLength: 5 }) }, { weight: 1, arbitrary: anyJson });
const layer = fc.oneof({ weight: 4, arbitrary: fc.record({ index: fc.nat(3), values }) }, { weight: 1, arbitrary: anyJson });
const feature = fc.oneof({ weight: 4, arbitrary: fc.record({ token: fc.string({ maxLength: 4 }), layers: fc.array(layer, { maxLength: 3 }) }) }, { weight: 1, arbitrary: anyJson });
const record = fc.oneof({ weight: 6, arbitrary: fc.record({ linex_index: fc.oneof(fc.nat(3), anyJson), features: fc.oneof(fc.array(feature, { maxLength: 3 }), anyJson) }, { requiredKeys: [] }) }, { weight: 1, arbitrary: anyJson });
/** Lines: records as JSON (sometimes with NaN spelled out, or cut short), or junk. */
const jsonLines = fc
  .array(fc.oneof({ weight: 5, arbitrary: record.map((r) => JSON.stringify(r) ?? 'null') }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }), { maxLength: 4 })
  .chain((lines) => fc.nat(Math.max(0, lines.join('\n').length)).map((cut) => ({ text: lines.join('\n'), cut })));

describe('activation files', () => {
  it('JSON lines: import or throw ActivationFileError with file and line; stores sized by the corpus', async () => {
    await fc.assert(
      fc.asyncProperty(jsonLines, fc.boolean(), async ({ text, cut }, truncate) => {
        const input = truncate ? text.slice(0, cut) : text;
        const bytes = new TextEncoder().encode(input);
        const reader = jsonActivationReader(textLines((async function* () { for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7); })()), 'a.json');
        const { value, error } = await bounded(() => importCounting(reader), ActivationFileError);
        if (error) {
          expect((error as ActivationFileError).file).toBe('a.json');
          expect(error.message.startsWith('a.json')).toBe(true);
        } else {
          // 3 words of the corpus, each at most as wide as the input is long.
          expect(value!).toBeLessThanOrEqual(3 * input.length);
        }
      }),
      params(),
    );
  });

  it('HDF5: a file of ours with bytes changed anywhere reads or throws ActivationFileError, within the caps', async () => {
    const sink = memorySink();
    const meta: ActivationFileMeta = { format: 'salient-activations', version: 1, model: 'm', corpus: 'c.word', corpusHash: 'x', corpusSentences: 2, from: 0, to: 2, aggregation: 'last', dtype: 'float32', layers: 2, hidden: 3 };
    const writer = activationWriter('hdf5', sink, { dtype: 'float32', meta });
    writer.write({ index: 0, layers: 2, words: 2, hidden: 3, values: Float32Array.from({ length: 12 }, (_, i) => i) }, ['a', 'b']);
    writer.write({ index: 1, layers: 2, words: 1, hidden: 3, values: Float32Array.from({ length: 6 }, (_, i) => -i) }, ['c']);
    writer.close();
    const good = sink.bytes();
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { minLength: 1, maxLength: 6 }), async (edits) => {
        const bytes = good.slice();
        for (const [at, byte] of edits) bytes[at] = byte;
        const file = path.join(dir, `f${++n}.hdf5`);
        writeFileSync(file, bytes);
        const { error } = await bounded(async () => {
          const reader = await openActivationFile(file);
          try {
            await reader.meta();
            for await (const s of reader.sentences()) expect(s.layers * s.words * s.hidden * 4).toBeLessThanOrEqual(ACTIVATION_LIMITS.maxSentenceBytes);
          } finally {
            reader.close();
          }
        }, ActivationFileError);
        if (error) expect((error as ActivationFileError).file).toBe(path.basename(file));
      }),
      params(0.3),
    );
  });
});

describe('links', () => {
  it('share links: any payload decodes or throws ShareLinkError', async () => {
    const valid = await encodeSummary({ v: 1 } as never).catch(() => 'v1.');
    const payload = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), maxLength: 300 }).map((s) => `v1.${s}`),
      fc.tuple(fc.nat(valid.length), fc.string({ maxLength: 5 })).map(([at, s]) => valid.slice(0, at) + s + valid.slice(at + s.length)),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        await bounded(() => decodeSummary(p), ShareLinkError);
      }),
      params(),
    );
  });

  it('routes: any hash parses to a route or an invalid route with a reason, and valid routes round-trip', async () => {
    const segment = fc.oneof(fc.constantFrom('run', 'share', 'compare', 'layer', 'neuron', 'heatmap', 'accuracy', '0', '12', 'abc-1', 'v1.xyz'), fc.string({ maxLength: 8 }));
    const hash = fc.oneof(fc.string({ maxLength: 100 }), fc.array(segment, { maxLength: 7 }).map((parts) => `#/${parts.join('/')}`));
    await fc.assert(
      fc.asyncProperty(hash, async (h) => {
        const { value } = await bounded(() => parseRoute(h), Error);
        expect(value).toBeDefined();
        if (value!.kind === 'invalid') expect(value!.reason.length).toBeGreaterThan(0);
        else expect(parseRoute(formatRoute(value!))).toEqual(value);
      }),
      params(),
    );
  });
});
