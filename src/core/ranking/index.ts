export { absWeights, type WeightsInput } from './weights';
export {
  topNeurons,
  neuronOrdering,
  neuronOrderingGranular,
  bottomNeurons,
  hardThresholdNeurons,
  fixedBottomNeurons,
  randomNeurons,
  classOrderings,
  type NeuronSelection,
  type NeuronOrdering,
  type RankOptions,
} from './linear';
export { classMeans, probelessOrdering, probelessClassOrdering, rank, type ClassMeans, type ScoredOrdering } from './probeless';
export { averagePrecisionOrdering, averagePrecision, DEFAULT_AP_THRESHOLD, type AveragePrecisionOptions } from './averagePrecision';
export { indexTieBreak, weightTieBreak, TIE_SEED, type TieBreak } from './ties';
export { countForPercent, topPercent, bottomPercent, randomPercent, layerOf, layerHistogram } from './select';
export { forEachRow, forEachColumnBlock } from './stream';
