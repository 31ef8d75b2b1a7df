// The shared word scan finds each piece's entry where the piece lies in the text. Its pieces
// must be those of splitWordPunct() after apostrophe expansion, also after the table grows or is cleared.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { expandApostrophes } from '../../src/detectors/normalize.js';
import { triggerElements } from '../../src/detectors/trigger.js';
import { splitWordPunct } from '../../src/detectors/word-punct.js';
import { scanUnit } from '../../src/detectors/word-scan.js';

const rules = loadRuleSet([], true);
const withModels = rules.packs.flatMap((pack) => {
  const model = rules.models?.get(pack.language);
  return model === undefined ? [] : [{ pack, model }];
});

// Pieces of every class of the splitter, and neighbours that change a class.
const UNITS = [
  'a', 'b', 'e', 'q', 'z', 'A', 'Q', '\u00e9', '\u00ff', '\u00c0', '-', '0', '7', '.', '_', ' ', '\n', '\r', '\u2028',
  "'", '$', '\u20ac', '\u00a3', '?', ',', '\u00d7', '\u0100', '\ud83d', '\ude00', '\u4ef7',
];
const texts = fc.array(fc.constantFrom(...UNITS), { maxLength: 40 }).map((units) => units.join(''));
const words = fc.array(fc.constantFrom('to', 'buy', 'quote', "don't", "l'offre", 'co-op', '12', '3.5', 'seats', '-'), { maxLength: 12 });

// A number spelled with the letters a to j, so that each word is one letter run.
const lettersOf = (value: number): string => [...String(value)].map((digit) => String.fromCharCode(0x61 + Number(digit))).join('');

describe('shared word scan table', () => {
  test('matches splitWordPunct on random text', () => {
    expect(withModels.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(texts, words, (text, extra) => {
        const folded = [text, ...extra].join(' ');
        for (const { pack, model } of withModels) {
          const scan = scanUnit(pack, model, folded);
          const expanded = expandApostrophes(folded, pack.settings.apostrophes);
          if (expanded.includes('\u0178')) continue;
          expect(scan?.map((word) => word.word)).toEqual(splitWordPunct(expanded));
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('keeps entries across growth and clearing', () => {
    for (const { pack, model } of withModels) {
      // More distinct words than the table keeps, so it grows and is cleared at least once.
      for (let round = 0; round < 2; round += 1) {
        for (let start = 0; start < 120_000; start += 1_000) {
          const pieces = Array.from({ length: 1_000 }, (_, index) => `w${lettersOf(start + index)}`);
          const scan = scanUnit(pack, model, pieces.join(' ')) ?? [];
          expect(scan.length).toBe(pieces.length);
          scan.forEach((word, index) => expect(word.word).toBe(pieces[index]));
        }
      }
      const scan = scanUnit(pack, model, 'quote quote trial') ?? [];
      expect(scan[0]).toBe(scan[1]);
      expect(scan[0]?.triggerIds).toEqual(triggerElements(pack.sentenceTrigger, pack.settings, pack.typos, 'quote'));
    }
  });
});
