import type { RankerName } from '../evaluation/types';

/** The rankers that order every neuron of a run, with what each one reads. */
export const RANKERS: readonly { name: RankerName; label: string; description: string }[] = [
  { name: 'probe', label: 'elastic-net probe', description: "NeuroX's get_neuron_ordering on the probe's weights (Durrani et al. 2023)" },
  { name: 'probeless', label: 'probeless', description: 'summed differences of class means (Antverg & Belinkov 2022), no training' },
  { name: 'ap', label: 'average precision', description: "NeuroX's iou_probe: signed activations as class detectors, thresholded at |x| ≥ 0.05" },
];

export const RANKER_NAMES: readonly RankerName[] = RANKERS.map((r) => r.name);

export function rankerLabel(name: RankerName): string {
  return RANKERS.find((r) => r.name === name)?.label ?? name;
}
