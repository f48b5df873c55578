/**
 * NeuroX HDF5 activation files: a dataset per sentence named by its index ("0",
 * "1", …) shaped [layers, words, hidden] (float32, or float16 on request), and
 * `sentence_to_index`, one string holding a JSON map from the sentence text (words
 * joined by single spaces) to the dataset name. Written by our streaming writer
 * (hdf5Writer.ts); read through h5wasm, the HDF5 C library compiled to WASM,
 * which the caller passes in (`h5wasm/node` on disk, `h5wasm` in a worker).
 */
import type * as H5 from 'h5wasm';
import { decodeHalf, encodeHalf } from '../store/float16';
import { Hdf5Writer } from './hdf5Writer';
import { ActivationFileError, checkShapeLimits, parseFileMeta, preview, type ActivationFileMeta, type ActivationFileReader, type ActivationFileWriter, type ByteSink, type ShapeCheck } from './types';
import type { StorageDType } from '../options';

export const SENTENCE_TO_INDEX = 'sentence_to_index';
const META_ATTRIBUTE = 'salient';

export function hdf5ActivationWriter(sink: ByteSink, options: { dtype: StorageDType; meta?: ActivationFileMeta }): ActivationFileWriter {
  const writer = new Hdf5Writer((bytes) => sink.write(bytes));
  const sentenceToIndex = new Map<string, string>();
  return {
    write(sentence, words) {
      const { layers, words: n, hidden, values } = sentence;
      writer.floatDataset(String(sentence.index), [layers, n, hidden], inDtype(values, options.dtype));
      // As NeuroX's writer: a repeated sentence gets " (Occurrence k)" so that every index stays in the map.
      const text = words.join(' ');
      let key = text;
      for (let k = 2; sentenceToIndex.has(key); k++) key = `${text} (Occurrence ${k})`;
      sentenceToIndex.set(key, String(sentence.index));
    },
    close() {
      writer.stringDataset(SENTENCE_TO_INDEX, orderedJson(sentenceToIndex));
      if (options.meta) writer.rootAttribute(META_ATTRIBUTE, JSON.stringify(options.meta));
      sink.patch(0, writer.close());
    },
  };
}

function inDtype(values: Float32Array | Uint16Array, dtype: StorageDType): Float32Array | Uint16Array {
  if (dtype === 'float16') return values instanceof Uint16Array ? values : encodeHalf(values);
  return values instanceof Uint16Array ? decodeHalf(values) : values;
}

/**
 * A flat string map as JSON, in insertion order and ASCII-only like Python's
 * `json.dumps` (JSON.stringify of an object would move integer-like keys first).
 */
function orderedJson(map: Map<string, string>): string {
  const ascii = (s: string) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `{${[...map].map(([k, v]) => `${ascii(k)}: ${ascii(v)}`).join(', ')}}`;
}

/** The entries of a flat JSON object of strings, in file order (NeuroX iterates `sentence_to_index` in that order). */
export function orderedEntries(json: string, file: string): [string, string][] {
  const entries: [string, string][] = [];
  const pair = /\s*("(?:[^"\\]|\\.)*")\s*:\s*("(?:[^"\\]|\\.)*")\s*(,|\})/gy;
  const body = json.trim();
  if (!body.startsWith('{')) throw new ActivationFileError(file, `${file}: ${SENTENCE_TO_INDEX} is not a JSON object`);
  pair.lastIndex = 1;
  if (/^\{\s*\}$/.test(body)) return entries;
  for (;;) {
    const m = pair.exec(body);
    const at = pair.lastIndex;
    if (!m) throw new ActivationFileError(file, `${file}: ${SENTENCE_TO_INDEX} is not a JSON map of strings (at character ${at})`);
    try {
      entries.push([JSON.parse(m[1]), JSON.parse(m[2])]);
    } catch (error) {
      // Found by fuzzing: a raw control character inside a key matches the pattern but is not JSON.
      throw new ActivationFileError(file, `${file}: ${SENTENCE_TO_INDEX} holds a string that is not valid JSON near character ${at} (${(error as Error).message})`);
    }
    if (m[3] === '}') return entries;
  }
}

/** What we need of h5wasm: its File class and the ready module (for raw reads of float16). */
export interface H5Lib {
  File: typeof H5.File;
  Module: typeof H5.Module;
}

export function hdf5ActivationReader(lib: H5Lib, path: string, file = path): ActivationFileReader {
  let h5: H5.File;
  try {
    h5 = new lib.File(path, 'r');
  } catch (error) {
    throw new ActivationFileError(file, `${file} is not a readable HDF5 file (${(error as Error).message})`);
  }
  if (h5.file_id < 0n) throw new ActivationFileError(file, `${file} is not a readable HDF5 file`);
  return {
    file,
    async meta() {
      const raw = guard(file, file, () => (h5.attrs[META_ATTRIBUTE] ? String(h5.attrs[META_ATTRIBUTE].value) : undefined));
      return raw === undefined ? undefined : parseFileMeta(raw, file);
    },
    async *sentences(check?: ShapeCheck) {
      const map = guard(file, file, () => h5.get(SENTENCE_TO_INDEX));
      if (!isDataset(map)) throw new ActivationFileError(file, `${file} has no "${SENTENCE_TO_INDEX}" dataset: not a NeuroX activation file`);
      const json = guard(file, file, () => {
        if (map.metadata.type !== 3 /* string */ || map.metadata.total_size > 1) throw new ActivationFileError(file, `${file}: "${SENTENCE_TO_INDEX}" is not one string`);
        const value = map.value;
        return Array.isArray(value) ? value[0] : value;
      });
      let position = 0;
      for (const [key, name] of orderedEntries(String(json), file)) {
        const text = key.replace(/ \(Occurrence \d+\)$/, '');
        const where = `${file}: sentence ${name} ("${preview(text)}")`;
        const dataset = guard(file, where, () => h5.get(name));
        if (!isDataset(dataset)) throw new ActivationFileError(file, `${where} is in ${SENTENCE_TO_INDEX} but the file has no dataset "${name}"`);
        const shape = guard(file, where, () => dataset.shape ?? []);
        if (shape.length !== 3) throw new ActivationFileError(file, `${where} has shape [${shape.join(', ')}], expected [layers, words, hidden]`);
        const [layers, words, hidden] = shape;
        const index = /^\d+$/.test(name) ? Number(name) : position;
        position++;
        // The declared shape is checked before a byte is allocated: a 26 KB file can declare gigabytes.
        const declared = { index, layers, words, hidden, where };
        checkShapeLimits(file, declared);
        check?.(declared);
        const values = guard(file, where, () => readFloats(lib, dataset, where, layers * words * hidden, file));
        yield { index, tokens: text.split(' '), layers, words, hidden, values };
      }
    },
    close() {
      h5.close();
    },
  };
}

/** HDF5's own refusals (a damaged header, an unknown type) become errors naming the file and sentence. */
function guard<T>(file: string, where: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ActivationFileError) throw error;
    throw new ActivationFileError(file, `${where}: HDF5 cannot read it (${(error as Error)?.message ?? String(error)}); the file may be damaged`);
  }
}

function isDataset(entity: unknown): entity is H5.Dataset {
  return Boolean(entity) && typeof entity === 'object' && 'shape' in (entity as object) && 'metadata' in (entity as object);
}

/** The dataset's values: float16 kept as bits; float32 as is; float64 narrowed. `count` is the checked shape's size. */
function readFloats(lib: H5Lib, dataset: H5.Dataset, where: string, count: number, file: string): Float32Array | Uint16Array {
  const { type, size, total_size: total } = dataset.metadata;
  if (type !== 1 || ![2, 4, 8].includes(size)) throw new ActivationFileError(file, `${where} is not a float16/32/64 dataset (HDF5 class ${type}, ${size} bytes)`);
  if (total !== count) throw new ActivationFileError(file, `${where} holds ${total} values, its shape says ${count}`);
  const { Module } = lib;
  const bytes = size * count; // ≤ 2^32 after the shape checks; malloc takes a 32-bit size, so it is checked again
  if (bytes > 2 ** 31 - 1) throw new ActivationFileError(file, `${where} is too large to read (${bytes} bytes)`);
  const pointer = Module._malloc(Math.max(1, bytes));
  if (!pointer) throw new ActivationFileError(file, `${where}: not enough memory to read ${bytes} bytes`);
  try {
    // The raw bytes, little-endian: h5wasm's high-level reader has no float16 type.
    const status = Module.get_dataset_data(dataset.file_id, dataset.path, null, null, null, BigInt(pointer));
    if (status < 0) throw new ActivationFileError(file, `${where}: HDF5 read failed (${status})`);
    const copy = Module.HEAPU8.slice(pointer, pointer + bytes);
    const values = size === 2 ? new Uint16Array(copy.buffer) : size === 4 ? new Float32Array(copy.buffer) : Float32Array.from(new Float64Array(copy.buffer));
    const bad = firstNonFinite(values);
    if (bad >= 0) throw new ActivationFileError(file, `${where}: value ${bad + 1} is not a finite float32 (NaN, infinite or too large)`);
    return values;
  } finally {
    Module._free(pointer);
  }
}

/** Index of the first NaN/±Infinity (float16 bits: exponent all ones), or -1. */
function firstNonFinite(values: Float32Array | Uint16Array): number {
  if (values instanceof Uint16Array) {
    for (let i = 0; i < values.length; i++) if ((values[i] & 0x7c00) === 0x7c00) return i;
    return -1;
  }
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}
