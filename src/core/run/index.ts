export { extractGridsToStores, extractToStore, memoryStore, type ExtractIntoOptions, type StoreFactory } from './extract';
export { evaluateRun, runTask, type EvaluateRunHooks, type EvaluateRunInput, type EvaluationSettings, type RunCorpora } from './evaluate';
export { DEFAULT_SETTINGS, type CorpusRef, type RunRecord, type RunSettings, type RunStage } from './types';
export { runSettingsSchema } from './schema';
