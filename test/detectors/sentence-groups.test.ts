// The sentence trigger: one scan of a sentence's words finds which groups of
// patterns (rule patterns, score objects, score intents, supplier offers) can
// match it, and detection judges only the sentences that can fire.
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { detectSignals } from '../../src/detectors/detect.js';
import { foldText, joinDigitGroups } from '../../src/detectors/normalize.js';
import { parsePattern } from '../../src/detectors/patterns.js';
import { buildTriggerSet, canMatchWords, matchGroups, matchGroupsInText, triggerWords } from '../../src/detectors/trigger.js';
import { makeMessage } from './message.js';

const rules = loadRuleSet();
const english = rules.packs.find((pack) => pack.language === 'en');
if (english === undefined) throw new Error('the default rules have no English pack');
const { settings, typos } = english;

const sources: [string, number][] = [
  ['need *2 seats', 1],
  ['cancel subscription', 1],
  ['renewal', 2],
  ['could|can you', 4],
  ['please', 4],
];
const patterns = sources.map(([source]) => ({
  owner: source,
  source,
  elements: parsePattern(settings, source, new Map(), 'pattern'),
  isLiteral: false,
}));
const trigger = buildTriggerSet(
  patterns,
  sources.map(([, group]) => group),
);

function groupsOf(text: string, requested = 7): number {
  return matchGroups(trigger, settings, typos, triggerWords(settings, joinDigitGroups(foldText(text))), requested);
}

describe('matchGroups', () => {
  test.each([
    ['one group', 'We need 10 seats.', 1],
    ['two groups', 'Could you confirm the renewal?', 6],
    ['all three', 'Please cancel the renewal, we need two more seats.', 7],
    ['gap too long', 'We need two more new seats.', 0],
    ['wrong order', 'Seats: we need none.', 0],
    ['no pattern word', 'Thanks for the call', 0],
    ['empty text', '', 0],
  ])('%s', (_name, text, expected) => {
    expect(groupsOf(text)).toBe(expected);
  });

  test('reports requested groups only', () => {
    expect(groupsOf('Please cancel the renewal, we need two more seats.', 2)).toBe(2);
    expect(groupsOf('Could you confirm the renewal?', 1)).toBe(0);
  });

  test('keeps no positions between calls', () => {
    expect(groupsOf('We need the renewal and')).toBe(2);
    expect(groupsOf('more seats')).toBe(0);
  });

  test('agrees with canMatchWords', () => {
    const single = buildTriggerSet(patterns);
    for (const text of ['We need 10 seats.', 'Seats: we need none.', 'about the renewal', 'nothing here']) {
      const words = triggerWords(settings, joinDigitGroups(foldText(text)));
      expect(matchGroups(single, settings, typos, words, 1) === 1).toBe(canMatchWords(single, settings, typos, words));
    }
  });

  test.each([
    'Please cancel the renewal, we need two more seats.',
    "We don't need 1.5 more seats_now",
    'Need: 2×seats, £8 more',
    'Ça, c\u2019est le renouvellement; need l\u2019offre 3 seats',
    '',
  ])('text scan agrees: %s', (text) => {
    const folded = joinDigitGroups(foldText(text));
    for (const requested of [1, 2, 7]) {
      expect(matchGroupsInText(trigger, settings, typos, folded, requested)).toBe(
        matchGroups(trigger, settings, typos, triggerWords(settings, folded), requested),
      );
    }
  });

  test('optional-only pattern always matches', () => {
    const optional = buildTriggerSet(
      [
        { owner: 'a', source: 'extra?', elements: parsePattern(settings, 'extra? seats', new Map(), 'pattern').slice(0, 1), isLiteral: false },
        ...patterns.slice(0, 1),
      ],
      [8, 1],
    );
    expect(matchGroups(optional, settings, typos, [], 15)).toBe(8);
  });
});

// en-new-business-situation reads a request marker of the sentence next to its
// object term (window 1), so the object's sentence is judged when a request
// sits beside it, and left out when the nearest request is further away.
describe('scored rules in the sentence pass', () => {
  const detect = (text: string) => detectSignals(makeMessage({ subject: 'Collection accounts', text }), rules).map((hit) => hit.ruleId);
  const situation = "We're talking to three banks about collection accounts.";

  test('request in next sentence fires', () => {
    expect(detect(`${situation}\n\nCould you put together an outline?`)).toContain('en-new-business-situation');
  });

  test('request two sentences away misses', () => {
    expect(detect(`${situation}\n\nThe office is closed on Monday.\n\nCould you put together an outline?`)).not.toContain(
      'en-new-business-situation',
    );
  });
});
