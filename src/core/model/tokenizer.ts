/**
 * Word-level view of a Hugging Face tokenizer: the corpus gives words, the
 * model wants subword ids. We tokenize each word on its own (memoised by type)
 * and concatenate, which is what the tokenizer does to a whitespace-joined
 * sentence: `calibrate` checks that, and picks a leading space for byte-level
 * BPE tokenizers (RoBERTa, GPT-2) whose pieces remember the preceding space.
 */
import * as transformers from '@huggingface/transformers';

export interface WordTokenizer {
  /** Subword ids of a word; `first` = sentence-initial (no preceding space). */
  pieces(word: string, first: boolean): readonly number[];
  /** Special ids the model expects before and after the words (e.g. [CLS] … [SEP]). */
  prefix: readonly number[];
  suffix: readonly number[];
  padId: number;
  /** Token strings, for display. */
  idsToTokens(ids: readonly number[]): string[];
}

type HfTokenizer = transformers.PreTrainedTokenizer;

/**
 * Builds the tokenizer class named in tokenizer_config.json, as AutoTokenizer
 * does, but from JSON we already hold (hub, local server or a folder from disk).
 */
export function createTokenizer(tokenizerJson: unknown, tokenizerConfig: Record<string, unknown>): HfTokenizer {
  const className = String(tokenizerConfig.tokenizer_class ?? 'PreTrainedTokenizer').replace(/Fast$/, '');
  const classes = transformers as unknown as Record<string, new (json: unknown, config: unknown) => HfTokenizer>;
  const TokenizerClass = classes[className] ?? transformers.PreTrainedTokenizer;
  return new TokenizerClass(tokenizerJson, tokenizerConfig);
}

export function wordTokenizer(tokenizer: HfTokenizer): WordTokenizer {
  const encode = (text: string, addSpecial: boolean): number[] =>
    tokenizer.encode(text, { add_special_tokens: addSpecial }) as number[];

  // Specials around a sentence: encode one word with and without them.
  const bare = encode('a', false);
  const full = encode('a', true);
  const at = indexOfSequence(full, bare);
  const prefix = at >= 0 ? full.slice(0, at) : [];
  const suffix = at >= 0 ? full.slice(at + bare.length) : [];

  const spaceBefore = calibrateSpacing(encode);
  const cache = [new Map<string, number[]>(), new Map<string, number[]>()];
  const pieces = (word: string, first: boolean): number[] => {
    const memo = cache[first ? 0 : 1];
    let ids = memo.get(word);
    if (!ids) {
      ids = encode(first || !spaceBefore ? word : ' ' + word, false);
      memo.set(word, ids);
    }
    return ids;
  };
  const padId = Number(tokenizer.pad_token_id ?? 0);
  return {
    pieces,
    prefix,
    suffix,
    padId: Number.isFinite(padId) ? padId : 0,
    idsToTokens: (ids) => ids.map((id) => String(tokenizer.decode([id], { skip_special_tokens: false }))),
  };
}

/** True when a word's pieces depend on a preceding space (byte-level BPE). */
function calibrateSpacing(encode: (text: string, special: boolean) => number[]): boolean {
  const words = ['The', 'tokenizer', 'sees', 'words', ','];
  const sentence = encode(words.join(' '), false).join(',');
  const joined = (space: boolean) => words.flatMap((w, i) => encode(i > 0 && space ? ' ' + w : w, false)).join(',');
  if (joined(false) === sentence) return false;
  if (joined(true) === sentence) return true;
  return false;
}

function indexOfSequence(haystack: number[], needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
