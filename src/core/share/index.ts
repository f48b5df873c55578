export { formatRoute, globalNeuron, MAX_PROPERTIES, neuronRef, parseRoute, RESULT_VIEWS, shareAddress, type NeuronRef, type ResultView, type Route } from './route';
export { decodeSummary, dequantizeSalience, encodeSummary, SHARE_VERSION, sharedTopWords, ShareLinkError, summarize, SHARED_TOP_WORD_NEURONS, SHARED_TOP_WORDS, type SharedTopWords, type ShareSummary } from './summary';
