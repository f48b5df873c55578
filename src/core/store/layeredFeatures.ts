/**
 * The probe's view of stored activations: one row per word, the columns of all
 * layers side by side (layer-major: column = layer × hidden + neuron). Rows are
 * decoded from float16 per batch, so no float32 copy of the whole matrix exists.
 */
import type { FeatureMatrix } from '../probe/features';
import { decodeHalf, halfToFloat } from './float16';

export class LayeredFeatureMatrix implements FeatureMatrix {
  readonly dims: number;
  readonly copyHalfRow?: (row: number, out: Uint16Array, offset: number, first?: number, count?: number) => void;

  constructor(
    private readonly layers: readonly (Uint16Array | Float32Array)[],
    readonly rows: number,
    private readonly hidden: number,
  ) {
    this.dims = layers.length * hidden;
    for (const layer of layers) if (layer.length < rows * hidden) throw new Error(`a layer holds ${layer.length} values, expected ${rows} × ${hidden}`);
    if (layers.every((layer) => layer instanceof Uint16Array)) {
      this.copyHalfRow = (row, out, offset, first = 0, count = this.dims - first) => {
        // The layers the columns [first, first + count) cross, each its overlapping part.
        for (let l = Math.floor(first / hidden); l * hidden < first + count; l++) {
          const lo = Math.max(first, l * hidden);
          const hi = Math.min(first + count, (l + 1) * hidden);
          out.set(layers[l].subarray(row * hidden + lo - l * hidden, row * hidden + hi - l * hidden), offset + lo - first);
        }
      };
    }
  }

  readRows(start: number, count: number, out: Float32Array): void {
    if (start < 0 || start + count > this.rows) throw new RangeError(`rows ${start}..${start + count} outside 0..${this.rows}`);
    const { hidden, dims } = this;
    this.layers.forEach((layer, l) => {
      for (let r = 0; r < count; r++) {
        const from = (start + r) * hidden;
        const to = r * dims + l * hidden;
        if (layer instanceof Float32Array) out.set(layer.subarray(from, from + hidden), to);
        else decodeHalf(layer.subarray(from, from + hidden), out.subarray(to, to + hidden));
      }
    });
  }

  /** One neuron's value in every row (global index: layer × hidden + unit). */
  neuronValues(neuron: number): Float32Array {
    const layer = this.layers[Math.floor(neuron / this.hidden)];
    const unit = neuron % this.hidden;
    const out = new Float32Array(this.rows);
    for (let r = 0; r < this.rows; r++) {
      const v = layer[r * this.hidden + unit];
      out[r] = layer instanceof Float32Array ? v : halfToFloat(v);
    }
    return out;
  }
}
