import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decideDateOrder, parseDate, type DateOrder } from '../../src/parsers/crm/dates.js';

// cell, order, ISO date, reason
const VALID: Array<[string, DateOrder, string, string]> = [
  ['2026-10-01', 'month-first', '2026-10-01', 'ISO date'],
  ['2026-10-01 09:00', 'month-first', '2026-10-01', 'ISO date and time'],
  ['2024-01-22T16:14:25.000+0000', 'month-first', '2024-01-22', 'Salesforce API timestamp'],
  ['15/12/2026', 'day-first', '2026-12-15', 'French day-first'],
  ['03/11/2026', 'day-first', '2026-11-03', 'ambiguous read day-first'],
  ['03/11/2026', 'month-first', '2026-03-11', 'ambiguous read month-first'],
  ['5/20/2024 7:42', 'month-first', '2024-05-20', 'Dynamics M/D/YYYY H:MM'],
  ['02/23/26 08:55 PM', 'month-first', '2026-02-23', 'Salesforce MM/DD/YY hh:mm AM'],
  ['02/03/24', 'month-first', '2024-02-03', 'two-digit year'],
  ['31.01.2027', 'day-first', '2027-01-31', 'German dotted date'],
  ['46000', 'month-first', '2025-12-09', 'Excel serial number'],
  ['2024/02/29', 'day-first', '2024-02-29', 'leap day with slashes'],
  ['Dec 1, 2026', 'day-first', '2026-12-01', 'English month name first'],
  ['December 1st 2026', 'day-first', '2026-12-01', 'full English month, ordinal day'],
  ['Dec 1, 2026 9:30 AM', 'day-first', '2026-12-01', 'month name with a time'],
  ['1 déc. 2026', 'month-first', '2026-12-01', 'French abbreviated month'],
  ['1 décembre 2026 09:30', 'month-first', '2026-12-01', 'French month with a time'],
  ['1. März 2026', 'month-first', '2026-03-01', 'German month'],
  ['1-Dec-26', 'month-first', '2026-12-01', 'Oracle DD-Mon-YY'],
  ['01-AUG-2026', 'month-first', '2026-08-01', 'upper-case month'],
  ['20261201', 'month-first', '2026-12-01', 'compact YYYYMMDD'],
  ['01.12.2026', 'month-first', '2026-12-01', 'dotted date read day-first in a month-first column'],
];

const INVALID: Array<[string, DateOrder]> = [
  ['2026-02-30', 'month-first'],
  ['15/12/2026', 'month-first'],
  ['13/13/2026', 'day-first'],
  ['next week', 'day-first'],
  ['123', 'day-first'],
  ['2026-13-01', 'day-first'],
  ['Foo 1, 2026', 'day-first'],
  ['31 Feb 2026', 'day-first'],
  ['12345678', 'day-first'],
  ['20261301', 'day-first'],
  ['12.25.2026', 'month-first'],
];

describe('parseDate', () => {
  test.each(VALID)('%s (%s)', (cell, order, iso) => {
    expect(parseDate(cell, order)).toEqual({ kind: 'value', iso });
  });

  test.each(INVALID)('rejects %s (%s)', (cell, order) => {
    expect(parseDate(cell, order).kind).toBe('invalid');
  });

  test('empty cell', () => {
    expect(parseDate('  ', 'day-first').kind).toBe('empty');
  });

  test('random text never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.constantFrom<DateOrder>('day-first', 'month-first'),
        (cell, order) => {
          const result = parseDate(cell, order);
          if (result.kind === 'value') expect(result.iso).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('every calendar day round-trips', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01'), max: new Date('2068-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const [year, month, day] = iso.split('-');
          expect(parseDate(`${day}/${month}/${year}`, 'day-first')).toEqual({ kind: 'value', iso });
          expect(parseDate(`${month}/${day}/${year?.slice(2)}`, 'month-first')).toEqual({
            kind: 'value',
            iso,
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('decideDateOrder', () => {
  test('dotted dates are day-first even with English headers', () => {
    // 04.09.2026 had been read as 9 April in a file with English headers, flipping the verdict.
    const decision = decideDateOrder(['04.09.2026', '01.02.2026'], 'month-first');
    expect(decision.order).toBe('day-first');
    expect(decideDateOrder(['04/09/2026', '01.02.2026'], 'month-first').order).toBe('month-first');
  });

  test('day above 12 decides day-first', () => {
    const decision = decideDateOrder(['03/11/2026', '15/12/2026'], 'month-first');
    expect(decision.order).toBe('day-first');
    expect(decision.basis).toBe('values');
  });

  test('second field above 12 decides month-first', () => {
    const decision = decideDateOrder(['03/11/2026', '8/31/2024'], 'day-first');
    expect(decision.order).toBe('month-first');
    expect(decision.basis).toBe('values');
  });

  test('ambiguous values use the fallback', () => {
    const decision = decideDateOrder(['03/11/2026', '01/02/2027'], 'day-first');
    expect(decision.order).toBe('day-first');
    expect(decision.basis).toBe('default');
  });

  test('conflicting values are flagged', () => {
    expect(decideDateOrder(['15/12/2026', '12/15/2026'], 'month-first').basis).toBe('conflict');
  });

  test('ISO-only column needs no order', () => {
    expect(decideDateOrder(['2026-10-01', ''], 'month-first').basis).toBe('none-needed');
  });
});
