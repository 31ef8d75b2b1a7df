// The hand-written pass must give the words that natural's WordPunctTokenizer
// and the filter of splitFoldedWords() give, in the same order.
import { describe, expect, test } from 'vitest';
import { foldText, joinDigitGroups } from '../../src/detectors/normalize.js';
import { createTokenizer, splitFoldedWords, type TokenizerSettings } from '../../src/detectors/tokens.js';
import { splitWordPunct } from '../../src/detectors/word-punct.js';

const tokenizer = createTokenizer('WordPunctTokenizer');
if (tokenizer === null) throw new Error('WordPunctTokenizer did not load');

const noApostrophes = { words: new Map(), suffixes: new Map(), elisions: new Map() };
// Without `split`, splitFoldedWords() runs natural's tokenizer: the reference.
const reference: TokenizerSettings = { tokenizer, stemmer: { stem: (word) => word }, apostrophes: noApostrophes, numbers: new Map(), stemCache: new Map() };
const naturalWords = (text: string): string[] => splitFoldedWords(reference, text);

const TRICKY = [
  '',
  ' ',
  'plain words here',
  "l'équipe d'achat veut qu'on rappelle",
  'we’re ready, aren’t we? don`t wait',
  'Élodie à Paris, naïve façon, Œuvre, ŒUVRE, Ÿves ÿ',
  'straße STRASSE ß',
  '12 500 1,500 1.500 3.5m 2027, 100 1_000 v2.0.1',
  'from 5 to 7. then 3.5. and 12... or 1_. 0.. .5 . ..',
  '...--- - -- a-b-c -x- x-- --x co-op e-mail',
  'write to jean.dupont@exemple.fr or sales@acme.co.uk',
  'see https://example.com/trial.html?src=mail&x=1#top and www.acme.io',
  'price: $40, €30, £8m, ¥100, 5¢, ₹2000',
  'emoji 😀👍🏽 and ❤️ inside',
  'CJK 价格报价 見積もり 견적',
  'Ελληνικά кириллица עברית العربية',
  'line\nbreak\r\nand\u2028separator\u2029end\n\n',
  'tab\there\u00a0nbsp\u202fnarrow',
  'quotes "double" «guillemets» ‘single’ “curly”',
  'math × ÷ ± ° µ ¼ ½',
  'combining e\u0301 a\u0300 and lone \ud800 surrogate \udc00',
  '!?;:,.\'"()[]{}<>/\\|@#%^&*+=~',
];

describe('splitWordPunct', () => {
  test.each(TRICKY)('matches natural on %j', (text) => {
    expect(splitWordPunct(text)).toEqual(naturalWords(text));
  });

  test.each(TRICKY)('matches natural on folded %j', (text) => {
    const folded = joinDigitGroups(foldText(text));
    expect(splitWordPunct(folded)).toEqual(naturalWords(folded));
  });

  // "7." read as one word had no value, so a count closing a sentence was lost.
  test('splits dots after a number', () => {
    expect(splitWordPunct('from 5 to 7.')).toEqual(['from', '5', 'to', '7', '.']);
    expect(splitWordPunct('up to 3.5..')).toEqual(['up', 'to', '3.5', '..']);
    expect(splitWordPunct('v2.0.1 and ...')).toEqual(['v', '2.0.1', 'and', '...']);
  });

  test('matches natural on every code unit', () => {
    const differing: number[] = [];
    for (let code = 0; code < 0x10000; code += 1) {
      const character = String.fromCharCode(code);
      for (const text of [character, `a${character}b`, `1${character}2`, `-${character}${character}-`]) {
        if (JSON.stringify(splitWordPunct(text)) !== JSON.stringify(naturalWords(text))) differing.push(code);
      }
    }
    expect(differing).toEqual([]);
  });
});
