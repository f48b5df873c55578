/**
 * Activation files on disk (Node edge of src/core/interop): HDF5 read through
 * h5wasm straight from the disk file (h5wasmDisk.ts), JSON lines streamed.
 * Files are written under a `.partial` name and renamed when complete, so a
 * failed job never leaves a file that looks finished.
 */
import { closeSync, createReadStream, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { corpusHash, type Corpus } from '../core/corpus';
import { activationWriter, formatOfFile, hdf5ActivationReader, importActivations, jsonActivationReader, textLines, type ActivationFileReader, type ActivationFileWriter, type WriterOptions } from '../core/interop';
import type { MemoryActivationStore } from '../core/store/activationStore';
import { memoryStore } from '../core/run';
import { attachDiskFile, nodeH5 } from './h5wasmDisk';
import { ACTIVATION_FORMAT, parseOption, type ActivationFormat } from '../core/options';

/** The format of `path`, from `explicit` or its extension. */
export function activationFormat(path: string, explicit?: string): ActivationFormat {
  if (explicit !== undefined) return parseOption(ACTIVATION_FORMAT, explicit);
  const format = formatOfFile(path);
  if (!format) throw new Error(`${basename(path)}: name activation files .hdf5/.h5 or .json/.jsonl (or give --format)`);
  return format;
}

export async function openActivationFile(path: string): Promise<ActivationFileReader> {
  if (!existsSync(path)) throw new Error(`activation file not found: ${path}`);
  const format = activationFormat(path);
  if (format === 'hdf5') {
    const attached = await attachDiskFile(path);
    try {
      const reader = hdf5ActivationReader(await nodeH5(), attached.path, basename(path));
      return { ...reader, close: () => (reader.close(), attached.detach()) };
    } catch (error) {
      attached.detach();
      throw error;
    }
  }
  return jsonActivationReader(textLines(createReadStream(path)), basename(path));
}

/** A file writer; `abort()` closes and deletes the unfinished file. */
export function createActivationFile(path: string, format: ActivationFormat, options: WriterOptions): ActivationFileWriter & { abort(): void } {
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let open = true;
  const closeFile = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const writer = activationWriter(format, {
    write(bytes) {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    },
    patch(offset, bytes) {
      writeSync(fd, bytes, 0, bytes.length, offset);
    },
  }, options);
  return {
    write: (sentence, words) => writer.write(sentence, words),
    close() {
      try {
        writer.close();
      } finally {
        closeFile();
      }
      renameSync(partial, path);
    },
    abort() {
      closeFile();
      rmSync(partial, { force: true });
    },
  };
}

/** An activation file read into memory (as stored in the file: float16 stays float16), checked against its corpus. */
/** `prefix`: `corpus` is the start of `whole`, the corpus the file was extracted from (a capped training set). */
export async function loadActivationFile(path: string, corpus: Corpus, options: { prefix?: boolean; whole?: Corpus } = {}): Promise<MemoryActivationStore> {
  const reader = await openActivationFile(path);
  try {
    const { store } = await importActivations(reader, corpus, {
      corpusHash: corpusHash(corpus),
      prefix: options.prefix,
      whole: options.whole,
      createStore: memoryStore,
    });
    return store as MemoryActivationStore;
  } finally {
    reader.close();
  }
}
