// FoldedChunks cuts a text only where no folding step reads across the cut,
// so the chunks joined with spaces equal the text folded whole, and the
// trigger pass over the chunks agrees with the pass over the whole text.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { FoldedChunks, foldText, joinDigitGroups } from '../../src/detectors/normalize.js';
import { canMatch, canMatchChunks } from '../../src/detectors/trigger.js';

const FRAGMENTS = [
  'we',
  'need',
  'More',
  'seats',
  'users',
  "don't",
  'don`t',
  'd\u2019ajouter',
  'licences',
  'é',
  'e\u0301',
  'Σ',
  '12',
  '500',
  '1.500',
  ',',
  '.',
  '-',
  '\u2013',
  '\u00a0',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\t',
];

const texts = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 })
  .map((pieces) => pieces.join(''));

function allChunks(chunks: FoldedChunks): string[] {
  const folded: string[] = [];
  for (let index = 0, chunk = chunks.at(0); chunk !== undefined; index += 1, chunk = chunks.at(index)) folded.push(chunk);
  return folded;
}

const english = loadRuleSet().packs.find((pack) => pack.language === 'en');
if (english === undefined) throw new Error('the default rules have no English pack');
const { trigger, settings, typos } = english;

describe('FoldedChunks', () => {
  test('chunks joined equal the whole fold', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 12 }), (text, chunkChars) => {
        const joined = allChunks(new FoldedChunks(text, chunkChars)).join(' ');
        expect(joined).toBe(joinDigitGroups(foldText(text)));
      }),
      { numRuns: 3000, seed: 1 },
    );
  });

  test('trigger pass agrees over chunks', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 12 }), (text, chunkChars) => {
        const chunks = new FoldedChunks(text, chunkChars);
        const whole = canMatch(trigger, settings, typos, joinDigitGroups(foldText(text)));
        expect(canMatchChunks(trigger, settings, typos, (index) => chunks.at(index))).toBe(whole);
      }),
      { numRuns: 3000, seed: 2 },
    );
  });

  test('cuts only between letters', () => {
    expect(allChunks(new FoldedChunks('ab\ncd\n12\n500 users', 1))).toEqual(['ab', 'cd 12500 users']);
  });

  test('empty text has no chunk', () => {
    expect(new FoldedChunks('').at(0)).toBeUndefined();
  });
});
