// splitSentences: where a sentence ends, and which wrapped lines are joined.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isLabelRun, splitSentences } from '../../src/detectors/sentences.js';

const rows: [string, string, string[]][] = [
  ['period and question mark', 'We need 10 seats. Can you send a quote?', ['We need 10 seats.', 'Can you send a quote?']],
  ['abbreviation before lower case', 'See e.g. the attached file. Thanks!', ['See e.g. the attached file.', 'Thanks!']],
  ['decimal number', 'Price is 3.5. Émile agrees.', ['Price is 3.5.', 'Émile agrees.']],
  ['ellipsis and double space', 'Version 1.5 is out. Great…  Next one', ['Version 1.5 is out.', 'Great…', 'Next one']],
  [
    'wrapped lines joined',
    'Hi Claire,\nWe would like to add\nfive more users to our plan.\nThanks',
    ['Hi Claire,', 'We would like to add five more users to our plan.', 'Thanks'],
  ],
  ['list items stand alone', '- first item\n- second item. With more', ['- first item', '- second item.', 'With more']],
  ['period without a space', 'Done.Next step', ['Done.Next step']],
  ['emoji after a period', 'Ok. 😀 fine', ['Ok.', '😀 fine']],
  ['punctuation only', '...', []],
  ['CRLF lines', 'Thanks\r\nLucas', ['Thanks', 'Lucas']],
  ['middle initial', 'Marc J. Durand will sign. We need 5 seats.', ['Marc J. Durand will sign.', 'We need 5 seats.']],
  ['initial in capitals', 'MARC J. DURAND agreed.', ['MARC J. DURAND agreed.']],
  ['run of initials', 'Ask J. Q. Smith today.', ['Ask J. Q. Smith today.']],
  ['hyphenated first name', 'Anne-Marie K. Dubois agreed.', ['Anne-Marie K. Dubois agreed.']],
  ['letter then sentence start', 'We chose Plan B. We need more seats.', ['We chose Plan B.', 'We need more seats.']],
  ['abbreviation before accented lower case', 'Prix approx. élevé. Merci', ['Prix approx. élevé.', 'Merci']],
  ['abbreviation before accented capital', 'Voir approx. Émile. Merci', ['Voir approx.', 'Émile.', 'Merci']],
  ['abbreviation before a digit', 'We need approx. 85 users.', ['We need approx.', '85 users.']],
  ['break at the end', 'Send it approx.', ['Send it approx.']],
  ['lower case after a full word', 'Done last week. is there more?', ['Done last week.', 'is there more?']],
];

describe('splitSentences', () => {
  test.each(rows)('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

const labelRows: [string, string, boolean][] = [
  ['menu item', 'RFP Services', true],
  ['buttons with a date', 'Send Email View Contract Contact Information 10/15/2001 10:50:45 AM E.S.T.', true],
  ['sentence', 'Please send the contract.', false],
  ['sentence in capitals', 'WE WANT TO CANCEL OUR SUBSCRIPTION', false],
  ['question in title case', 'Can We Upgrade?', false],
  ['single word', 'Thanks', false],
];

// Tests for a label run as isLabelRun() did before it cut the words one at a time.
function labelRunBySplit(sentence: string): boolean {
  if (sentence.endsWith('?')) return false;
  const words = sentence.split(' ').filter((word) => /\p{L}/u.test(word));
  if (!words.every((word) => /^[^\p{L}\p{N}]*[\p{Lu}\p{N}]/u.test(word))) return false;
  return words.length >= 2 && words.some((word) => /^[^\p{L}]*\p{Lu}\p{Ll}/u.test(word));
}

describe('isLabelRun', () => {
  test.each(labelRows)('%s', (_name, sentence, expected) => {
    expect(isLabelRun(sentence)).toBe(expected);
  });

  test('agrees with a whole split', () => {
    const word = fc.constantFrom('', 'Send', 'RFP', 'view', '2026', '-', '(Email', 'É', 'été', '?', 'Q4.', '\u00a0');
    const sentence = fc.array(word, { maxLength: 8 }).map((words) => words.join(' '));
    fc.assert(fc.property(sentence, (text) => isLabelRun(text) === labelRunBySplit(text)), { numRuns: 3000 });
  });
});
