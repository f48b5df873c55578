/**
 * Opens a model for extraction: reads config and tokenizer, patches the ONNX
 * graph so every layer's hidden state is an output, creates the session, and
 * checks with a one-word input that the taps have the shapes we expect.
 */
import { addGraphOutputs, ELEM_FLOAT, readOnnxGraph, OnnxFormatError } from './onnxGraph';
import type { OrtApi, OrtSession, OrtSessionOptions } from './ort';
import { defaultOnnxFile, ModelSourceError, type ModelFileInfo, type ModelSource } from './sources';
import { findTaps, type Tap } from './taps';
import { createTokenizer, wordTokenizer, type WordTokenizer } from './tokenizer';

export interface ModelConfig {
  model_type?: string;
  hidden_size?: number;
  dim?: number;
  num_hidden_layers?: number;
  n_layers?: number;
  max_position_embeddings?: number;
  [key: string]: unknown;
}

export interface LoadedModel {
  id: string;
  config: ModelConfig;
  tokenizer: WordTokenizer;
  session: OrtSession;
  taps: Tap[];
  tapFamily: string;
  hidden: number;
  /** Longest input, special tokens included. */
  maxTokens: number;
  inputNames: readonly string[];
  onnxFile: ModelFileInfo;
}

export interface LoadModelOptions {
  /** Which `onnx/*.onnx` file to use; defaults to full precision (see `defaultOnnxFile`). */
  onnxFile?: string;
  sessionOptions?: OrtSessionOptions;
  onProgress?: (stage: string, loaded: number, total: number) => void;
}

async function readJson(source: ModelSource, path: string, required: boolean, hint: string): Promise<Record<string, unknown> | undefined> {
  const bytes = await source.readFile(path);
  if (!bytes) {
    if (required) throw new ModelSourceError(`${source.origin} has no ${path}. ${hint}`);
    return undefined;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelSourceError(`${source.origin}/${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function loadModel(source: ModelSource, ort: OrtApi, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const folderHint = 'A model folder needs config.json, tokenizer.json and onnx/model.onnx (the transformers.js layout, e.g. from optimum-cli export onnx).';
  // Listing first: for a hub id that does not exist this is where "not found" comes from.
  const files = await source.listOnnxFiles();
  const config = (await readJson(source, 'config.json', true, folderHint)) as ModelConfig;
  const tokenizerJson = await readJson(source, 'tokenizer.json', true, `${folderHint} Only fast tokenizers (tokenizer.json) are supported.`);
  const tokenizerConfig = (await readJson(source, 'tokenizer_config.json', false, '')) ?? {};
  const tokenizer = wordTokenizer(createTokenizer(tokenizerJson, tokenizerConfig));

  const onnxFile = options.onnxFile ? files.find((f) => f.path === options.onnxFile) ?? { path: options.onnxFile } : defaultOnnxFile(files);
  if (!onnxFile) throw new ModelSourceError(`${source.origin} has no ONNX file under onnx/. ${folderHint}`);
  let modelBytes = await source.readFile(onnxFile.path, (loaded, total) => options.onProgress?.('download', loaded, total));
  if (!modelBytes) throw new ModelSourceError(`${source.origin} has no ${onnxFile.path}. ${folderHint}`);
  const modelSize = modelBytes.length;

  let graph;
  try {
    graph = readOnnxGraph(modelBytes);
  } catch (error) {
    if (error instanceof OnnxFormatError) throw new OnnxFormatError(`${onnxFile.path} is not a usable ONNX model: ${error.message}`);
    throw error;
  }
  const { taps, family } = findTaps(graph);
  const elemType = graph.outputs.find((o) => o.elemType)?.elemType ?? ELEM_FLOAT;
  let patched: Uint8Array | undefined = addGraphOutputs(modelBytes, graph, taps.map((t) => t.tensor), elemType);
  modelBytes = undefined; // at BERT-base size every copy is 440 MB: only the patched one goes on to the runtime

  const externalData = await readExternalData(source, onnxFile.path, files);
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(patched, { ...options.sessionOptions, ...(externalData.length ? { externalData } : {}) });
  } catch (error) {
    throw new OnnxFormatError(`ONNX Runtime could not load ${onnxFile.path}: ${(error as Error).message}`);
  }
  patched = undefined; // the runtime holds its own copy now

  const hidden = Number(config.hidden_size ?? config.dim);
  const layers = Number(config.num_hidden_layers ?? config.n_layers);
  const model: LoadedModel = {
    id: source.id,
    config,
    tokenizer,
    session,
    taps,
    tapFamily: family,
    hidden,
    maxTokens: maxTokens(config, tokenizerConfig),
    inputNames: session.inputNames,
    onnxFile: { path: onnxFile.path, size: onnxFile.size ?? modelSize },
  };
  await checkTaps(model, ort, layers);
  return model;
}

/** Weights stored beside the graph (`model.onnx_data`), which exports use past 2 GB. */
async function readExternalData(source: ModelSource, onnxPath: string, files: ModelFileInfo[]) {
  const candidates = files.filter((f) => f.path === `${onnxPath}_data` || f.path === `${onnxPath}.data` || f.path.startsWith(`${onnxPath}_data_`));
  const result: { path: string; data: Uint8Array }[] = [];
  for (const file of candidates) {
    const data = await source.readFile(file.path);
    if (data) result.push({ path: file.path.slice(file.path.lastIndexOf('/') + 1), data });
  }
  return result;
}

function maxTokens(config: ModelConfig, tokenizerConfig: Record<string, unknown>): number {
  // RoBERTa-family position ids start after the padding index, so two positions are unusable.
  const offset = ['roberta', 'xlm-roberta', 'camembert', 'longformer'].includes(String(config.model_type)) ? 2 : 0;
  const positions = Number(config.max_position_embeddings ?? 512) - offset;
  const declared = Number(tokenizerConfig.model_max_length);
  return Number.isFinite(declared) && declared > 0 && declared < positions ? declared : positions;
}

/** One tiny forward pass: every tap must be [1, tokens, hidden], and there must be layers + 1 of them. */
async function checkTaps(model: LoadedModel, ort: OrtApi, layers: number): Promise<void> {
  const ids = [...model.tokenizer.prefix, ...model.tokenizer.pieces('a', true), ...model.tokenizer.suffix];
  const outputs = await model.session.run(buildInputs(model, ort, [ids], ids.length), model.taps.map((t) => t.tensor));
  for (const tap of model.taps) {
    const dims = outputs[tap.tensor]?.dims ?? [];
    if (dims.length !== 3 || dims[1] !== ids.length || (Number.isFinite(model.hidden) && dims[2] !== model.hidden)) {
      throw new OnnxFormatError(`layer ${tap.layer} (${tap.scope}) has shape [${dims.join(', ')}], expected [1, ${ids.length}, ${model.hidden}]`);
    }
  }
  if (!Number.isFinite(model.hidden)) model.hidden = outputs[model.taps[0].tensor].dims[2];
  if (Number.isFinite(layers) && model.taps.length !== layers + 1) {
    throw new OnnxFormatError(`found ${model.taps.length} hidden states but config.json says ${layers} layers (+1 for the embeddings)`);
  }
}

/** input_ids / attention_mask / token_type_ids for right-padded rows of ids. */
export function buildInputs(model: Pick<LoadedModel, 'inputNames' | 'tokenizer'>, ort: OrtApi, rows: readonly (readonly number[])[], length: number) {
  const size = rows.length * length;
  const ids = new BigInt64Array(size).fill(BigInt(model.tokenizer.padId));
  const mask = new BigInt64Array(size);
  rows.forEach((row, r) => {
    for (let t = 0; t < row.length; t++) {
      ids[r * length + t] = BigInt(row[t]);
      mask[r * length + t] = 1n;
    }
  });
  const dims = [rows.length, length];
  const feeds: Record<string, InstanceType<OrtApi['Tensor']>> = {};
  for (const name of model.inputNames) {
    if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', ids, dims);
    else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, dims);
    else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', new BigInt64Array(size), dims);
    else throw new OnnxFormatError(`the model expects an input "${name}" that Salient does not know how to fill`);
  }
  return feeds;
}
