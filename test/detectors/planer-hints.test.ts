// extractNewText skips planer on text without any of planer's hints. That is
// only safe while planer returns such text unchanged apart from trimming, so
// these tests run planer itself on texts built from near-miss fragments.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import planer from 'planer';
import { describe, expect, test } from 'vitest';
import { fitsPlaner, hasPlanerHint, isPrefixOf, runPlaner, runPlanerOnText } from '../../src/detectors/reply.js';

/** Planer 1.2's regex module: reply.js has anchored its SPLITTER_PATTERNS, and the named regexes are the originals. */
const planerRegexes = createRequire(import.meta.url)('planer/lib/regexes.js') as Record<string, RegExp> & {
  SPLITTER_PATTERNS: RegExp[];
};
const ORIGINAL_SPLITTERS = [
  'ORIGINAL_MESSAGE',
  'DATE_PERSON',
  'ON_DATE_SMB_WROTE',
  'ON_DATE_WROTE_SMB',
  'FROM_COLON_OR_DATE_COLON',
  'SPELLED_OUT_DATE',
].map((name) => planerRegexes[name] as RegExp);

// The test planer itself applies: a match counts only when it starts at index 0.
function matchAtStart(pattern: RegExp, text: string): string[] | null {
  const match = pattern.exec(text);
  return match !== null && match.index === 0 ? [...match] : null;
}

const FRAGMENTS = [
  'On',
  'on',
  'Le',
  'le',
  'Am',
  'Den',
  'wrote',
  'Wrote',
  'sent',
  'a écrit',
  'schrieb',
  '>',
  ' >',
  '>>',
  'From',
  'from',
  'De',
  'Von',
  'Date',
  'Envoyé',
  ':',
  ' :',
  '*',
  '_____',
  '-----',
  'Forwarded',
  'message',
  'Original',
  'Reply',
  '12/03/2026',
  '1.2.3',
  '@',
  'claire@vendor.example',
  '<https://a.example>',
  '(https://b.example)',
  'Mon, 9 Nov 2026 10:00',
  'Montag, 9 November 2026 10:00 Claire Martin claire@vendor.example:',
  '9 Nov 2026',
  ',',
  '\u00a0',
  'We need 10 more seats.',
  'Merci pour le devis.',
];

const SEPARATORS = [' ', '\n', '', '  ', '\n\n', '\t'];

const texts = fc
  .array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...SEPARATORS)), { maxLength: 24 })
  .map((pieces) => pieces.map(([fragment, separator]) => fragment + separator).join(''));

describe('planer hints', () => {
  test('planer keeps hint-free text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        if (hasPlanerHint(text)) return;
        expect(planer.extractFrom(text, 'text/plain')).toBe(text.trim());
      }),
      { numRuns: 5000, seed: 1 },
    );
  });

  test('anchored splitters match as planer does', () => {
    expect(planerRegexes.SPLITTER_PATTERNS).toHaveLength(ORIGINAL_SPLITTERS.length);
    fc.assert(
      fc.property(texts, (text) => {
        planerRegexes.SPLITTER_PATTERNS.forEach((anchored, index) => {
          const original = ORIGINAL_SPLITTERS[index] as RegExp;
          expect(anchored.source).not.toBe(original.source);
          expect(matchAtStart(anchored, text)).toEqual(matchAtStart(original, text));
        });
      }),
      { numRuns: 5000, seed: 1 },
    );
  });

  test.each([
    ['quoted line', 'Yes.\n> Do you want 40 seats?'],
    ['wrote opening', 'Yes.\nOn Mon, Nov 9, 2026, Claire wrote:\nold'],
    ['French opening', 'Oui.\nLe 9 nov. 2026, Claire a écrit :\nold'],
    ['Outlook label', 'Thanks.\nFrom: Claire\nSent: Monday'],
    ['original message separator', 'Signed.\n-----Original Message-----'],
    ['forward separator', 'FYI\n---------- Forwarded message ---------'],
    ['angle-bracket link', 'See <https://a.example> for details.'],
  ])('hint found: %s', (_name, text) => {
    expect(hasPlanerHint(text)).toBe(true);
  });

  test.each([
    ['plain request', 'Hi Claire,\n\nWe need 10 more seats.\n\nLucas'],
    ['French sentence', 'Le comité a validé le devis.'],
  ])('no hint: %s', (_name, text) => {
    expect(hasPlanerHint(text)).toBe(false);
  });
});

describe('planer on unsplit text', () => {
  const lineTexts = fc
    .array(fc.tuple(fc.constantFrom(...FRAGMENTS, ''), fc.constantFrom('\n', '\n', ' ', '\n\n', '\n \n')), { maxLength: 30 })
    .map((pieces) => pieces.map(([fragment, separator]) => fragment + separator).join(''));

  test('matches planer on split lines', () => {
    fc.assert(
      fc.property(lineTexts, (text) => {
        if (!fitsPlaner(text)) return;
        expect(runPlanerOnText(text)).toEqual(runPlaner(text, text.split('\n')));
      }),
      { numRuns: 5000, seed: 21 },
    );
  });

  test.each([
    ['reply above a quote', 'Yes, 40 seats.\n\nOn Mon, Nov 9, 2026, Claire wrote:\n> Shall we add seats?\n'],
    ['quote first', '> Shall we add seats?\nYes.'],
    ['trailing blank lines', 'Thanks.\n\n\n'],
    ['one line feed', '\n'],
    ['empty', ''],
    ['Outlook header block', 'Agreed.\n\nFrom: Claire\nSent: Monday\nTo: Lucas\nSubject: Seats\n\nOld text'],
  ])('%s', (_name, text) => {
    expect(fitsPlaner(text)).toBe(true);
    expect(runPlanerOnText(text)).toEqual(runPlaner(text, text.split('\n')));
  });

  test('rejects long or many lines', () => {
    expect(fitsPlaner('x'.repeat(201))).toBe(false);
    expect(fitsPlaner('x'.repeat(200))).toBe(true);
    expect(fitsPlaner('\n'.repeat(999))).toBe(true);
    expect(fitsPlaner('\n'.repeat(1000))).toBe(false);
  });
});

describe('isPrefixOf', () => {
  test('agrees with startsWith', () => {
    // Strings of a few UTF-16 units, lone surrogates included, so prefixes and near misses both occur.
    const units = fc.constantFrom('a', 'b', '\n', '\u00e9', '\ud83d', '\ude00');
    const text = fc.array(units, { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (prefix, whole) => {
        expect(isPrefixOf(prefix, whole)).toBe(whole.startsWith(prefix));
        expect(isPrefixOf(prefix, prefix + whole)).toBe(true);
      }),
    );
  });

  test('empty and longer prefixes', () => {
    expect(isPrefixOf('', 'text')).toBe(true);
    expect(isPrefixOf('text and more', 'text')).toBe(false);
  });
});
