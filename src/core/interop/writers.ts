/** Picks the writer for a format: both take the same sentences and the same options. */
import { concatBytes } from '../util/bytes';
import { hdf5ActivationWriter } from './neuroxHdf5';
import { jsonActivationWriter } from './neuroxJson';
import type { ActivationFileMeta, ActivationFileWriter, ByteSink } from './types';
import type { ActivationFormat, StorageDType } from '../options';

export interface WriterOptions {
  /** Precision written: HDF5 datasets are float16 or float32; JSON values are rounded to it. */
  dtype: StorageDType;
  /** Salient's metadata (shards carry it so that `merge` can check them). */
  meta?: ActivationFileMeta;
}

export function activationWriter(format: ActivationFormat, sink: ByteSink, options: WriterOptions): ActivationFileWriter {
  return format === 'hdf5' ? hdf5ActivationWriter(sink, options) : jsonActivationWriter(sink, options);
}

/** A sink that keeps the bytes in memory as parts (for a Blob in the browser, or tests). */
export function memorySink(): ByteSink & { parts: Uint8Array<ArrayBuffer>[]; bytes(): Uint8Array } {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  return {
    parts,
    write(bytes) {
      parts.push(bytes.slice()); // writers may hand out views of buffers they reuse
    },
    patch(offset, bytes) {
      let at = 0;
      for (const part of parts) {
        const start = Math.max(offset, at);
        const end = Math.min(offset + bytes.length, at + part.length);
        if (start < end) part.set(bytes.subarray(start - offset, end - offset), start - at);
        at += part.length;
      }
    },
    bytes() {
      return concatBytes(parts);
    },
  };
}
