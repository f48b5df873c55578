import { describe, expect, it } from 'vitest';
import { activationBytes, availableLayers, describeNeuron, formatLayerSelection, gridKey, layerNumberOf, neuronGrid, parseLayerSelection, rowName, rowShortName, selectLayers } from './neurons';

const tap = (layer: number) => ({ layer, tensor: `t${layer}`, scope: `s${layer}` });
const model = { taps: [0, 1, 2, 3, 4].map(tap), mlpTaps: [0, 1, 2, 3].map(tap), hidden: 64, mlpWidth: 256 };

describe('layer selection', () => {
  it('outputs are layers 0…L (0 = embeddings), MLP layers 1…L', () => {
    expect(availableLayers('outputs', 4)).toEqual([0, 1, 2, 3, 4]);
    expect(availableLayers('mlp', 4)).toEqual([1, 2, 3, 4]);
  });

  it('every k-th from the first in range, always keeping the last; ranges are inclusive', () => {
    const layers = availableLayers('outputs', 24);
    expect(selectLayers(layers, { every: 4 })).toEqual([0, 4, 8, 12, 16, 20, 24]);
    expect(selectLayers(layers, { every: 5 })).toEqual([0, 5, 10, 15, 20, 24]);
    expect(selectLayers(layers, { from: 6, to: 9 })).toEqual([6, 7, 8, 9]);
    expect(selectLayers(availableLayers('mlp', 24), { from: 1, to: 24, every: 8 })).toEqual([1, 9, 17, 24]);
    expect(selectLayers(layers, { from: 30, to: 40 })).toEqual([]);
  });

  it('parses and prints what the CLI and the run panel accept', () => {
    expect(parseLayerSelection('all')).toEqual({});
    expect(parseLayerSelection('every:3')).toEqual({ every: 3 });
    expect(parseLayerSelection('4-12/2')).toEqual({ from: 4, to: 12, every: 2 });
    expect(formatLayerSelection({ from: 4, to: 12, every: 2 })).toBe('4-12/2');
    expect(() => parseLayerSelection('odd')).toThrow(/not a layer selection/);
  });
});

describe('grids', () => {
  it('picks taps by model layer number and keys a store only when it is not every layer', () => {
    const mlp = neuronGrid(model, 'mlp', { from: 2, to: 3 });
    expect(mlp.taps.map((t) => t.tensor)).toEqual(['t1', 't2']);
    expect([mlp.width, mlp.layerNumbers]).toEqual([256, [2, 3]]);
    expect(gridKey(mlp, 4)).toEqual({ neurons: 'mlp', layerNumbers: [2, 3] });
    expect(gridKey(neuronGrid(model, 'mlp'), 4)).toEqual({ neurons: 'mlp' });
    expect(gridKey(neuronGrid(model, 'outputs'), 4)).toEqual({});
    expect(() => neuronGrid({ ...model, mlpTaps: [] }, 'mlp')).toThrow(/no MLP neurons/);
    expect(() => neuronGrid(model, 'outputs', { from: 9, to: 10 })).toThrow(/keeps no output layer/);
  });

  it('estimates storage as words × layers × width × bytes, summed over kinds', () => {
    // Qwen2.5-0.5B on 150,000 words: 25 × 896 outputs + 24 × 4,864 MLP neurons, float16.
    const bytes = activationBytes(150_000, [{ width: 896, layerNumbers: availableLayers('outputs', 24) }, { width: 4864, layerNumbers: availableLayers('mlp', 24) }], 2);
    expect(bytes).toBe(150_000 * (25 * 896 + 24 * 4864) * 2);
  });
});

describe('labels', () => {
  it('names rows and neurons by kind and model layer', () => {
    expect([rowName({}, 0), rowName({}, 3), rowShortName({}, 0), rowShortName({}, 2)]).toEqual(['embeddings', 'layer 3', 'emb', 'L2']);
    expect([rowName({ neurons: 'mlp' }, 0), rowShortName({ neurons: 'mlp' }, 0)]).toEqual(['layer 1 MLP', 'M1']);
    expect(rowName({ neurons: 'mlp', layerNumbers: [4, 8] }, 1)).toBe('layer 8 MLP');
    expect(describeNeuron({ neurons: 'mlp' }, 2, 17)).toBe('MLP neuron 17 of layer 3');
    expect(describeNeuron({ layerNumbers: [0, 6] }, 0, 5)).toBe('neuron 5 of the embeddings');
    expect(layerNumberOf({ layerNumbers: [0, 6] }, 1)).toBe(6);
  });
});
