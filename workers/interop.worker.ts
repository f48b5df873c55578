/**
 * The interop worker: NeuroX activation files into the browser's stores (a run
 * on them needs no model) and stored activations out as NeuroX files, off the UI
 * thread. HDF5 files are read in place through h5wasm's WORKERFS (random access
 * to the File, never copied whole into the WASM heap); JSON lines are streamed.
 */
import * as Comlink from 'comlink';
import h5wasm from 'h5wasm';
import { corpusHash, countWords, readCorpusFile, requireSentences, type Corpus } from '../src/core/corpus';
import { activationWriter, exportActivations, fileMetaFor, formatOfFile, hdf5ActivationReader, importActivations, jsonActivationReader, memorySink, textLines, type ActivationFileReader } from '../src/core/interop';
import type { CorpusRef } from '../src/core/run/types';
import { activationKeyString } from '../src/core/store/activationStore';
import type { SplitName } from '../src/core/tasks';
import { createIdbStore, findIdbStore } from '../src/storage/idbActivationStore';
import { getCorpus, saveCorpus } from '../src/storage/runStore';
import type { ImportedActivations, ImportFiles, ImportRequest, InteropApi } from './protocol';
import type { ActivationFormat, Aggregation, StorageDType } from '../src/core/options';

const api = {
  async importActivations(files: ImportFiles, request: ImportRequest = {}, onProgress?: (done: number, total: number) => void): Promise<ImportedActivations> {
    const corpus = await readCorpus(files, request.labelColumn);
    const hash = corpusHash(corpus, { includeColumns: true });
    const reader = await openReader(files.activations);
    try {
      const { store } = await importActivations(reader, corpus, { corpusHash: hash, dtype: request.dtype, createStore: createIdbStore, onProgress: onProgress && throttled(onProgress) });
      await saveCorpus(hash, corpus);
      const { meta } = store;
      return {
        corpus: { split: request.split ?? 'train', name: corpus.name, hash, sentences: corpus.sentences.length, words: countWords(corpus) },
        columns: corpus.columns,
        activationId: activationKeyString(meta),
        layers: meta.layers,
        hidden: meta.hidden,
        model: meta.model,
        aggregation: meta.aggregation,
        dtype: meta.dtype,
      };
    } finally {
      reader.close();
    }
  },

  /** Stored activations (by id) of a stored corpus (by hash) as a NeuroX file. */
  async exportActivations(activationId: string, corpusHashValue: string, format: ActivationFormat, dtype?: StorageDType): Promise<Blob> {
    const store = await findIdbStore(activationId);
    if (!store) throw new Error('these activations are no longer stored in this browser');
    const corpus = await getCorpus(corpusHashValue);
    if (!corpus) throw new Error('the corpus of these activations is no longer stored in this browser');
    const sink = memorySink();
    const written = dtype ?? store.meta.dtype;
    const writer = activationWriter(format, sink, { dtype: written, meta: fileMetaFor(store.meta, corpus, written) });
    await exportActivations(store, corpus.sentences.map((s) => s.words), writer);
    return new Blob(sink.parts, { type: format === 'hdf5' ? 'application/x-hdf5' : 'application/json' });
  },
} satisfies InteropApi;

/** The sentences the activations belong to; an empty file is refused naming it. */
async function readCorpus(files: ImportFiles, labelColumn?: string): Promise<Corpus> {
  return requireSentences(await readAnyCorpus(files, labelColumn));
}

async function readAnyCorpus(files: ImportFiles, labelColumn?: string): Promise<Corpus> {
  const file = { name: files.words.name, text: await files.words.text() };
  const labels = files.labels ? [{ name: files.labels.name, text: await files.labels.text() }] : [];
  return readCorpusFile({ file, labels, labelColumn, sentences: true, wordsOnly: true });
}

let mounts = 0;

async function openReader(file: File): Promise<ActivationFileReader> {
  const format = formatOfFile(file.name);
  if (format === 'json') return jsonActivationReader(textLines(chunks(file.stream())), file.name);
  if (format !== 'hdf5') throw new Error(`${file.name}: NeuroX activation files end in .json/.jsonl or .hdf5/.h5`);
  const Module = await h5wasm.ready;
  const FS = Module.FS as unknown as WorkerFs;
  const dir = `/import-${++mounts}`;
  FS.mkdir(dir);
  FS.mount(FS.filesystems.WORKERFS, { files: [file] }, dir);
  const reader = hdf5ActivationReader({ File: h5wasm.File, Module }, `${dir}/${file.name}`, file.name);
  return {
    ...reader,
    close() {
      reader.close();
      FS.unmount(dir);
      FS.rmdir(dir);
    },
  };
}

/** Emscripten's file system, as far as mounting a File goes. */
interface WorkerFs {
  mkdir(path: string): void;
  rmdir(path: string): void;
  mount(type: unknown, options: { files: File[] }, path: string): void;
  unmount(path: string): void;
  filesystems: { WORKERFS: unknown };
}

/** At most ~10 progress messages a second (and always the last), not one per sentence. */
function throttled(report: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    void report(done, total);
  };
}

async function* chunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}

Comlink.expose(api);
