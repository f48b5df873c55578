/** Models a researcher can pick without typing: Hugging Face repos with transformers.js ONNX exports. */
export const CURATED_MODELS = [
  { id: 'Xenova/bert-base-cased', note: 'BERT base, cased (12 layers × 768)' },
  { id: 'Xenova/bert-base-uncased', note: 'BERT base, uncased (12 × 768)' },
  { id: 'Xenova/distilbert-base-uncased', note: 'DistilBERT (6 × 768)' },
  { id: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english', note: 'DistilBERT fine-tuned on SST-2 sentiment' },
  { id: 'Xenova/roberta-base', note: 'RoBERTa base (12 × 768)' },
  { id: 'Xenova/xlm-roberta-base', note: 'XLM-RoBERTa base, 100 languages (12 × 768)' },
  { id: 'Xenova/bert-base-multilingual-cased', note: 'multilingual BERT (12 × 768)' },
  { id: 'Xenova/all-MiniLM-L6-v2', note: 'MiniLM sentence encoder (6 × 384)' },
] as const;

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

export function formatBytes(bytes: number): string {
  if (!bytes) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  return `${(bytes / 1024 ** i).toFixed(i ? 1 : 0)} ${units[i]}`;
}
