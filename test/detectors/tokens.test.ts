// The natural tokenizers and stemmers a pack may name load one module each.
import { describe, expect, test } from 'vitest';
import { createTokenizer, findStemmer, KNOWN_STEMMERS, KNOWN_TOKENIZERS } from '../../src/detectors/tokens.js';

describe('natural parts', () => {
  test.each(KNOWN_TOKENIZERS)('tokenizer %s loads', (name) => {
    expect(createTokenizer(name)?.tokenize('two words')).toContain('words');
  });

  test.each(KNOWN_STEMMERS)('stemmer %s loads', (name) => {
    expect(typeof findStemmer(name)?.stem('words')).toBe('string');
  });

  test.each(['toString', 'constructor', 'Missing'])('unknown name %s is null', (name) => {
    expect(createTokenizer(name)).toBeNull();
    expect(findStemmer(name)).toBeNull();
  });

  test('English and French stems', () => {
    expect(findStemmer('PorterStemmer')?.stem('upgrading')).toBe('upgrad');
    expect(findStemmer('PorterStemmerFr')?.stem('licences')).toBe('licenc');
  });
});
