export { formatRoute, globalNeuron, neuronRef, parseRoute, RESULT_VIEWS, shareAddress, type NeuronRef, type ResultView, type Route } from './route';
export { decodeSummary, dequantizeSalience, encodeSummary, SHARE_VERSION, ShareLinkError, summarize, type ShareSummary } from './summary';
