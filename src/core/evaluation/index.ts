export type { LcaResult, SplitScore, PerClassAccuracy, AblationKind, AblationScore } from './types';
export { evaluateLca, layerDistributionPerClass, type LcaInput, type LcaOptions, type LcaStage } from './lca';
export { searchMinimalSet, minimalSetCandidates, minimalSetPercents, type MinimalSetSearch } from './minimalSet';
export { topWords, type TopWord, type TopWordsOptions } from './topWords';
export { probeData, trainOn, retrainAndScore, type SplitFeatures } from './probes';
export { topNeuronOverlap, type RunOverlap } from './compare';
export { summarizeProperties, propertyLayers, propertyOverlap, PROPERTY_TOP_PERCENT, type PropertiesSummary, type PropertyLayers, type PropertyOverlap, type PropertyRun } from './properties';
export { wordResponse, wordOccurrences, neuronMoments, type NeuronMoments, type NeuronResponse } from './wordResponse';
export { histogram, strongestSentences, type Histogram, type SentenceActivation } from './neuronActivity';
