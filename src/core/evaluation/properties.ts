/**
 * Several properties probed on one model: where each property's top neurons sit
 * (share per layer and mean layer) and how much the properties' top neurons overlap.
 * Every property keeps the same share of neurons (top `percent`% of its own ordering),
 * so properties with many and few classes compare on equal terms.
 */
import { countForPercent, layerHistogram } from '../ranking/select';
import type { LcaResult } from './types';

/** The default share of each property's ordering counted as its top neurons. */
export const PROPERTY_TOP_PERCENT = 5;

export type PropertyRun = Pick<LcaResult, 'task' | 'layers' | 'neuronsPerLayer' | 'ranking'>;

export interface PropertyLayers {
  task: string;
  /** How many top neurons: `percent`% of the ordering. */
  top: number;
  counts: number[];
  /** counts / top. */
  shares: number[];
  /** Σ layer × share: 0 = embeddings; lexical properties sit lower than syntactic ones. */
  meanLayer: number;
}

export interface PropertyOverlap {
  a: string;
  b: string;
  shared: number;
  /** |A ∩ B| / |A ∪ B|. */
  jaccard: number;
}

export interface PropertiesSummary {
  percent: number;
  layers: number;
  neuronsPerLayer: number;
  properties: PropertyLayers[];
  /** Every unordered pair, in the order the properties were given. */
  overlap: PropertyOverlap[];
}

function checkShapes(runs: PropertyRun[]): void {
  const [first] = runs;
  for (const r of runs) {
    if (r.layers !== first.layers || r.neuronsPerLayer !== first.neuronsPerLayer) {
      throw new Error(`${r.task} has ${r.layers} layers × ${r.neuronsPerLayer} neurons, ${first.task} ${first.layers} × ${first.neuronsPerLayer}: properties compare only on one model`);
    }
  }
}

function topSet(run: PropertyRun, percent: number): number[] {
  const total = run.layers * run.neuronsPerLayer;
  return run.ranking.ordering.slice(0, countForPercent(total, percent));
}

export function propertyLayers(run: PropertyRun, percent = PROPERTY_TOP_PERCENT): PropertyLayers {
  const top = topSet(run, percent);
  const counts = layerHistogram(top, run.layers, run.neuronsPerLayer);
  const shares = counts.map((c) => c / Math.max(1, top.length));
  return { task: run.task, top: top.length, counts, shares, meanLayer: shares.reduce((s, share, l) => s + share * l, 0) };
}

export function propertyOverlap(runs: PropertyRun[], percent = PROPERTY_TOP_PERCENT): PropertyOverlap[] {
  const sets = runs.map((r) => new Set(topSet(r, percent)));
  const out: PropertyOverlap[] = [];
  for (let i = 0; i < runs.length; i++)
    for (let j = i + 1; j < runs.length; j++) {
      let shared = 0;
      for (const n of sets[i]) if (sets[j].has(n)) shared++;
      out.push({ a: runs[i].task, b: runs[j].task, shared, jaccard: shared / (sets[i].size + sets[j].size - shared) });
    }
  return out;
}

/** The properties × layers figure and the overlap table for runs of one model. */
export function summarizeProperties(runs: PropertyRun[], percent = PROPERTY_TOP_PERCENT): PropertiesSummary {
  if (runs.length === 0) throw new Error('no properties to summarise');
  checkShapes(runs);
  return {
    percent,
    layers: runs[0].layers,
    neuronsPerLayer: runs[0].neuronsPerLayer,
    properties: runs.map((r) => propertyLayers(r, percent)),
    overlap: propertyOverlap(runs, percent),
  };
}
