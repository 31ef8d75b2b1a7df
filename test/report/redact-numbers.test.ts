// Card, account and identity numbers, US and Swiss street addresses and unusual
// e-mail addresses under --redact, with the near misses that must stay: amounts,
// order and invoice numbers, dates and quantities.
import { describe, expect, test } from 'vitest';
import { PeopleBook, redactReport } from '../../src/redact.js';
import { passesLuhn } from '../../src/redact-numbers.js';
import { buildSampleReport } from './sample-report.js';

function redactLine(snippet: string): string {
  const report = buildSampleReport();
  const target = report.opportunities[1]!;
  target.evidence = [{ ...target.evidence[0]!, snippet }];
  return redactReport(report, new PeopleBook()).opportunities[1]!.evidence[0]!.snippet;
}

describe('card, account and identity numbers', () => {
  test.each([
    ['card in groups of four', 'charge card 4111 1111 1111 1111 exp 12/27', 'charge card [card] exp 12/27'],
    ['card without spaces', 'card 4111111111111111 thanks', 'card [card] thanks'],
    ['card with hyphens', 'use 5555-5555-5555-4444 please', 'use [card] please'],
    ['American Express groups', 'Amex 3782 822463 10005 ok', 'Amex [card] ok'],
    ['account word', 'account 12345678 sort code 12-34-56', 'account [account] sort code [account]'],
    ['long account number', 'routing 021000021 account 1234567890123 thanks', 'routing [phone] account [account] thanks'],
    ['French social security number', 'numéro de sécurité sociale 1 85 05 78 006 084 36 merci', 'numéro de sécurité sociale [id] merci'],
    ['French social security number, valid key', 'NIR 185057800608491', 'NIR [id]'],
    ['UK National Insurance number', 'NI number QQ 12 34 56 C thanks', 'NI number [id] thanks'],
    ['UK National Insurance number without spaces', 'NINO AB123456D', 'NINO [id]'],
  ])('%s', (_, line, expected) => {
    expect(redactLine(line)).toBe(expected);
  });

  test.each([
    // Luhn fails.
    'Order total 4111 1111 1111 1112 units',
    // Order and invoice numbers that pass the Luhn check.
    'Order 4111111111111111 shipped',
    'invoice number 4111 1111 1111 1111 is paid',
    'PO 5555555555554444 approved',
    // Amounts, years and counts after "account".
    'account 2026 plan and 40 account seats',
    'account 1 250 000 EUR budget',
    'account 25000000 EUR budget',
    'a budget of 4111111111111111 EUR and $ 4111111111111111',
    'account for 12 500 users',
    // Dates, quantities and money.
    'Renewal on 15/09/2026 for 1 250 seats at 12 500 000 EUR',
    'We need 2 85 05 78 licences',
    '15 users at EUR 12,500.00 each from 2026-10-01',
    // Shapes close to an identity number.
    'Plan AB 12 34 56 for 40 seats',
    'Q3 12 34 56 C',
  ])('keeps "%s"', (line) => {
    expect(redactLine(line)).toBe(line);
  });

  test('the Luhn check', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('378282246310005')).toBe(true);
  });
});

describe('street addresses', () => {
  test.each([
    ['US address with an ordinal street', 'ship to 350 5th Ave, New York, NY 10118 today', 'ship to [address] today'],
    ['US parkway', 'ship to 1600 Amphitheatre Pkwy, Mountain View, CA 94043', 'ship to [address]'],
    ['Swiss order', 'ship to Rue du Rhône 5, 1204 Genève today', 'ship to [address] today'],
    ['Belgian order', 'envoyez à Avenue Louise 54, 1050 Bruxelles', 'envoyez à [address]'],
  ])('%s', (_, line, expected) => {
    expect(redactLine(line)).toBe(expected);
  });

  test.each([
    'We want 350 5th generation licences',
    'We need 20 Enterprise Way licences and 3 Pro Plaza seats',
    'Place 5 orders by 1204 hours',
    'Route 66 sessions, 2 per month',
  ])('keeps "%s"', (line) => {
    expect(redactLine(line)).toBe(line);
  });
});

describe('e-mail addresses', () => {
  test.each([
    ['local host at a sentence end', 'contact tom@localhost.', /^contact person-[0-9a-f]{6}@localhost\.$/],
    ['address literal', 'contact tom@[192.0.2.1] now', /^contact person-[0-9a-f]{6}@\[192\.0\.2\.1\] now$/],
    ['IPv6 literal', 'contact tom@[IPv6:2001:db8::1].', /^contact person-[0-9a-f]{6}@\[IPv6:2001:db8::1\]\.$/],
  ])('%s', (_, line, expected) => {
    expect(redactLine(line)).toMatch(expected);
  });
});
