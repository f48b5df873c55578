/**
 * h5wasm in Node reading files on disk in place. We use the same ESM build as
 * the browser worker: h5wasm's Node build (NODERAWFS) costs ~600 MB of resident
 * memory just to load, the ESM build ~40 MB. Its file system is Emscripten's
 * in-memory one, so a disk file is attached as a read-only node whose reads go
 * to the file through `fs.readSync` (as WORKERFS does for a browser File): the
 * HDF5 library reads only what it needs and nothing is copied whole.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import h5wasm from 'h5wasm';
import type { H5Lib } from '../core/interop';

/** The slice of Emscripten's FS used to attach a file. */
interface EmscriptenFs {
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  lookupPath(path: string): { node: object };
  createNode(parent: object, name: string, mode: number, rdev: number): DiskNode;
  ErrnoError: new (errno: number) => Error;
}

interface DiskNode {
  size: number;
  node_ops: object;
  stream_ops: object;
}

interface Stream {
  position: number;
  node: DiskNode;
}

const S_IFREG_READONLY = 0o100444;
const EINVAL = 28;
let h5: Promise<H5Lib> | undefined;
let mounts = 0;

export function nodeH5(): Promise<H5Lib> {
  h5 ??= h5wasm.ready.then((Module) => ({ File: h5wasm.File, Module }));
  return h5;
}

/** Makes `path` readable by h5wasm; returns its path inside h5wasm's FS and a function that detaches it. */
export async function attachDiskFile(path: string): Promise<{ path: string; detach(): void }> {
  const { Module } = await nodeH5();
  const FS = Module.FS as unknown as EmscriptenFs;
  const fd = openSync(path, 'r');
  const stat = fstatSync(fd);
  const dir = `/disk-${++mounts}`;
  FS.mkdir(dir);
  const node = FS.createNode(FS.lookupPath(dir).node, 'file.h5', S_IFREG_READONLY, 0);
  node.size = stat.size;
  node.node_ops = {
    getattr: () => ({
      dev: 1, ino: mounts, mode: S_IFREG_READONLY, nlink: 1, uid: 0, gid: 0, rdev: 0, size: stat.size,
      atime: stat.atime, mtime: stat.mtime, ctime: stat.ctime, blksize: 4096, blocks: Math.ceil(stat.size / 4096),
    }),
    setattr: () => {},
  };
  node.stream_ops = {
    read: (stream: Stream, buffer: Int8Array, offset: number, length: number, position: number) =>
      position >= stat.size ? 0 : readSync(fd, buffer, offset, Math.min(length, stat.size - position), position),
    llseek: (stream: Stream, offset: number, whence: number) => {
      const position = offset + (whence === 1 ? stream.position : whence === 2 ? stat.size : 0);
      if (position < 0) throw new FS.ErrnoError(EINVAL);
      return position;
    },
  };
  return {
    path: `${dir}/file.h5`,
    detach() {
      closeSync(fd);
      FS.unlink(`${dir}/file.h5`);
      FS.rmdir(dir);
    },
  };
}
