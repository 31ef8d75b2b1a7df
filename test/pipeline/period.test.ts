// The audited period: every week inside a mailbox's date range counts, separate
// mailboxes far apart count only their own weeks, and stray dates are left out.
import { describe, expect, test } from 'vitest';
import {
  checkPeriodGaps,
  groupMailboxesByOwner,
  isStrayDate,
  MailDates,
  measureOwners,
  PERIOD_GAP_WEEKS,
} from '../../src/pipeline/period.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

function mailbox(path: string, firstDate: string | null, lastDate: string | null) {
  return { path, firstDate, lastDate };
}

/** Measures the period of dates given per mailbox path. */
function measure(byMailbox: Record<string, Array<string | null>>) {
  const collected = new MailDates();
  for (const [path, dates] of Object.entries(byMailbox)) for (const date of dates) collected.add(date, path);
  return collected.measure();
}

/** Returns one ISO date every `step` milliseconds, `count` times, from `start`. */
function every(start: string, step: number, count: number): string[] {
  const first = Date.parse(start);
  return Array.from({ length: count }, (_, index) => new Date(first + index * step).toISOString());
}

describe('MailDates', () => {
  test('short spans count as one week', () => {
    const period = measure({ a: ['2026-10-01T00:00:00.000Z', '2026-10-03T00:00:00.000Z'] });
    expect(period.weeks).toBe(1);
  });

  test('weeks from first to last date', () => {
    const period = measure({ a: ['2026-10-29T00:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-10-15T09:00:00.000Z'] });
    expect(period.weeks).toBe(4);
    expect(period.start).toBe('2026-10-01T00:00:00.000Z');
    expect(period.end).toBe('2026-10-29T00:00:00.000Z');
    expect(period.spans).toEqual([
      { start: '2026-10-01T00:00:00.000Z', end: '2026-10-29T00:00:00.000Z', weeks: 4, messages: 3 },
    ]);
  });

  test('no dates gives one week', () => {
    const period = measure({ a: [null, 'not a date'] });
    expect(period.weeks).toBe(1);
    expect(period.spans).toEqual([]);
    const problems = checkPeriodGaps([mailbox('a', null, null)], period);
    expect(problems.map((problem) => problem.code)).toEqual(['MAIL_UNDATED']);
  });

  test('single-message inputs weeks apart form one stretch', () => {
    // One .eml file per message, each its own input: the weeks between them are mail weeks.
    const dates = every('2026-01-05T10:00:00Z', WEEK_MS, 10);
    const byMailbox = Object.fromEntries(dates.map((date, index) => [`m${index}.eml`, [date]]));
    expect(measure(byMailbox).weeks).toBe(9);
  });

  test('sparse mailbox counts its whole range', () => {
    // Five requests 14 weeks apart, as in an export of one label: 56 weeks, not 1.
    const period = measure({ label: every('2025-01-06T09:00:00.000Z', 14 * WEEK_MS, 5) });
    expect(period.weeks).toBe(56);
    expect(period.spans).toHaveLength(1);
    expect(period.strays).toEqual([]);
    expect(period.gaps.map((gap) => gap.weeks)).toEqual([14, 14, 14, 14]);
  });

  test('spacing near the gap gives near periods', () => {
    const below = measure({ a: every('2025-01-06T09:00:00.000Z', 12.9 * WEEK_MS, 5) });
    const above = measure({ a: every('2025-01-06T09:00:00.000Z', 13.1 * WEEK_MS, 5) });
    expect(below.weeks).toBe(51.6);
    expect(above.weeks).toBe(52.4);
  });

  test('gap inside a mailbox is reported', () => {
    const period = measure({ a: [...every('2026-01-01T00:00:00.000Z', DAY_MS, 30), ...every('2026-09-01T00:00:00.000Z', DAY_MS, 30)] });
    // 272 days, not rounded: the loss divides by the exact span.
    expect(period.weeks).toBe(272 / 7);
    const problems = checkPeriodGaps([mailbox('a', '2026-01-01T00:00:00.000Z', '2026-09-30T00:00:00.000Z')], period);
    expect(problems.map((problem) => problem.code)).toEqual(['MAILBOX_GAP']);
    expect(problems[0]?.detail).toContain('no mail from 2026-01-30 to 2026-09-01 (30.6 weeks); these weeks count as audited');
  });

  test('separate exports sum their own weeks', () => {
    const period = measure({
      new: every('2025-06-01T00:00:00.000Z', DAY_MS, 29),
      old: every('2000-03-02T00:00:00.000Z', DAY_MS, 15),
    });
    expect(period.weeks).toBe(6);
    expect(period.start).toBe('2000-03-02T00:00:00.000Z');
    expect(period.end).toBe('2025-06-29T00:00:00.000Z');
    expect(period.spans.map((span) => [span.weeks, span.messages])).toEqual([[2, 15], [4, 29]]);
    const mailboxes = [mailbox('new', '2025-06-01T00:00:00.000Z', '2025-06-29T00:00:00.000Z'), mailbox('old', '2000-03-02T00:00:00.000Z', '2000-03-16T00:00:00.000Z'), mailbox('empty', null, null)];
    const problems = checkPeriodGaps(mailboxes, period);
    expect(problems.map((problem) => problem.code)).toEqual(['MAILBOX_PERIODS_DISJOINT']);
    expect(problems[0]?.file).toBe('new, old');
    expect(problems[0]?.detail).toContain('2000-03-02 to 2000-03-16 (15 messages); 2025-06-01 to 2025-06-29 (29 messages)');
  });

  test('one far-future date adds no weeks', () => {
    // Before, a single message dated 2099 stretched the period to 3,774 weeks.
    const period = measure({ a: [...every('2026-09-01T08:00:00.000Z', DAY_MS, 71), '2099-01-01T00:00:00.000Z'] });
    expect(period.weeks).toBe(10);
    expect(period.spans.map((span) => span.messages)).toEqual([71]);
    expect(period.strays).toEqual([
      {
        mailbox: 'a',
        dates: ['2099-01-01T00:00:00.000Z'],
        messages: 1,
        ranges: [{ first: '2099-01-01T00:00:00.000Z', last: '2099-01-01T00:00:00.000Z' }],
      },
    ]);
    expect(isStrayDate(period.strays, 'a', '2099-01-01T00:00:00.000Z')).toBe(true);
    expect(isStrayDate(period.strays, 'a', '2026-09-01T08:00:00.000Z')).toBe(false);
    expect(isStrayDate(period.strays, 'b', '2099-01-01T00:00:00.000Z')).toBe(false);
    const problems = checkPeriodGaps([mailbox('a', '2026-09-01T08:00:00.000Z', '2099-01-01T00:00:00.000Z')], period);
    expect(problems.map((problem) => problem.code)).toEqual(['MAIL_DATES_STRAY']);
    expect(problems[0]?.detail).toBe(
      '1 message dated more than 104 weeks from the rest of the mailbox (2099-01-01) is left out of the period, and so ' +
        'are the leads seen only there: they are listed with value kind outside-period but not counted in the annual ' +
        'loss. Check the Date header of this message, or audit them alone if the dates are right',
    );
  });

  test('a stray at each end is left out', () => {
    const period = measure({ a: ['1970-01-01T00:00:00.000Z', ...every('2026-09-01T08:00:00.000Z', DAY_MS, 71), '2099-01-01T00:00:00.000Z'] });
    expect(period.weeks).toBe(10);
    expect(period.strays[0]?.dates).toEqual(['1970-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z']);
  });

  test('a stray in a small mailbox is left out', () => {
    // One 1970 date among 12 messages: its gap dwarfs the 10 weeks of mail.
    const period = measure({ a: ['1970-01-02T00:00:00.000Z', ...every('2026-09-01T08:00:00.000Z', WEEK_MS * (10 / 11), 12)] });
    expect(period.weeks).toBe(10);
    expect(period.strays[0]?.dates).toEqual(['1970-01-02T00:00:00.000Z']);
  });

  test('a date 14 weeks after the rest stays', () => {
    // Sparse mail, not a wrong clock: the period runs to it.
    const period = measure({ a: [...every('2026-09-01T08:00:00.000Z', WEEK_MS, 13), '2027-02-25T00:00:00.000Z'] });
    expect(period.strays).toEqual([]);
    expect(period.end).toBe('2027-02-25T00:00:00.000Z');
  });

  test('two messages a year apart both stay', () => {
    const period = measure({ a: ['2026-01-01T10:00:00.000Z', '2026-12-31T10:00:00.000Z'] });
    expect(period.strays).toEqual([]);
    expect(period.weeks).toBe(52);
  });

  test('two lone messages decades apart both stay', () => {
    // Neither one outnumbers the other, so neither can be called the wrong clock.
    const period = measure({ a: ['1970-01-01T00:00:00.000Z', '2026-12-31T10:00:00.000Z'] });
    expect(period.strays).toEqual([]);
  });

  test('four dates 14 weeks apart all stay', () => {
    const period = measure({ a: every('2026-01-05T10:00:00.000Z', WEEK_MS * 14, 4) });
    expect(period.strays).toEqual([]);
    expect(period.weeks).toBe(42);
  });

  test.each([3, 10, 100, 1000])('stray rule ignores the rest count (%i messages)', (count) => {
    // The same dates with more mail in the rest give the same verdicts.
    const rest = every('2026-01-05T10:00:00.000Z', (WEEK_MS * 9) / (count - 1), count);
    const near = measure({ a: [...rest, '2026-06-15T10:00:00.000Z'] });
    expect(near.strays).toEqual([]);
    const far = measure({ a: [...rest, '2099-06-15T10:00:00.000Z'] });
    expect(far.strays.map((stray) => stray.dates)).toEqual([['2099-06-15T10:00:00.000Z']]);
  });

  test('a small edge group closer than the rest spans stays', () => {
    // 2 of 12 messages, 14 weeks before 20 weeks of mail: a sparse export, not a wrong clock.
    const period = measure({ a: ['2026-01-01T00:00:00.000Z', ...every('2026-04-10T00:00:00.000Z', WEEK_MS * 2, 11)] });
    expect(period.strays).toEqual([]);
    expect(period.start).toBe('2026-01-01T00:00:00.000Z');
  });

  test('a month of mail is no stray', () => {
    // Three messages are more than a wrong clock, so the range keeps them.
    const period = measure({ a: [...every('2026-01-01T00:00:00.000Z', DAY_MS, 3), ...every('2026-09-01T00:00:00.000Z', DAY_MS, 57)] });
    expect(period.strays).toEqual([]);
    expect(period.start).toBe('2026-01-01T00:00:00.000Z');
  });

  test('mailboxes exactly 13 weeks apart form one stretch', () => {
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const end = new Date(start + PERIOD_GAP_WEEKS * WEEK_MS).toISOString();
    expect(measure({ a: ['2026-01-01T00:00:00.000Z'], b: [end] }).spans).toHaveLength(1);
    const later = new Date(start + PERIOD_GAP_WEEKS * WEEK_MS + 1000).toISOString();
    expect(measure({ a: ['2026-01-01T00:00:00.000Z'], b: [later] }).spans).toHaveLength(2);
  });

  test('short period is reported', () => {
    const period = measure({ a: every('2026-10-01T00:00:00.000Z', DAY_MS, 10) });
    const problems = checkPeriodGaps([mailbox('a', '2026-10-01T00:00:00.000Z', '2026-10-10T00:00:00.000Z')], period);
    expect(problems.map((problem) => problem.code)).toEqual(['PERIOD_SHORT']);
    expect(problems[0]?.detail).toContain('only 1.29 weeks');
  });

  test('an undated mailbox among dated ones is reported', () => {
    const period = measure({ dated: every('2026-10-01T00:00:00.000Z', DAY_MS, 29) });
    const mailboxes = [
      { ...mailbox('dated', '2026-10-01T00:00:00.000Z', '2026-10-29T00:00:00.000Z'), messages: 29 },
      { ...mailbox('undated', null, null), messages: 5 },
      { ...mailbox('empty', null, null), messages: 0 },
    ];
    const problems = checkPeriodGaps(mailboxes, period);
    expect(problems.map((problem) => [problem.code, problem.file])).toEqual([['MAILBOX_UNDATED', 'undated']]);
  });

  test('one long stretch raises no problem', () => {
    const period = measure({ a: every('2026-10-01T00:00:00.000Z', DAY_MS, 29) });
    expect(checkPeriodGaps([mailbox('a', '2026-10-01T00:00:00.000Z', '2026-10-29T00:00:00.000Z')], period)).toEqual([]);
  });
});

/** Collects the dates given per mailbox path. */
function collect(byMailbox: Record<string, Array<string | null>>): MailDates {
  const collected = new MailDates();
  for (const [path, dates] of Object.entries(byMailbox)) for (const date of dates) collected.add(date, path);
  return collected;
}

describe('owner weeks', () => {
  const owners: Record<string, string | null> = { a: 'claire@v.example', a2: 'claire@v.example', b: 'tom@v.example', n: null, m: null };
  const ownerOf = (path: string) => owners[path] ?? null;

  test('groups mailboxes by owner', () => {
    expect(groupMailboxesByOwner(['n', 'b', 'a2', 'a', 'm'], ownerOf)).toEqual([
      { owner: 'claire@v.example', mailboxes: ['a', 'a2'] },
      { owner: 'tom@v.example', mailboxes: ['b'] },
      { owner: null, mailboxes: ['m', 'n'] },
    ]);
  });

  test('shifted owners count their own weeks', () => {
    // Two salespeople, 24 weeks each, 13 weeks apart: 37 weeks together, 24 each.
    const dates = collect({ a: every('2026-01-05T09:00:00Z', WEEK_MS, 25), b: every('2026-04-06T09:00:00Z', WEEK_MS, 25) });
    const whole = dates.measure();
    expect(whole.weeks).toBe(37);
    const weeks = measureOwners(dates, groupMailboxesByOwner(['a', 'b'], ownerOf), whole);
    expect(weeks.map((item) => [item.owner, item.weeks])).toEqual([['claire@v.example', 24], ['tom@v.example', 24]]);
  });

  test('one owner keeps the whole period', () => {
    const dates = collect({ a: every('2026-01-05T09:00:00Z', WEEK_MS, 11), a2: every('2026-03-16T09:00:00Z', WEEK_MS, 11) });
    const whole = dates.measure();
    const weeks = measureOwners(dates, groupMailboxesByOwner(['a', 'a2'], ownerOf), whole);
    // Consecutive exports of one person: the union, 20 weeks, not 10 + 10 counted twice.
    expect(weeks).toEqual([{ owner: 'claire@v.example', mailboxes: ['a', 'a2'], start: whole.start, end: whole.end, weeks: 20, spans: whole.spans }]);
  });

  test('an undated owner takes the whole period', () => {
    const dates = collect({ a: every('2026-01-05T09:00:00Z', WEEK_MS, 11), b: [null] });
    const whole = dates.measure();
    const weeks = measureOwners(dates, groupMailboxesByOwner(['a', 'b'], ownerOf), whole);
    expect(weeks[1]).toMatchObject({ owner: 'tom@v.example', start: null, end: null, weeks: 10, spans: [] });
  });

  test('short owner mail is reported per owner', () => {
    // One day of Tom's mail counts 1 week, and the warning names his mailboxes.
    const dates = collect({ a: every('2026-01-05T09:00:00Z', WEEK_MS, 11), b: ['2026-02-02T09:00:00Z', '2026-02-02T15:00:00Z'] });
    const whole = dates.measure();
    const weeks = measureOwners(dates, groupMailboxesByOwner(['a', 'b'], ownerOf), whole);
    expect(weeks[1]?.weeks).toBe(1);
    const spans = [mailbox('a', whole.start, null), mailbox('b', '2026-02-02T09:00:00Z', null)];
    const problems = checkPeriodGaps(spans, whole, weeks);
    expect(problems.map((problem) => [problem.code, problem.file])).toEqual([['PERIOD_SHORT', 'b']]);
    expect(problems[0]?.detail).toContain('the dated mail of the mailboxes of tom@v.example covers only 0.04 weeks (counted as 1)');
  });

  test('an undated mailbox names its owner weeks', () => {
    const dates = collect({ a: every('2026-01-05T09:00:00Z', WEEK_MS, 11), a2: [null], b: every('2026-01-05T09:00:00Z', WEEK_MS, 21) });
    const whole = dates.measure();
    const weeks = measureOwners(dates, groupMailboxesByOwner(['a', 'a2', 'b'], ownerOf), whole);
    const spans = [mailbox('a', whole.start, null), { ...mailbox('a2', null, null), messages: 3 }, mailbox('b', whole.start, null)];
    const problems = checkPeriodGaps(spans, whole, weeks);
    expect(problems.map((problem) => problem.code)).toEqual(['MAILBOX_UNDATED']);
    expect(problems[0]?.detail).toContain('its signals count against the 10 weeks of the other mailboxes of claire@v.example');
  });

  test('owners far apart are not disjoint', () => {
    // Different people's exports years apart: each owner counts its own weeks, so no warning.
    const dates = collect({ a: every('2020-01-06T09:00:00Z', WEEK_MS, 11), b: every('2026-01-05T09:00:00Z', WEEK_MS, 11) });
    const whole = dates.measure();
    const weeks = measureOwners(dates, groupMailboxesByOwner(['a', 'b'], ownerOf), whole);
    const spans = [mailbox('a', whole.start, null), mailbox('b', '2026-01-05T09:00:00Z', null)];
    expect(checkPeriodGaps(spans, whole, weeks)).toEqual([]);
  });

  test('one owner far apart is disjoint', () => {
    const dates = collect({
      a: every('2020-01-06T09:00:00Z', WEEK_MS, 11),
      a2: every('2026-01-05T09:00:00Z', WEEK_MS, 11),
      b: every('2026-01-05T09:00:00Z', WEEK_MS, 11),
    });
    const whole = dates.measure();
    const weeks = measureOwners(dates, groupMailboxesByOwner(['a', 'a2', 'b'], ownerOf), whole);
    expect(weeks.map((item) => item.weeks)).toEqual([20, 10]);
    const spans = ['a', 'a2', 'b'].map((path) => mailbox(path, '2026-01-05T09:00:00Z', null));
    const problems = checkPeriodGaps(spans, whole, weeks);
    expect(problems.map((problem) => [problem.code, problem.file])).toEqual([['MAILBOX_PERIODS_DISJOINT', 'a, a2']]);
    expect(problems[0]?.detail).toContain('the mailboxes of claire@v.example cover separate date ranges');
  });
});
