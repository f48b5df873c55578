/**
 * Where extraction runs in Node: onnxruntime-node on the CPU, or its CUDA
 * execution provider when its libraries are installed (npm rebuild
 * onnxruntime-node --onnxruntime-node-install=cuda12 on a GPU node).
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { loadModel, type LoadedModel } from '../core/model/loadModel';
import type { OrtApi } from '../core/model/ort';
import type { ModelSource } from '../core/model/sources';
import type { Device } from '../core/options';


export const nodeOrt = ortNode as unknown as OrtApi;

/** True when onnxruntime-node's CUDA provider library is on disk (it is not bundled with the package). */
export function cudaInstalled(): boolean {
  const bin = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin');
  if (!existsSync(bin)) return false;
  return readdirSync(bin).some((napi) => existsSync(join(bin, napi, process.platform, process.arch, 'libonnxruntime_providers_cuda.so')));
}

/** Loads the model on `device`; `auto` takes CUDA when installed and usable, the CPU otherwise. */
export async function loadNodeModel(source: ModelSource, device: Device, log: (line: string) => void): Promise<LoadedModel> {
  const cuda = device === 'cuda' || (device === 'auto' && cudaInstalled());
  if (cuda) {
    try {
      const model = await loadModel(source, nodeOrt, { sessionOptions: { executionProviders: ['cuda'] } });
      log('extracting on the GPU (CUDA execution provider)');
      return model;
    } catch (error) {
      if (device === 'cuda') throw error;
      log(`CUDA execution provider not usable (${(error as Error).message}); extracting on the CPU`);
    }
  }
  return loadModel(source, nodeOrt, { sessionOptions: { executionProviders: ['cpu'] } });
}
