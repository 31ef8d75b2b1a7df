// A supplier selling to the mailbox owner writes buying words too ("add 10
// more agents", "updated quote"), so a message with a supplier offer fires nothing.
import { describe, expect, test } from 'vitest';
import { detectSignals, loadRuleSet } from '../../src/detectors/index.js';
import { makeMessage } from './message.js';

const rules = loadRuleSet();

const offers: [string, string][] = [
  [
    'percentage off an invoice',
    'As a CloudDesk customer since 2024, Vendor qualifies for our autumn offer: if you add 10 more agents or move to our Enterprise tier before 30 November, we will take 20% off your next annual invoice.\n\nReply to this message and your account manager will send you an updated quote.',
  ],
  ['discount on extra licences', 'If you add more users before 30 September I can give you 30% off the extra licences.'],
  ['remise sur réservation', 'Pour toute réservation avant le 28 février, nous vous accordons 15 % de remise sur le stand.'],
];

const customers: [string, string][] = [
  ['request for a discount', 'We would like to add 10 more agents. Could you take 20% off the quote?'],
  ['demande de remise', 'Nous voulons ajouter 2 caisses au contrat. Pouvez-vous nous faire une remise ?'],
];

describe('supplier offers', () => {
  test.each(offers)('%s fires nothing', (_name, text) => {
    expect(detectSignals(makeMessage({ from: 'partners@clouddesk.example', text }), rules)).toEqual([]);
  });

  test.each(customers)('%s still fires', (_name, text) => {
    expect(detectSignals(makeMessage({ text }), rules).length).toBeGreaterThan(0);
  });
});
