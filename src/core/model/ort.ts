/**
 * The slice of the ONNX Runtime API we use. onnxruntime-web (browser, and Node
 * via WASM) and onnxruntime-node both satisfy it, so the engine has one code
 * path and the caller picks the runtime.
 */
export interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
  getData?(): Promise<unknown>;
  dispose?(): void;
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>, fetches?: readonly string[]): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface OrtSessionOptions {
  executionProviders?: string[];
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  externalData?: { path: string; data: Uint8Array }[];
  intraOpNumThreads?: number;
  preferredOutputLocation?: string;
}

export interface OrtApi {
  InferenceSession: { create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtSession> };
  Tensor: new (type: 'int64' | 'float32' | 'float16', data: BigInt64Array | Float32Array | Uint16Array, dims: readonly number[]) => OrtTensor;
}
