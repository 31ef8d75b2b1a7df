// splitSentences: where a sentence ends, and which wrapped lines are joined.
import { describe, expect, test } from 'vitest';
import { splitSentences } from '../../src/detectors/sentences.js';

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
];

describe('splitSentences', () => {
  test.each(rows)('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});
