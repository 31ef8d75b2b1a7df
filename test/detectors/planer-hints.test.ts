// extractNewText skips planer on text without any of planer's hints. That is
// only safe while planer returns such text unchanged apart from trimming, so
// these tests run planer itself on texts built from near-miss fragments.
import fc from 'fast-check';
import planer from 'planer';
import { describe, expect, test } from 'vitest';
import { hasPlanerHint } from '../../src/detectors/reply.js';

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
