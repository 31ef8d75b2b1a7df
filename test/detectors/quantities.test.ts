// Quantities a customer writes with a thousands or millions suffix, and a count
// of zero, which requests nothing. Each row runs the real rules on one message.
import { describe, expect, test } from 'vitest';
import { detectSignals, loadRuleSet } from '../../src/detectors/index.js';
import { joinDigitGroups } from '../../src/detectors/normalize.js';
import type { Category } from '../../src/types.js';
import { makeMessage } from './message.js';

const rules = loadRuleSet();

function hitsOf(text: string): Array<[Category, number | null]> {
  return detectSignals(makeMessage({ subject: 'Seats', text }), rules).map((hit) => [hit.category, hit.quantity]);
}

describe('quantities with a suffix', () => {
  const rows: Array<[string, number]> = [
    ['We would like to add 2.5k users to our account.', 2500],
    ['We would like to add 3k users to our account.', 3000],
    ['We would like to add 1.2m users to our account.', 1_200_000],
    ['Nous souhaitons ajouter 2,5 k utilisateurs à notre compte.', 2500],
    ['Nous souhaitons ajouter 2,5k utilisateurs à notre compte.', 2500],
    ['We would like to add 1.5 million users to our account.', 1_500_000],
  ];
  test.each(rows)('%s', (text, quantity) => {
    expect(hitsOf(text)).toEqual([['expansion', quantity]]);
  });
});

describe('joinDigitGroups decimal comma', () => {
  const rows: Array<[string, string]> = [
    ['ajouter 2,5 k utilisateurs', 'ajouter 2.5 k utilisateurs'],
    ['ajouter 1,2m utilisateurs', 'ajouter 1.2m utilisateurs'],
    // Grouped digits are joined first, so "1,500k" stays one count.
    ['add 1,500k users', 'add 1500k users'],
    // No suffix, or a longer word after the digits: the comma is left as written.
    ['2,5 licences', '2,5 licences'],
    ['2,5 km', '2,5 km'],
  ];
  test.each(rows)('%s', (text, expected) => {
    expect(joinDigitGroups(text)).toBe(expected);
  });
});

describe('count of zero', () => {
  test('add 0 users not expansion', () => {
    expect(hitsOf('We would like to add 0 users to our account.')).toEqual([]);
  });

  test('French 0 licences not expansion', () => {
    expect(hitsOf('Nous souhaitons ajouter 0 licence à notre compte.')).toEqual([]);
  });

  test('zero after the count still fires', () => {
    expect(hitsOf('We would like to add 10 users, not 0.')).toEqual([['expansion', 10]]);
  });

  test('down to 0 seats stays churn risk', () => {
    expect(hitsOf('We will go down to 0 seats next month.')).toEqual([['churn-risk', null]]);
  });
});
