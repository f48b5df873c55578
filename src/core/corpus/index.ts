export { CorpusParseError, countWords, firstWords, requireSentences, type Corpus, type Sentence } from './types';
export { checkText, splitLines } from './lines';
export { parseConllu, CONLLU_COLUMNS } from './conllu';
export { parseColumns } from './columns';
export { parseParallel, parseWords, type ParallelFiles, type ParallelOptions } from './parallel';
export { detectFormat, type CorpusFormat, type DetectedFormat } from './detect';
export { corpusHash, type CorpusHashOptions } from './hash';
export { labelColumnOf, parseCorpusFile, parseCorpusFiles, readCorpusFile, splitOfFileName, type CorpusFile, type CorpusFiles } from './files';
