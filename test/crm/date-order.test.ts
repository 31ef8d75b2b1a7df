// Day-first or month-first is a property of the whole export. A column that no
// value decides follows the column that proves the order, and a file that stays
// undecided is reported. A creation date after the close date is a problem.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { decideFileDateOrders } from '../../src/parsers/crm/dates.js';
import { formatInspection, inspectCrm, readCrm } from '../../src/parsers/crm/index.js';
import { FIXTURES } from '../helpers/paths.js';

const OPTIONS = { map: {}, defaultCurrency: 'EUR' };
const fixture = (name: string) => path.join(FIXTURES, 'crm', 'date-order', name);

describe('one order per file', () => {
  // Close Date 25/04/2026 proves day-first; Created Date 10/04/2026 alone decides nothing.
  const file = fixture('day-first-close.csv');

  test('undecided column follows proved one', async () => {
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.dateOrders.closeDate).toMatchObject({ order: 'day-first', basis: 'values' });
    expect(inspection.dateOrders.createdDate).toMatchObject({ order: 'day-first', basis: 'file' });
    expect(formatInspection(inspection)).toContain(
      '  createdDate   day-first (from another column): no value in this column decides; ' +
        '"25/04/2026" can only be day-first in "Close Date", and one export writes every date the same way\n',
    );
  });

  test('dates read day-first', async () => {
    const data = await readCrm([file], OPTIONS);
    expect(data.opportunities.map((row) => [row.createdDate, row.closeDate])).toEqual([
      ['2026-04-10', '2026-04-25'],
      ['2026-02-03', '2026-02-28'],
    ]);
    expect(data.problems.map((problem) => problem.code)).toEqual([]);
  });
});

describe('a file that no value decides', () => {
  test('guess reported with columns', async () => {
    const data = await readCrm([fixture('ambiguous.csv')], OPTIONS);
    const guessed = data.problems.filter((problem) => problem.code === 'CRM_DATE_ORDER_GUESSED');
    expect(guessed).toHaveLength(1);
    expect(guessed[0]?.detail).toContain('columns "Close Date" and "Created Date"');
    expect(guessed[0]?.detail).toContain(
      'month-first was assumed because the headers are English and the delimiter is not a semicolon',
    );
  });

  test('inspect shows the guess', async () => {
    const text = formatInspection(await inspectCrm(fixture('ambiguous.csv'), OPTIONS));
    expect(text).toContain(
      '  closeDate     month-first (ambiguous): no value in the file decides the order; month-first assumed ' +
        '(the headers are English and the delimiter is not a semicolon)\n',
    );
  });
});

describe('creation after close', () => {
  test('problem names the row', async () => {
    const data = await readCrm([fixture('created-after-close.csv')], OPTIONS);
    expect(data.problems).toEqual([
      {
        code: 'CRM_CREATED_AFTER_CLOSE',
        file: fixture('created-after-close.csv'),
        where: 'line 2',
        detail:
          'opportunity "Gamma deal" was created on 2026-04-15 (Created Date), after its close date 2026-03-01 ' +
          '(Close Date); check the row or the date order',
      },
    ]);
  });
});

describe('decideFileDateOrders', () => {
  const column = (field: string, cells: string[]) => ({ field, header: field, cells });

  test('disagreeing columns leave fallback', () => {
    const decided = decideFileDateOrders(
      [column('a', ['25/04/2026']), column('b', ['04/25/2026']), column('c', ['03/11/2026'])],
      'month-first',
      'a reason',
    );
    expect(decided.disagreement).toEqual({ dayFirst: ['a'], monthFirst: ['b'] });
    expect(decided.decisions.c).toMatchObject({ order: 'month-first', basis: 'default' });
    expect(decided.guessedHeaders).toEqual(['c']);
  });

  test('unambiguous cells need no warning', () => {
    expect(decideFileDateOrders([column('a', ['01/01/2026', '05/05/2026'])], 'month-first', 'r').guessedHeaders).toEqual([]);
    expect(decideFileDateOrders([column('a', ['03.11.2026'])], 'month-first', 'r').guessedHeaders).toEqual([]);
  });
});

describe('dates in other spellings', () => {
  const file = path.join(FIXTURES, 'crm', 'date-spellings', 'crm.csv');

  test('every spelling gives one date', async () => {
    const data = await readCrm([file], OPTIONS);
    const dated = data.opportunities.filter((row) => !['D1', 'D10', 'D11'].includes(row.name));
    expect(dated.map((row) => `${row.name} ${row.createdDate} ${row.closeDate}`)).toEqual(
      ['D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9'].map((name) => `${name} 2026-08-01 2026-12-01`),
    );
  });

  test('only real text fails', async () => {
    const data = await readCrm([file], OPTIONS);
    const bad = data.problems.filter((problem) => problem.code === 'CRM_BAD_DATE');
    expect(bad.map((problem) => problem.where)).toEqual(['line 12', 'line 12']);
  });

  test('dotted cells decide no order', async () => {
    // 12/01/2026 alone is undecided, so the column is a guess even beside 01.12.2026.
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.dateOrders.closeDate).toMatchObject({ order: 'month-first', basis: 'default', undecidedCells: 1 });
  });
});

