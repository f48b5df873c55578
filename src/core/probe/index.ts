export { Float32FeatureMatrix, Float16FeatureMatrix, ColumnSubset, type FeatureMatrix } from './features';
export { halfToFloat, floatToHalf } from '../store/float16';
export { trainLogisticProbe, trainRegressionProbe } from './train';
export { predictClasses, predictOutputs, maskColumns, type PredictOptions } from './predict';
export { evaluateProbe, evaluateRegression } from './evaluate';
export { classificationMetrics, regressionMetrics, accuracyOf, type ClassificationMetrics, type RegressionMetrics } from './metrics';
export { wasmSimdAvailable, type KernelBackend } from './kernels';
export {
  ProbeCancelledError,
  type LinearProbe,
  type ProbeData,
  type RegressionData,
  type TrainOptions,
  type L1Mode,
  type TrainProgress,
  type TrainResult,
  type EpochRecord,
} from './types';
