/**
 * NeuroX JSON activation files: one JSON object per line,
 * `{"linex_index": i, "features": [{"token": w, "layers": [{"index": l, "values": […]}, …]}, …]}`.
 * NeuroX rounds values to 8 decimals; we write the shortest decimal that reads
 * back as the same float32, so a round trip is exact.
 */
import { decodeHalf, floatToHalf, halfToFloat } from '../store/float16';
import type { ActivationFileMeta, ActivationFileReader, ActivationFileWriter, ByteSink, SentenceActivations } from './types';
import type { StorageDType } from '../options';

export function jsonActivationWriter(sink: ByteSink, options: { dtype: StorageDType; meta?: ActivationFileMeta }): ActivationFileWriter {
  const encoder = new TextEncoder();
  let first = true;
  return {
    write(sentence, words) {
      sink.write(encoder.encode(`${jsonLine(sentence, words, options.dtype, first ? options.meta : undefined)}\n`));
      first = false;
    },
    close() {},
  };
}

/** One sentence as a NeuroX JSON line (no newline); `meta` rides along as an extra key NeuroX ignores. */
export function jsonLine(sentence: SentenceActivations, words: readonly string[], dtype: StorageDType, meta?: ActivationFileMeta): string {
  const { layers, words: n, hidden } = sentence;
  const values = sentence.values instanceof Uint16Array ? decodeHalf(sentence.values) : sentence.values;
  const half = dtype === 'float16' && !(sentence.values instanceof Uint16Array);
  const features: string[] = [];
  for (let w = 0; w < n; w++) {
    const perLayer: string[] = [];
    for (let l = 0; l < layers; l++) {
      const base = (l * n + w) * hidden;
      const text = new Array<string>(hidden);
      for (let h = 0; h < hidden; h++) {
        const v = values[base + h];
        text[h] = float32Text(half ? halfToFloat(floatToHalf(v)) : v, sentence.index);
      }
      perLayer.push(`{"index": ${l}, "values": [${text.join(', ')}]}`);
    }
    features.push(`{"token": ${JSON.stringify(words[w] ?? '')}, "layers": [${perLayer.join(', ')}]}`);
  }
  const extra = meta ? `, "salient": ${JSON.stringify(meta)}` : '';
  return `{"linex_index": ${sentence.index}, "features": [${features.join(', ')}]${extra}}`;
}

/** The shortest decimal that parses back to the float32 `v`. */
export function float32Text(v: number, sentence = -1): string {
  if (!Number.isFinite(v)) throw new Error(`sentence ${sentence}: activation ${v} cannot be written as JSON`);
  for (let digits = 6; digits < 9; digits++) {
    const shorter = Number(v.toPrecision(digits));
    if (Math.fround(shorter) === v) return String(shorter);
  }
  return String(Number(v.toPrecision(9))); // 9 significant digits always identify a float32
}

/** Reads NeuroX JSON lines; values are kept as float32. */
export function jsonActivationReader(lines: AsyncIterable<string>, file: string): ActivationFileReader {
  const iterator = lines[Symbol.asyncIterator]();
  let lineNo = 0;
  let peeked: { record: Record<string, unknown>; lineNo: number } | undefined;
  let started = false;

  const next = async (): Promise<{ record: Record<string, unknown>; lineNo: number } | undefined> => {
    if (peeked) {
      const p = peeked;
      peeked = undefined;
      return p;
    }
    for (;;) {
      const r = await iterator.next();
      if (r.done) return undefined;
      lineNo++;
      if (r.value.trim()) return { record: parseObject(r.value, file, lineNo), lineNo };
    }
  };

  return {
    file,
    async meta() {
      if (started) throw new Error('meta() must be read before the sentences');
      peeked ??= await next();
      return peeked?.record.salient as ActivationFileMeta | undefined;
    },
    async *sentences() {
      started = true;
      for (let item = await next(); item; item = await next()) yield parseJsonSentence(item.record, file, item.lineNo);
    },
    close() {
      void iterator.return?.();
    },
  };
}

interface JsonFeature {
  token?: unknown;
  layers?: { index?: number; values?: unknown }[];
}

function parseObject(line: string, file: string, lineNo: number): Record<string, unknown> {
  try {
    const parsed = JSON.parse(line);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch (error) {
    throw new Error(`${file}:${lineNo}: not valid JSON (${(error as Error).message})`);
  }
  throw new Error(`${file}:${lineNo}: expected a JSON object with "linex_index" and "features"`);
}

/** Checks one line's shape; every word must have the same layers and width as the first. */
export function parseJsonSentence(record: Record<string, unknown>, file: string, lineNo: number): SentenceActivations {
  const index = typeof record.linex_index === 'number' ? record.linex_index : lineNo - 1;
  const where = `${file}:${lineNo}: sentence ${index}`;
  const features = record.features as JsonFeature[] | undefined;
  if (!Array.isArray(features) || features.length === 0) throw new Error(`${where} has no "features" (one entry per word)`);
  const first = features[0].layers;
  if (!Array.isArray(first) || first.length === 0 || !Array.isArray(first[0].values)) throw new Error(`${where}: word 1 has no "layers" with "values"`);
  const layers = first.length;
  const hidden = (first[0].values as unknown[]).length;
  const words = features.length;
  const values = new Float32Array(layers * words * hidden);
  features.forEach((feature, w) => {
    const token = typeof feature.token === 'string' ? ` ("${feature.token}")` : '';
    if (!Array.isArray(feature.layers) || feature.layers.length !== layers) {
      throw new Error(`${where}: word ${w + 1}${token} has ${feature.layers?.length ?? 0} layers, word 1 has ${layers}`);
    }
    feature.layers.forEach((layer, l) => {
      const v = layer.values;
      if (!Array.isArray(v) || v.length !== hidden) throw new Error(`${where}: word ${w + 1}${token}, layer ${l} has ${Array.isArray(v) ? v.length : 0} values, expected ${hidden}`);
      values.set(v as number[], (l * words + w) * hidden);
    });
  });
  const tokens = features.map((f) => (typeof f.token === 'string' ? f.token : ''));
  return { index, tokens, layers, words, hidden, values };
}

/** Splits a byte stream into lines (UTF-8; \n or \r\n). */
export async function* textLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of chunks) {
    rest += decoder.decode(chunk, { stream: true });
    let at = rest.indexOf('\n');
    let start = 0;
    while (at >= 0) {
      yield rest.slice(start, at > start && rest.charCodeAt(at - 1) === 13 ? at - 1 : at);
      start = at + 1;
      at = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest) yield rest;
}
