/**
 * A curated decoder's size, known before anything is listed or downloaded: parameters and the full-precision ONNX
 * weights (the hub listing gives exact sizes once it answers). Sizes are parameters × 4 bytes, plus the untied copy
 * of the embeddings the GPT-2 exports keep for the LM head; Qwen2.5-0.5B's model.onnx is listed at 1.99 GB.
 */
export interface DecoderFacts {
  params: string;
  layers: number;
  hidden: number;
  mlp: number;
  fp32Bytes: number;
}

const MB = 1024 ** 2;

/** Models a researcher can pick without typing: Hugging Face repos with transformers.js ONNX exports. */
export const CURATED_MODELS: readonly { id: string; note: string; decoder?: DecoderFacts }[] = [
  { id: 'Xenova/bert-base-cased', note: 'BERT base, cased (12 layers × 768)' },
  { id: 'Xenova/bert-base-uncased', note: 'BERT base, uncased (12 × 768)' },
  { id: 'Xenova/distilbert-base-uncased', note: 'DistilBERT (6 × 768)' },
  { id: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english', note: 'DistilBERT fine-tuned on SST-2 sentiment' },
  { id: 'Xenova/roberta-base', note: 'RoBERTa base (12 × 768)' },
  { id: 'Xenova/xlm-roberta-base', note: 'XLM-RoBERTa base, 100 languages (12 × 768)' },
  { id: 'Xenova/bert-base-multilingual-cased', note: 'multilingual BERT (12 × 768)' },
  { id: 'Xenova/all-MiniLM-L6-v2', note: 'MiniLM sentence encoder (6 × 384)' },
  // Decoders: GPT-2 family (GELU MLP, 4 × hidden), Llama family (SiLU(gate)·up MLP, grouped-query attention).
  { id: 'Xenova/gpt2', note: 'GPT-2 small, decoder (12 × 768, MLP 3,072)', decoder: { params: '124M', layers: 12, hidden: 768, mlp: 3072, fp32Bytes: 623 * MB } },
  { id: 'Xenova/distilgpt2', note: 'distilgpt2, decoder (6 × 768, MLP 3,072)', decoder: { params: '82M', layers: 6, hidden: 768, mlp: 3072, fp32Bytes: 460 * MB } },
  { id: 'HuggingFaceTB/SmolLM2-135M-Instruct', note: 'SmolLM2-135M, decoder (30 × 576, MLP 1,536)', decoder: { params: '135M', layers: 30, hidden: 576, mlp: 1536, fp32Bytes: 515 * MB } },
  { id: 'HuggingFaceTB/SmolLM2-360M-Instruct', note: 'SmolLM2-360M, decoder (32 × 960, MLP 2,560)', decoder: { params: '362M', layers: 32, hidden: 960, mlp: 2560, fp32Bytes: 1380 * MB } },
  { id: 'onnx-community/Qwen2.5-0.5B-Instruct', note: 'Qwen2.5-0.5B, decoder (24 × 896, MLP 4,864)', decoder: { params: '494M', layers: 24, hidden: 896, mlp: 4864, fp32Bytes: 1990 * MB } },
];

export const DEFAULT_HUB_HOST = 'https://huggingface.co';

const HUB_HOST_KEY = 'salient.hubHost';

/**
 * `?hub=<url>` points the app at a hub mirror (tests use a local stand-in). A link can carry it,
 * so a host from the URL is only used once the user confirms it (see isTrustedHubHost).
 */
export function initialHubHost(): string {
  const fromUrl = new URLSearchParams(location.search).get('hub');
  if (fromUrl) return fromUrl.replace(/\/+$/, '');
  return localStorage.getItem(HUB_HOST_KEY) ?? DEFAULT_HUB_HOST;
}

/** huggingface.co, or a host this browser's user typed or confirmed before. */
export function isTrustedHubHost(host: string): boolean {
  return host === DEFAULT_HUB_HOST || host === localStorage.getItem(HUB_HOST_KEY);
}

export function trustHubHost(host: string): void {
  localStorage.setItem(HUB_HOST_KEY, host);
}

export { formatBytes } from '../core/model/fit';
