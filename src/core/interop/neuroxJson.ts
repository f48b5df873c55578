/**
 * NeuroX JSON activation files: one JSON object per line,
 * `{"linex_index": i, "features": [{"token": w, "layers": [{"index": l, "values": […]}, …]}, …]}`.
 * NeuroX rounds values to 8 decimals; we write the shortest decimal that reads
 * back as the same float32, so a round trip is exact.
 */
import { decodeHalf, floatToHalf, halfToFloat } from '../store/float16';
import { ACTIVATION_LIMITS, ActivationFileError, checkShapeLimits, parseFileMeta, preview, type ActivationFileMeta, type ActivationFileReader, type ActivationFileWriter, type ByteSink, type SentenceActivations, type ShapeCheck } from './types';
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
      let r: IteratorResult<string>;
      try {
        r = await iterator.next();
      } catch (error) {
        if (error instanceof LineTooLong) throw new ActivationFileError(file, `${file}:${lineNo + 1}: ${error.message}`, lineNo + 1);
        throw error;
      }
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
      const raw = peeked?.record.salient;
      return raw === undefined ? undefined : parseFileMeta(raw, `${file}:${peeked!.lineNo}`);
    },
    async *sentences(check?: ShapeCheck) {
      started = true;
      for (let item = await next(); item; item = await next()) yield parseJsonSentence(item.record, file, item.lineNo, check);
    },
    close() {
      void iterator.return?.();
    },
  };
}

function parseObject(line: string, file: string, lineNo: number): Record<string, unknown> {
  try {
    const parsed = JSON.parse(line);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch (error) {
    throw new ActivationFileError(file, `${file}:${lineNo}: not valid JSON (${(error as Error).message})`, lineNo);
  }
  throw new ActivationFileError(file, `${file}:${lineNo}: expected a JSON object with "linex_index" and "features"`, lineNo);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks one line's whole shape before allocating anything: every word must have the same
 * layers and width as the first, the shape must pass ACTIVATION_LIMITS and `check`; then every
 * value must be a finite number.
 */
export function parseJsonSentence(record: Record<string, unknown>, file: string, lineNo: number, check?: ShapeCheck): SentenceActivations {
  const index = typeof record.linex_index === 'number' && Number.isSafeInteger(record.linex_index) ? record.linex_index : lineNo - 1;
  const where = `${file}:${lineNo}: sentence ${index}`;
  const fail = (detail: string): never => {
    throw new ActivationFileError(file, `${where}${detail}`, lineNo);
  };
  const features = record.features;
  if (!Array.isArray(features) || features.length === 0) fail(' has no "features" (one entry per word)');
  const words = (features as unknown[]).length;
  const layerLists: unknown[][][] = [];
  let layers = 0;
  let hidden = 0;
  (features as unknown[]).forEach((feature, w) => {
    const token = isObject(feature) && typeof feature.token === 'string' ? ` ("${preview(feature.token)}")` : '';
    const word = `: word ${w + 1}${token}`;
    if (!isObject(feature)) fail(`${word} is ${JSON.stringify(feature)?.slice(0, 20)}, expected an object with "token" and "layers"`);
    const list = (feature as Record<string, unknown>).layers;
    if (!Array.isArray(list) || list.length === 0) fail(`${word} has no "layers" with "values"`);
    if (w === 0) layers = (list as unknown[]).length;
    else if ((list as unknown[]).length !== layers) fail(`${word} has ${(list as unknown[]).length} layers, word 1 has ${layers}`);
    layerLists.push(
      (list as unknown[]).map((layer, l) => {
        const v = isObject(layer) ? layer.values : undefined;
        if (!Array.isArray(v)) fail(`${word}, layer ${l} has no "values" list`);
        if (w === 0 && l === 0) hidden = (v as unknown[]).length;
        else if ((v as unknown[]).length !== hidden) fail(`${word}, layer ${l} has ${(v as unknown[]).length} values, expected ${hidden}`);
        return v as unknown[];
      }),
    );
  });
  const shape = { index, layers, words, hidden, where, line: lineNo };
  checkShapeLimits(file, shape);
  check?.(shape);
  const values = new Float32Array(layers * words * hidden);
  layerLists.forEach((perLayer, w) =>
    perLayer.forEach((list, l) => {
      const base = (l * words + w) * hidden;
      for (let h = 0; h < hidden; h++) {
        const v = list[h];
        if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 3.4028234663852886e38) {
          fail(`: word ${w + 1}, layer ${l}, value ${h + 1} is ${JSON.stringify(v)?.slice(0, 30) ?? String(v)}${typeof v === 'number' ? ' (too large for float32)' : ''}, expected a finite number`);
        }
        values[base + h] = v as number;
      }
    }),
  );
  const tokens = (features as Record<string, unknown>[]).map((f) => (typeof f.token === 'string' ? f.token : ''));
  return { index, tokens, layers, words, hidden, values };
}

/** A line past ACTIVATION_LIMITS.maxJsonLine (the reader names the file and line). */
class LineTooLong extends Error {}

/**
 * Splits a byte stream into lines (UTF-8; \n or \r\n). Linear in the input: a long line is
 * gathered in pieces and joined once, never rescanned; one longer than `maxLine` is refused.
 */
export async function* textLines(chunks: AsyncIterable<Uint8Array>, maxLine: number = ACTIVATION_LIMITS.maxJsonLine): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pieces: string[] = [];
  let pending = 0;
  const line = (tail: string): string => {
    const whole = pieces.length ? pieces.join('') + tail : tail;
    pieces = [];
    pending = 0;
    return whole.charCodeAt(whole.length - 1) === 13 ? whole.slice(0, -1) : whole;
  };
  const keep = (rest: string) => {
    if (!rest) return;
    pending += rest.length;
    if (pending > maxLine) throw new LineTooLong(`line is longer than ${maxLine.toLocaleString('en-US')} characters`);
    pieces.push(rest);
  };
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', start)) {
      if (pending + at - start > maxLine) keep(text.slice(start, at));
      yield line(text.slice(start, at));
      start = at + 1;
    }
    keep(text.slice(start));
  }
  keep(decoder.decode());
  if (pieces.length) yield line('');
}
