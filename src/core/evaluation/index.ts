export type { LcaResult, SplitScore, PerClassAccuracy, AblationKind, AblationScore, Agreement, Baseline, ClassScore, ProbeRecord, RankerName, Stability } from './types';
export { majorityBaseline, readingOf, splitScore } from './baseline';
export { stabilityOf, jaccard } from './stability';
export { agreementOf } from './agreement';
export { evaluateLca, layerDistributionPerClass, DEFAULT_SEEDS, type LcaInput, type LcaOptions, type LcaStage } from './lca';
export { searchMinimalSet, minimalSetCandidates, minimalSetPercents, type MinimalSetSearch } from './minimalSet';
export { topWords, type TopWord, type TopWordsOptions } from './topWords';
export { probeData, trainOn, retrainAndScore, type SplitFeatures } from './probes';
export { topNeuronOverlap, type RunOverlap } from './compare';
