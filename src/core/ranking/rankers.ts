import { RANKER, type RankerName } from '../options';

const DESCRIPTIONS: Record<RankerName, string> = {
  probe: "NeuroX's get_neuron_ordering on the probe's weights (Durrani et al. 2023)",
  probeless: 'summed differences of class means (Antverg & Belinkov 2022), no training',
  ap: "NeuroX's iou_probe: signed activations as class detectors, |x| below the threshold counted as 0",
};

/** The rankers that order every neuron of a run (RANKER's choices), with what each one reads. */
export const RANKERS: readonly { name: RankerName; label: string; description: string }[] = RANKER.choices.map((c) => ({
  name: c.value,
  label: c.label,
  description: DESCRIPTIONS[c.value],
}));

export const RANKER_NAMES: readonly RankerName[] = RANKER.values;

export function rankerLabel(name: RankerName): string {
  return RANKERS.find((r) => r.name === name)?.label ?? name;
}
