export * from './types';
export { activationWriter, memorySink, type WriterOptions } from './writers';
export { jsonActivationReader, jsonActivationWriter, float32Text, textLines } from './neuroxJson';
export { hdf5ActivationReader, hdf5ActivationWriter, SENTENCE_TO_INDEX, type H5Lib } from './neuroxHdf5';
export { importActivations, type ImportOptions, type ImportResult } from './importActivations';
export { exportActivations, fileMetaFor, FileSink } from './exportActivations';
export { planMerge, shardRange, type ShardFile } from './shards';
export { neuroxRanking, type NeuroxRanking } from './ranking';
