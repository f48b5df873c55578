/**
 * Opens a model for extraction: reads config and tokenizer, patches the ONNX
 * graph so every layer's hidden state is an output, creates the session, and
 * checks with a one-word input that the taps have the shapes we expect.
 */
import { addGraphOutputs, ELEM_FLOAT, ELEM_FLOAT16, readOnnxGraph, OnnxFormatError, type OnnxGraph } from './onnxGraph';
import type { OrtApi, OrtSession, OrtSessionOptions } from './ort';
import { defaultOnnxFile, ModelSourceError, type ModelFileInfo, type ModelSource } from './sources';
import { findTaps, type Tap } from './taps';
import { createTokenizer, wordTokenizer, type WordTokenizer } from './tokenizer';

export interface ModelConfig {
  model_type?: string;
  hidden_size?: number;
  dim?: number;
  n_embd?: number;
  num_hidden_layers?: number;
  n_layers?: number;
  n_layer?: number;
  max_position_embeddings?: number;
  n_positions?: number;
  [key: string]: unknown;
}

export interface LoadedModel {
  id: string;
  config: ModelConfig;
  tokenizer: WordTokenizer;
  session: OrtSession;
  /** Hidden states (transformers' output_hidden_states): embeddings, each layer; a decoder's last is its final norm. */
  taps: Tap[];
  /** Per block, the MLP activation (input of the FFN output projection); empty when the graph has none we know. */
  mlpTaps: Tap[];
  tapFamily: string;
  hidden: number;
  /** MLP neurons per layer (intermediate size); 0 when `mlpTaps` is empty. */
  mlpWidth: number;
  /** Set for causal decoders: the empty past they are fed. */
  decoder?: DecoderInputs;
  /** Longest input, special tokens included. */
  maxTokens: number;
  inputNames: readonly string[];
  onnxFile: ModelFileInfo;
}

/** A decoder export with past key/values inputs gets them empty (past_sequence_length 0). */
export interface DecoderInputs {
  past: { name: string; type: 'float32' | 'float16' }[];
  kvHeads: number;
  headDim: number;
}

export interface LoadModelOptions {
  /** Which `onnx/*.onnx` file to use; defaults to full precision (see `defaultOnnxFile`). */
  onnxFile?: string;
  sessionOptions?: OrtSessionOptions;
  onProgress?: (stage: string, loaded: number, total: number) => void;
  /** Called with the weights' size (ONNX file + external data, as listed) before anything is downloaded: a message refuses the model. */
  refuseWeights?: (bytes: number) => string | undefined;
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
  const listedBytes = [onnxFile, ...externalDataFiles(onnxFile.path, files)].reduce((n, f) => n + (f.size ?? 0), 0);
  const refusal = options.refuseWeights?.(listedBytes);
  if (refusal) throw new ModelSourceError(refusal);
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
  if (graph.inputs.some((i) => i.name === 'use_cache_branch')) {
    throw new OnnxFormatError(
      `${onnxFile.path} is a merged decoder: its If branches hide every inner tensor, so no layer can be tapped. Pick the plain decoder (onnx/decoder_model.onnx or onnx/model.onnx).`,
    );
  }
  const { taps, mlp, family, decoder } = findTaps(graph);
  const elemType = graph.outputs.find((o) => o.elemType)?.elemType ?? ELEM_FLOAT;
  let patched: Uint8Array | undefined = addGraphOutputs(modelBytes, graph, [...taps, ...mlp].map((t) => t.tensor), elemType);
  modelBytes = undefined; // at BERT-base size every copy is 440 MB: only the patched one goes on to the runtime

  const externalData = await readExternalData(source, onnxFile.path, files);
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(patched, { ...options.sessionOptions, ...(externalData.length ? { externalData } : {}) });
  } catch (error) {
    throw new OnnxFormatError(`ONNX Runtime could not load ${onnxFile.path}: ${(error as Error).message}`);
  }
  patched = undefined; // the runtime holds its own copy now

  const hidden = Number(config.hidden_size ?? config.dim ?? config.n_embd);
  const layers = Number(config.num_hidden_layers ?? config.n_layers ?? config.n_layer);
  const model: LoadedModel = {
    id: source.id,
    config,
    tokenizer,
    session,
    taps,
    mlpTaps: mlp,
    tapFamily: family,
    hidden,
    mlpWidth: 0,
    decoder: decoder ? decoderInputs(graph, config, hidden) : undefined,
    maxTokens: maxTokens(config, tokenizerConfig, decoder),
    inputNames: session.inputNames,
    onnxFile: { path: onnxFile.path, size: onnxFile.size ?? modelSize },
  };
  await checkTaps(model, ort, layers);
  return model;
}

/** Weights stored beside the graph (`model.onnx_data`), which exports use past 2 GB. */
function externalDataFiles(onnxPath: string, files: ModelFileInfo[]): ModelFileInfo[] {
  return files.filter((f) => f.path === `${onnxPath}_data` || f.path === `${onnxPath}.data` || f.path.startsWith(`${onnxPath}_data_`));
}

async function readExternalData(source: ModelSource, onnxPath: string, files: ModelFileInfo[]) {
  const candidates = externalDataFiles(onnxPath, files);
  const result: { path: string; data: Uint8Array }[] = [];
  for (const file of candidates) {
    const data = await source.readFile(file.path);
    if (data) result.push({ path: file.path.slice(file.path.lastIndexOf('/') + 1), data });
  }
  return result;
}

/** Past key/value inputs, fed empty: [batch, kv heads, 0, head dim], kv heads from the config (grouped-query attention included). */
function decoderInputs(graph: OnnxGraph, config: ModelConfig, hidden: number): DecoderInputs {
  const heads = Number(config.num_attention_heads ?? config.n_head);
  const kvHeads = Number(config.num_key_value_heads ?? heads);
  const headDim = Number(config.head_dim ?? hidden / heads);
  const past = graph.inputs
    .filter((i) => /^past_key_values\.\d+\.(key|value)$/.test(i.name))
    .map((i) => ({ name: i.name, type: i.elemType === ELEM_FLOAT16 ? ('float16' as const) : ('float32' as const) }));
  if (past.length && !(Number.isInteger(kvHeads) && kvHeads > 0 && Number.isInteger(headDim) && headDim > 0)) {
    throw new OnnxFormatError(`config.json gives no usable head counts for the past key/values (num_attention_heads ${heads}, num_key_value_heads ${kvHeads}, head_dim ${headDim})`);
  }
  return { past, kvHeads, headDim };
}

function maxTokens(config: ModelConfig, tokenizerConfig: Record<string, unknown>, decoder: boolean): number {
  // Decoders have no fixed window, but position embeddings (learned or RoPE-trained) stop at max_position_embeddings.
  if (decoder) return Number(config.max_position_embeddings ?? config.n_positions ?? 2048);
  // RoBERTa-family position ids start after the padding index, so two positions are unusable.
  const offset = ['roberta', 'xlm-roberta', 'camembert', 'longformer'].includes(String(config.model_type)) ? 2 : 0;
  const positions = Number(config.max_position_embeddings ?? 512) - offset;
  const declared = Number(tokenizerConfig.model_max_length);
  return Number.isFinite(declared) && declared > 0 && declared < positions ? declared : positions;
}

/** One tiny forward pass: every tap must be [1, tokens, hidden], and there must be layers + 1 of them; MLP taps one width. */
async function checkTaps(model: LoadedModel, ort: OrtApi, layers: number): Promise<void> {
  const ids = [...model.tokenizer.prefix, ...model.tokenizer.pieces('a', true), ...model.tokenizer.suffix];
  const fetches = [...model.taps, ...model.mlpTaps].map((t) => t.tensor);
  const outputs = await model.session.run(buildInputs(model, ort, [ids], ids.length), fetches);
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
  // MLP neurons are optional: a graph whose FFN we cannot read cleanly offers layer outputs only.
  const mlpDims = model.mlpTaps.map((t) => outputs[t.tensor]?.dims ?? []);
  const width = mlpDims[0]?.[2] ?? 0;
  const consistent = mlpDims.every((d) => d.length === 3 && d[1] === ids.length && d[2] === width) && width > 0;
  model.mlpWidth = consistent ? width : 0;
  if (!consistent) model.mlpTaps = [];
  for (const tensor of Object.values(outputs)) tensor.dispose?.();
}

/**
 * Feeds for right-padded rows of ids: input_ids, attention_mask, token_type_ids
 * (zeros), position_ids (0… per row, padded slots 1, as transformers.js makes
 * them) and, for decoders, empty past key/values.
 */
export function buildInputs(model: Pick<LoadedModel, 'inputNames' | 'tokenizer' | 'decoder'>, ort: OrtApi, rows: readonly (readonly number[])[], length: number) {
  const size = rows.length * length;
  const ids = new BigInt64Array(size).fill(BigInt(model.tokenizer.padId));
  const mask = new BigInt64Array(size);
  const positions = new BigInt64Array(size).fill(1n);
  rows.forEach((row, r) => {
    for (let t = 0; t < row.length; t++) {
      ids[r * length + t] = BigInt(row[t]);
      mask[r * length + t] = 1n;
      positions[r * length + t] = BigInt(t);
    }
  });
  const dims = [rows.length, length];
  const past = new Map(model.decoder?.past.map((p) => [p.name, p.type]));
  const feeds: Record<string, InstanceType<OrtApi['Tensor']>> = {};
  for (const name of model.inputNames) {
    if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', ids, dims);
    else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, dims);
    else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', new BigInt64Array(size), dims);
    else if (name === 'position_ids') feeds[name] = new ort.Tensor('int64', positions, dims);
    else if (past.has(name) && model.decoder) {
      const type = past.get(name)!;
      const emptyDims = [rows.length, model.decoder.kvHeads, 0, model.decoder.headDim];
      feeds[name] = type === 'float16' ? new ort.Tensor('float16', new Uint16Array(0), emptyDims) : new ort.Tensor('float32', new Float32Array(0), emptyDims);
    } else throw new OnnxFormatError(`the model expects an input "${name}" that Salient does not know how to fill`);
  }
  return feeds;
}
