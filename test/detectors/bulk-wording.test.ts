// mayHaveWordingCue() lets textCues() skip folding ASCII text without bulk
// wording. For ASCII text it must return whether a wording cue matches the
// folded text. countMatches() must count as match() does.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { countMatches, hasFoldedWordingCue, mayHaveWordingCue, WORDING_CUE_LETTERS, WORDING_CUES } from '../../src/detectors/bulk-evidence.js';
import { foldText } from '../../src/detectors/normalize.js';

const foldedHasCue = (text: string): boolean => {
  const folded = foldText(text);
  return WORDING_CUES.some((cue) => cue.test(folded));
};

// Words of the cues, some near misses, and words of ordinary mail.
const words = [
  'you', 'are', 'were', 'have', 'been', 'receiving', 'sent', 'this', 'e-mail', 'email', 'message', 'newsletter',
  'to', 'be', 'removed', 'remove', 'from', 'our', 'the', 'mailing', 'list', 'view', 'in', 'your', 'web', 'browser',
  'if', 'no', 'longer', 'wish', 'continue', 'receive', 'stop', 'unsubscribe', 'opt', 'out', 'opt-out', 'opt-in',
  'optout', 'manage', 'preferences', 'subscription', 'change', 'my', 'reply', 'with', 'word', '"remove"', 'click',
  'here', 'forward', 'a', 'friend', 'privacy', 'policy', 'free', 'trial', 'issue', 'resubscribe', 'now', 'past',
  'performance', 'is', 'not', 'indicative', 'risk', 'of', 'loss', 'futures', 'trading', 'pour', 'vous',
  'desabonner', 'recevez', 'ce', 'courriel', 'se', 'desinscrire', 'cliquez', 'ici', 'quote', 'price', 'thanks', '.', ',',
];
const separators = [' ', '  ', '\n', '\r\n', '\t', ' \n ', '', '-'];

function recase(word: string, mode: number): string {
  if (mode === 1) return word.toUpperCase();
  if (mode === 2) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

const asciiText = fc
  .array(fc.tuple(fc.constantFrom(...words), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...separators)), { maxLength: 14 })
  .map((parts) => parts.map(([word, mode, separator]) => recase(word, mode) + separator).join(''));

describe('mayHaveWordingCue', () => {
  test('agrees with cues on ASCII text', () => {
    fc.assert(
      fc.property(fc.constantFrom(' ', '\n', ''), asciiText, (start, text) => {
        expect(mayHaveWordingCue(start + text)).toBe(foldedHasCue(start + text));
      }),
      { numRuns: 20000 },
    );
  });

  test.each([
    ['footer over a line break', 'To be\r\nREMOVED from our\n  mailing list, reply', true],
    ['opt-out split by a line break', 'Opt\nOut at any time', true],
    ['click here in capitals', 'CLICK   HERE', true],
    ['ordinary mail', 'Please send the quote for 40 seats by Friday.', false],
    ['cue word inside another word', 'unsubscribed', false],
  ])('%s', (_name, text, expected) => {
    expect(mayHaveWordingCue(text)).toBe(expected);
    expect(foldedHasCue(text)).toBe(expected);
  });

  test('non-ASCII text always folded', () => {
    expect(mayHaveWordingCue('Merci, à bientôt')).toBe(true);
    expect(foldedHasCue('Pour vous désabonner')).toBe(true);
  });
});

// Splits a regex source at its top-level `|`.
function alternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let at = 0; at < source.length; at += 1) {
    const char = source[at];
    if (char === '\\') at += 1;
    else if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === '|' && depth === 0) {
      parts.push(source.slice(from, at));
      from = at + 1;
    }
  }
  return [...parts, source.slice(from)];
}

// The characters a source can start with: a letter, or the starts of a `(?:...)` group, with
// what follows the group too when a `?` makes it optional. Anything else fails the test.
function leadingLetters(source: string): string[] {
  if (/^[a-z]/.test(source) && !/^.[?*]/.test(source)) return [source.charAt(0)];
  if (!source.startsWith('(?:')) throw new Error(`cannot read the start of "${source}"`);
  let depth = 0;
  let end = 0;
  for (let at = 0; at < source.length; at += 1) {
    if (source[at] === '\\') at += 1;
    else if (source[at] === '(') depth += 1;
    else if (source[at] === ')' && --depth === 0) {
      end = at;
      break;
    }
  }
  const inner = alternatives(source.slice(3, end)).flatMap(leadingLetters);
  const after = source.slice(end + 1);
  if (after.startsWith('?')) return [...inner, ...leadingLetters(after.slice(1))];
  if (/^[*+{]/.test(after)) throw new Error(`cannot read the start of "${source}"`);
  return inner;
}

// Accented and typographic forms that folding turns into cue words.
const foldedOnly = ['d\u00e9sabonner', 'd\u00e9sinscription', 'D\u00c9SINSCRIRE', 'don\u2019t', 'e\u2010mail', 'opt\u2013out', '\u00e0', 'caf\u00e9'];

describe('hasFoldedWordingCue', () => {
  test('agrees with the cues on folded text', () => {
    const parts = fc.array(
      fc.tuple(fc.constantFrom(...words, ...foldedOnly), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...separators)),
      { maxLength: 14 },
    );
    fc.assert(
      fc.property(parts, (list) => {
        const folded = foldText(list.map(([word, mode, separator]) => recase(word, mode) + separator).join(''));
        expect(hasFoldedWordingCue(folded)).toBe(WORDING_CUES.some((cue) => cue.test(folded)));
      }),
      { numRuns: 20000 },
    );
  });

  test.each([
    ['French footer', 'pour vous desabonner, cliquez ici', true],
    ['broker disclaimer', 'past performance is not indicative of future results', true],
    ['ordinary mail', 'please send the quote for 40 seats by friday.', false],
  ])('%s', (_name, folded, expected) => {
    expect(hasFoldedWordingCue(folded)).toBe(expected);
  });
});

describe('wording cue letters', () => {
  test('every cue starts at a word boundary before one of them', () => {
    const starts = WORDING_CUES.flatMap((cue) =>
      alternatives(cue.source).flatMap((alternative) => {
        expect(alternative.startsWith('\\b')).toBe(true);
        return leadingLetters(alternative.slice(2));
      }),
    );
    expect(starts.length).toBeGreaterThan(30);
    for (const letter of starts) expect(WORDING_CUE_LETTERS).toContain(letter);
    expect([...WORDING_CUE_LETTERS].every((letter) => starts.includes(letter))).toBe(true);
  });

  test('reads optional groups', () => {
    expect(leadingLetters('(?:re)?subscribe')).toEqual(['r', 's']);
    expect(leadingLetters('(?:to be|be) removed')).toEqual(['t', 'b']);
    expect(() => leadingLetters('"?remove')).toThrow();
  });
});

describe('countMatches', () => {
  test('counts as match() does', () => {
    const link = /\bhttps?:\/\/|\bwww\./gi;
    fc.assert(
      fc.property(fc.array(fc.constantFrom('http://', 'HTTPS://', 'www.', 'xwww.', ' ', 'a', '\n'), { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        expect(countMatches(link, text)).toBe(text.match(link)?.length ?? 0);
      }),
    );
  });
});
