/**
 * Floating-point work of an encoder's forward passes, for GFLOP/s beside words/s.
 * Per layer, each padded token costs the four attention projections (8·H²) and the
 * feed-forward block (4·H·F), and each query–key pair of a row costs QKᵀ and PV
 * summed over heads (4·H). Multiply–adds count as two operations; layer norms,
 * softmax and GELU are left out (a few percent).
 */
import type { ModelConfig } from '../model/loadModel';
import type { ExtractWork } from './extractor';

export function encoderFlops(config: ModelConfig, work: Pick<ExtractWork, 'paddedTokens' | 'attentionPairs'>): number {
  const hidden = Number(config.hidden_size ?? config.dim);
  const ffn = Number(config.intermediate_size ?? config.hidden_dim ?? 4 * hidden);
  const layers = Number(config.num_hidden_layers ?? config.n_layers);
  return layers * (work.paddedTokens * (8 * hidden * hidden + 4 * hidden * ffn) + work.attentionPairs * 4 * hidden);
}
