// The trigger pass: required words in order and within reach, read up to the
// first candidate, with no position state carried from one call to the next.
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { foldText, joinDigitGroups } from '../../src/detectors/normalize.js';
import { parsePattern } from '../../src/detectors/patterns.js';
import { buildTriggerSet, canMatch, canMatchWords, triggerWords } from '../../src/detectors/trigger.js';

const english = loadRuleSet().packs.find((pack) => pack.language === 'en');
if (english === undefined) throw new Error('the default rules have no English pack');
const { settings, typos } = english;

const trigger = buildTriggerSet(
  ['need *2 seats', 'cancel subscription', 'renewal'].map((source) => ({
    owner: source,
    source,
    elements: parsePattern(settings, source, new Map(), 'pattern'),
    isLiteral: false,
  })),
);

function check(text: string): boolean {
  return canMatch(trigger, settings, typos, joinDigitGroups(foldText(text)));
}

const rows: [string, string, boolean][] = [
  ['words in order', 'We need 10 seats.', true],
  ['gap at its maximum', 'We need two more seats.', true],
  ['gap too long', 'We need two more new seats.', false],
  ['wrong order', 'Seats: we need none.', false],
  ['one-word pattern', 'About the renewal', true],
  ['stemmed forms', 'We are cancelling subscriptions', true],
  ['word between', 'We are cancelling the subscriptions', false],
  ['no rule word', 'Thanks for the call', false],
  ['empty text', '', false],
  ['candidate at the end', `${'Status update. '.repeat(200)}We need 5 seats.`, true],
];

describe('canMatch', () => {
  test.each(rows)('%s', (_name, text, expected) => {
    expect(check(text)).toBe(expected);
  });

  test('no positions kept after an early return', () => {
    expect(check('We need 10 seats and more seats.')).toBe(true);
    expect(check('Seats only.')).toBe(false);
    expect(check('We need nothing.')).toBe(false);
    expect(check('seats')).toBe(false);
  });

  test.each(rows)('canMatchWords agrees: %s', (_name, text, expected) => {
    const words = triggerWords(settings, joinDigitGroups(foldText(text)));
    expect(canMatchWords(trigger, settings, typos, words)).toBe(expected);
  });
});
