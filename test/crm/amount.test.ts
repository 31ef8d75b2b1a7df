import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseAmount } from '../../src/parsers/crm/amount.js';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

// cell, value, currency, reason
const VALID: Array<[string, number, string | null, string]> = [
  ['$1,234.50', 1234.5, 'USD', 'US grouping and decimal point'],
  [`1.234,50 €`, 1234.5, 'EUR', 'German grouping and decimal comma'],
  [`50${NNBSP}000,00${NBSP}€`, 50000, 'EUR', 'narrow no-break space grouping'],
  ['€ 3.000', 3000, 'EUR', 'three digits after a lone dot are a group'],
  ['EUR 7 500', 7500, 'EUR', 'ISO code prefix and space grouping'],
  [`-9,13${NBSP}€`, -9.13, 'EUR', 'negative with decimal comma'],
  [`50 000,00 €`, 50000, 'EUR', 'French format with spaces'],
  ['50.000,00 €', 50000, 'EUR', 'dot grouping'],
  ['EUR 50000', 50000, 'EUR', 'plain digits'],
  ['$12,400.00', 12400, 'USD', 'dollar with cents'],
  ['(3 200,00)', -3200, null, 'accounting negative'],
  ['12500', 12500, null, 'bare integer'],
  ['3200,5', 3200.5, null, 'one decimal digit after a comma'],
  ['0,00', 0, null, 'zero with decimal comma'],
  [`12${NBSP}500,00`, 12500, null, 'no-break space grouping without currency'],
  ['1124741.15', 1124741.15, null, 'Salesforce API amount'],
  ['7500 EUR', 7500, 'EUR', 'ISO code suffix'],
  ['£99', 99, 'GBP', 'pound sign'],
  ["CHF 1'250.50", 1250.5, 'CHF', 'Swiss apostrophe grouping'],
  ['-$1,000', -1000, 'USD', 'minus before the symbol'],
  ['1,234,567', 1234567, null, 'repeated comma grouping'],
  ['1.2345', 1.2345, null, 'four digits after a dot cannot be a group'],
  ['\u22125', -5, null, 'Unicode minus sign'],
];

// cell, reason
const INVALID: Array<[string, string]> = [
  ['0.500', 'leading zero group: decimal or grouping'],
  ['12,34,567', 'groups of two are not thousands groups'],
  ['1.234.5', 'last group too short after repeated dots'],
  ['deux mille', 'words'],
  ['1 234.567', 'space and dot both grouping'],
  ['12..5', 'doubled separator'],
  ['1,234.5.6', 'decimal point written twice'],
  ['EUR', 'currency without digits'],
];

describe('parseAmount', () => {
  test.each(VALID)('%s', (cell, value, currency) => {
    const result = parseAmount(cell);
    expect(result.kind).toBe('value');
    if (result.kind !== 'value') return;
    expect(result.value).toBeCloseTo(value, 6);
    expect(result.currency).toBe(currency);
  });

  test.each(INVALID)('rejects %s', (cell) => {
    expect(parseAmount(cell).kind).toBe('invalid');
  });

  test.each(['', '   ', `${NBSP}`])('empty cell %j', (cell) => {
    expect(parseAmount(cell).kind).toBe('empty');
  });

  test('random text never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (cell) => {
        const result = parseAmount(cell);
        if (result.kind === 'value') expect(Number.isFinite(result.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('mutated amounts never throw', () => {
    const pieces = fc.constantFrom(
      '1',
      '23',
      '456',
      '.',
      ',',
      ' ',
      NBSP,
      NNBSP,
      '€',
      '$',
      'EUR',
      '-',
      '(',
      ')',
      "'",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const result = parseAmount(parts.join(''));
        if (result.kind === 'value') expect(Number.isNaN(result.value)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  test('integers survive any grouping style', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.constantFrom(',', '.', ' ', NNBSP),
        (value, separator) => {
          const grouped = value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, separator);
          const result = parseAmount(
            `${grouped},00`.replace(/^(.*),00$/, separator === ',' ? '$1.00' : '$1,00'),
          );
          expect(result.kind).toBe('value');
          if (result.kind === 'value') expect(result.value).toBe(value);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('shared currency symbols', () => {
  // cell, --currency, currency read
  test.each<[string, string | undefined, string]>([
    ['$12,400.00', undefined, 'USD'],
    ['$12,400.00', 'EUR', 'USD'],
    ['$12,400.00', 'AUD', 'AUD'],
    ['$12,400.00', 'CAD', 'CAD'],
    ['$12,400.00', 'MXN', 'MXN'],
    ['12 400,00 $', 'CAD', 'CAD'],
    ['US$12,400.00', 'AUD', 'USD'],
    ['A$12,400.00', 'CAD', 'AUD'],
    ['¥500000', undefined, 'JPY'],
    ['¥500000', 'CNY', 'CNY'],
    ['¥500000', 'AUD', 'JPY'],
    ['€1,000', 'AUD', 'EUR'],
  ])('%s with --currency %s is %s', (cell, preferred, currency) => {
    const result = parseAmount(cell, preferred === undefined ? {} : { preferredCurrency: preferred });
    expect(result.kind === 'value' ? result.currency : null).toBe(currency);
  });
});
