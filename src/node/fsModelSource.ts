/** A model folder on the local file system (Node: CLI, tests, benchmarks). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ModelSource } from '../core/model/sources';

export function fsModelSource(dir: string): ModelSource {
  const root = resolve(dir);
  return {
    id: `local/${basename(root)}`,
    origin: root,
    async listOnnxFiles() {
      const onnxDir = join(root, 'onnx');
      if (!existsSync(onnxDir)) return [];
      return readdirSync(onnxDir)
        .filter((name) => /\.onnx(_data)?$/.test(name))
        .map((name) => ({ path: `onnx/${name}`, size: statSync(join(onnxDir, name)).size }));
    },
    async readFile(path) {
      const file = join(root, path);
      return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
    },
  };
}
