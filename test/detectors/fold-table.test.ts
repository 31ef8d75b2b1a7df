// foldText() folds text of ASCII, Latin-1, Latin Extended-A and common
// punctuation from a table. It must give what the three Unicode
// normalisations give, whatever the neighbouring characters.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FoldedChunks, foldText, isCollapsed, joinDigitGroups } from '../../src/detectors/normalize.js';

// The folding foldText() did before the table, kept here as the reference.
function referenceFold(text: string): string {
  const folded = /[^\u0000-\u007f]/.test(text)
    ? text
        .normalize('NFC')
        .replace(/[\u2018\u2019\u02bc\u2032\u00b4`]/g, "'")
        .replace(/[\u2010-\u2015\u2212]/g, '-')
        .replace(/\u0152/g, 'OE')
        .replace(/\u0153/g, 'oe')
        .replace(/\u00c6/g, 'AE')
        .replace(/\u00e6/g, 'ae')
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .normalize('NFC')
    : text;
  return folded.toLowerCase().replace(/[\s\u00a0\u202f\u2007\u2009]+/g, ' ').trim();
}

const range = (first: number, last: number): string[] =>
  Array.from({ length: last - first + 1 }, (_, index) => String.fromCharCode(first + index));

// Table characters, ASCII, and characters outside the table that take the
// normalising path: combining marks, Latin Extended-B, Greek, a ligature, an emoji.
const alphabet = [
  ...range(0x20, 0x7e),
  '\n',
  '\t',
  ...range(0x80, 0x17f),
  '\u02bc',
  ...range(0x2010, 0x203a),
  '\u20ac',
  '\u2212',
  '\u0301',
  '\u0308',
  '\u0327',
  '\u01c5',
  '\u0390',
  '\ufb01',
  '\u2000',
  '\u{1f600}',
];

describe('foldText table', () => {
  test('folds like the Unicode normalisations', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (characters) => {
        const text = characters.join('');
        expect(foldText(text)).toBe(referenceFold(text));
      }),
      { numRuns: 5000 },
    );
  });

  test.each([
    ['French accents', 'Nous souhaiterions ÉTENDRE le contrat à 40 postes', 'nous souhaiterions etendre le contrat a 40 postes'],
    ['typographic apostrophe', 'l’offre Entreprise', "l'offre entreprise"],
    ['backtick next to an accent', 'don`t – café', "don't - cafe"],
    ['combining mark', 'cafe\u0301 cre\u0300me', 'cafe creme'],
    ['French ligatures spelled out', 'Œuvre, œuvre, Æ, æ', 'oeuvre, oeuvre, ae, ae'],
    ['ligature outside the table', 'ﬁnale', 'ﬁnale'],
    ['euro and ellipsis', 'Prix : 1 200 € …', 'prix : 1 200 € …'],
  ])('%s', (_name, text, expected) => {
    expect(foldText(text)).toBe(expected);
    expect(foldText(text)).toBe(referenceFold(text));
  });

  test('chunks fold like the whole text', () => {
    const text = `${'Le devis pour l’équipe est prêt\n'.repeat(200)}Ça marche ?`;
    const chunks = new FoldedChunks(text, 100);
    const joined: string[] = [];
    for (let index = 0, chunk = chunks.at(0); chunk !== undefined; index += 1, chunk = chunks.at(index)) joined.push(chunk);
    expect(joined.join(' ')).toBe(joinDigitGroups(referenceFold(text)));
  });
});

describe('isCollapsed', () => {
  const pieces = ['a', 'B', ' ', '  ', '\t', '\n', '\u00a0', '\u2007', '\u2028', '\u3000', '\ufeff', '\u0085', '\u180e', 'é'];

  test('agrees with replace and trim', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(isCollapsed(text)).toBe(text.replace(/\s+/g, ' ').trim() === text);
      }),
    );
  });

  test('agrees on every code unit', () => {
    for (let code = 0; code <= 0xffff; code += 1) {
      const text = `a${String.fromCharCode(code)}b`;
      expect(isCollapsed(text)).toBe(text.replace(/\s+/g, ' ').trim() === text);
    }
  });
});

// foldText() replaces only whitespace that collapsing changes. That must give
// what replacing every run of whitespace gives.
describe('foldText whitespace', () => {
  const pieces = ['a', 'B', '.', ' ', '  ', '\t', '\r\n', '\n', '\u00a0', '\u202f', '\u2007', '\u2009', '\u2028', '\u3000', '\ufeff', '\u000b', '\f'];

  test('collapses like replacing every run', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        expect(foldText(text)).toBe(referenceFold(text));
      }),
      { numRuns: 5000 },
    );
  });

  test('collapses each whitespace code unit', () => {
    const characters = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter(
      (character, code) => code < 0x80 || /\s/.test(character),
    );
    for (const character of characters) {
      for (const text of [`a${character}b`, `a ${character}b`, `a${character} b`, ` ${character}`]) {
        expect(foldText(text)).toBe(referenceFold(text));
      }
    }
  });
});
