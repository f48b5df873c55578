export { absWeights, type WeightsInput } from './weights';
export {
  topNeurons,
  neuronOrdering,
  bottomNeurons,
  hardThresholdNeurons,
  randomNeurons,
  classOrderings,
  type NeuronSelection,
  type NeuronOrdering,
} from './linear';
export { classMeans, probelessOrdering, probelessClassOrdering, type ClassMeans, type ScoredOrdering } from './probeless';
export { iouOrdering, averagePrecisionOrdering, averagePrecision, type BinaryRankOptions } from './binary';
export { countForPercent, topPercent, bottomPercent, randomPercent, layerOf, layerHistogram } from './select';
export { forEachRow, forEachColumnBlock } from './stream';
