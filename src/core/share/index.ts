export { formatRoute, globalNeuron, MAX_PROPERTIES, neuronRef, parseRoute, RESULT_VIEWS, type NeuronRef, type ResultView, type Route } from './route';
export { decodeSummary, dequantizeSalience, encodeSummary, ShareLinkError, summarize, type ShareSummary } from './summary';
