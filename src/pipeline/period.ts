// The audited period: the weeks of mail the invisible leads are counted over,
// measured from message dates. Within one mailbox every week from its first to
// its last message counts, because an export filtered by label, folder or
// search contains sparse mail whose gaps were still weeks of business. Mailboxes
// whose date ranges lie more than PERIOD_GAP_WEEKS apart, such as two exports
// years apart, count only their own weeks. A few messages dated years from the
// rest of their mailbox (a clock set to 2099) are left out as strays, and so
// are the leads seen only in them (estimate.ts). Each
// mailbox owner's weeks are also measured from that owner's mailboxes alone,
// because the loss annualises each owner's leads over them (estimate.ts).
import { compareText } from '../compare.js';
import type { PeriodSpan } from '../report/schema.js';
import type { Problem } from '../types.js';
import { roundTo } from './estimate.js';

const MS_PER_DAY = 24 * 60 * 60 * 1000;
const MS_PER_WEEK = 7 * MS_PER_DAY;
const WEEKS_PER_YEAR = 52;

/**
 * Weeks without mail from which a gap is reported. Inside a mailbox such a gap
 * still counts as audited weeks, but between separate mailboxes it does not.
 */
export const PERIOD_GAP_WEEKS = 13;

/** Weeks of dated mail below which the annual figures rest on too little mail, and a problem reports it. */
export const SHORT_PERIOD_WEEKS = 4;

/** Messages an edge group may hold to be a stray: one or two wrong clocks, not a month of mail. */
const MAX_STRAY_MESSAGES = 2;

/**
 * Weeks without mail that an edge group must lie beyond to be a stray: two
 * years. Sparse mail (two messages a year apart, a lead a quarter) keeps every
 * date, and a clock set to 1970 or 2099 still does not stretch the period.
 */
export const STRAY_GAP_WEEKS = 104;

/** Stray dates quoted in the problem detail, per mailbox. */
const STRAY_DATES_SHOWN = 3;

export interface MailPeriod {
  start: string | null;
  end: string | null;
  weeks: number;
  /** Stretches of mail, oldest first; empty when no message is dated. */
  spans: PeriodSpan[];
  /** Gaps of more than PERIOD_GAP_WEEKS inside one mailbox, counted as audited weeks. */
  gaps: MailGap[];
  /** Messages left out of the period as stray dates, per mailbox. */
  strays: StrayDates[];
}

export interface MailGap {
  mailbox: string;
  start: string;
  end: string;
  weeks: number;
}

export interface StrayDates {
  mailbox: string;
  dates: string[];
  messages: number;
  /** First and last date of each group left out, to tell whether a message's date is one of them. */
  ranges: Array<{ first: string; last: string }>;
}

interface DayDates {
  first: string;
  last: string;
  messages: number;
}

interface MailboxRange extends DayDates {
  mailbox: string;
}

/**
 * Collects message dates per mailbox and calendar day (UTC), so memory grows
 * with the days covered, not with the messages, and measures the period from them.
 */
export class MailDates {
  private readonly daysByMailbox = new Map<string, Map<number, DayDates>>();

  add(date: string | null, mailbox = ''): void {
    if (date === null) return;
    const time = Date.parse(date);
    if (Number.isNaN(time)) return;
    let days = this.daysByMailbox.get(mailbox);
    if (days === undefined) {
      days = new Map();
      this.daysByMailbox.set(mailbox, days);
    }
    const day = Math.floor(time / MS_PER_DAY);
    const entry = days.get(day);
    if (entry === undefined) {
      days.set(day, { first: date, last: date, messages: 1 });
      return;
    }
    if (date < entry.first) entry.first = date;
    if (date > entry.last) entry.last = date;
    entry.messages += 1;
  }

  /**
   * Returns the period: each mailbox's range without its strays, ranges
   * merged into stretches unless more than PERIOD_GAP_WEEKS apart, and the
   * stretches' summed length in weeks (at least one). With `only`, just
   * those mailboxes count.
   */
  measure(only?: readonly string[]): MailPeriod {
    const ranges: MailboxRange[] = [];
    const gaps: MailGap[] = [];
    const strays: StrayDates[] = [];
    const chosen = only === undefined ? undefined : new Set(only);
    const mailboxes = [...this.daysByMailbox.keys()].filter((mailbox) => chosen?.has(mailbox) ?? true).sort(compareText);
    for (const mailbox of mailboxes) {
      const days = [...(this.daysByMailbox.get(mailbox) ?? new Map<number, DayDates>()).entries()]
        .sort(([a], [b]) => a - b)
        .map(([, entry]) => entry);
      const groups = trimStrays(groupByGap(days), mailbox, strays);
      const first = groups[0];
      const last = groups[groups.length - 1];
      if (first === undefined || last === undefined) continue;
      for (let index = 1; index < groups.length; index += 1) {
        const before = groups[index - 1] as DayDates;
        const after = groups[index] as DayDates;
        gaps.push({ mailbox, start: before.last, end: after.first, weeks: weeksBetween(before.last, after.first) });
      }
      const messages = groups.reduce((sum, group) => sum + group.messages, 0);
      ranges.push({ mailbox, first: first.first, last: last.last, messages });
    }
    return { ...mergeRanges(ranges), gaps, strays };
  }
}

/** One mailbox owner's mailboxes, to measure the weeks that owner's own mail covers. */
export interface OwnerMailboxes {
  /** Owner address (or --owner domain), or null for the mailboxes with no owner, taken together. */
  owner: string | null;
  /** Mailbox paths, sorted. */
  mailboxes: string[];
}

/** The weeks of one owner's own mail: the period of that owner's mailboxes alone. */
export interface OwnerWeeks extends OwnerMailboxes {
  start: string | null;
  end: string | null;
  /** At least 1, and the whole period's weeks when none of the owner's mail is dated. */
  weeks: number;
  /** Stretches of the owner's mail, as in MailPeriod. */
  spans: PeriodSpan[];
}

/**
 * Groups mailboxes by owner: each owner's mailboxes together, and the mailboxes
 * without an owner together, because leak cannot tell whose they are. Groups
 * are sorted by owner, the group without an owner last.
 */
export function groupMailboxesByOwner(paths: readonly string[], ownerOf: (path: string) => string | null): OwnerMailboxes[] {
  const groups = new Map<string | null, string[]>();
  for (const path of paths) {
    const owner = ownerOf(path);
    const group = groups.get(owner) ?? [];
    if (!group.includes(path)) group.push(path);
    groups.set(owner, group);
  }
  return [...groups]
    .map(([owner, mailboxes]) => ({ owner, mailboxes: mailboxes.sort(compareText) }))
    .sort((a, b) => (a.owner === null ? 1 : 0) - (b.owner === null ? 1 : 0) || compareText(a.owner ?? '', b.owner ?? ''));
}

/**
 * Measures each owner's weeks from that owner's mailboxes alone, so two
 * salespeople's exports that only partly overlap in time each count their own
 * weeks. An owner with no dated mail takes the whole period's weeks, as the
 * signals of an undated mailbox do with one owner.
 */
export function measureOwners(dates: MailDates, groups: readonly OwnerMailboxes[], whole: MailPeriod): OwnerWeeks[] {
  return groups.map((group) => {
    const period = groups.length === 1 ? whole : dates.measure(group.mailboxes);
    const isDated = period.spans.length > 0;
    return {
      owner: group.owner,
      mailboxes: [...group.mailboxes],
      start: period.start,
      end: period.end,
      weeks: isDated ? period.weeks : whole.weeks,
      spans: period.spans,
    };
  });
}

/** Splits days (oldest first) into groups wherever PERIOD_GAP_WEEKS pass without mail. */
function groupByGap(days: DayDates[]): DayDates[] {
  const groups: DayDates[] = [];
  for (const day of days) {
    const last = groups[groups.length - 1];
    if (last !== undefined && weeksBetween(last.last, day.first) <= PERIOD_GAP_WEEKS) {
      last.last = day.last;
      last.messages += day.messages;
    } else {
      groups.push({ ...day });
    }
  }
  return groups;
}

/**
 * Drops edge groups, oldest or newest, of at most MAX_STRAY_MESSAGES messages
 * that the rest of the mailbox outnumbers, when their gap to the rest is longer
 * than STRAY_GAP_WEEKS and longer than the rest spans. One message dated 1970
 * would otherwise stretch ten weeks to decades. The test reads only dates and
 * the edge group's size, so more mail in the rest does not change it.
 */
function trimStrays(groups: DayDates[], mailbox: string, strays: StrayDates[]): DayDates[] {
  const dropped: DayDates[] = [];
  const kept = [...groups];
  while (kept.length > 1) {
    const newest = kept[kept.length - 1] as DayDates;
    const oldest = kept[0] as DayDates;
    let edge: DayDates | undefined;
    if (isStray(newest, kept.slice(0, -1), weeksBetween((kept[kept.length - 2] as DayDates).last, newest.first))) {
      edge = kept.pop();
    } else if (isStray(oldest, kept.slice(1), weeksBetween(oldest.last, (kept[1] as DayDates).first))) {
      edge = kept.shift();
    }
    if (edge === undefined) break;
    dropped.push(edge);
  }
  if (dropped.length > 0) {
    const dates = dropped.flatMap((group) => (group.first === group.last ? [group.first] : [group.first, group.last])).sort();
    const ranges = dropped.map((group) => ({ first: group.first, last: group.last })).sort((a, b) => compareText(a.first, b.first));
    const messages = dropped.reduce((sum, group) => sum + group.messages, 0);
    strays.push({ mailbox, dates, messages, ranges });
  }
  return kept;
}

/** Tells whether an edge group is a stray next to the rest of its mailbox's mail (see trimStrays). */
function isStray(edge: DayDates, rest: DayDates[], gapWeeks: number): boolean {
  if (edge.messages > MAX_STRAY_MESSAGES) return false;
  const restFirst = rest[0];
  const restLast = rest[rest.length - 1];
  if (restFirst === undefined || restLast === undefined) return false;
  const restMessages = rest.reduce((sum, group) => sum + group.messages, 0);
  // Two lone messages years apart give no rest to measure against: both stay.
  if (restMessages <= edge.messages) return false;
  return gapWeeks > STRAY_GAP_WEEKS && gapWeeks > weeksBetween(restFirst.first, restLast.last);
}

/**
 * Tells whether a message date of a mailbox was left out of the period as a
 * stray, so the leads seen only on such dates are left out of the annual loss.
 */
export function isStrayDate(strays: readonly StrayDates[], mailbox: string, date: string): boolean {
  const stray = strays.find((item) => item.mailbox === mailbox);
  return stray?.ranges.some((range) => date >= range.first && date <= range.last) ?? false;
}

/** Merges mailbox ranges into stretches, oldest first, unless more than PERIOD_GAP_WEEKS apart. */
function mergeRanges(ranges: MailboxRange[]): Pick<MailPeriod, 'start' | 'end' | 'weeks' | 'spans'> {
  const sorted = [...ranges].sort((a, b) => compareText(a.first, b.first) || compareText(a.mailbox, b.mailbox));
  const stretches: DayDates[] = [];
  for (const range of sorted) {
    const last = stretches[stretches.length - 1];
    if (last !== undefined && weeksBetween(last.last, range.first) <= PERIOD_GAP_WEEKS) {
      if (range.last > last.last) last.last = range.last;
      last.messages += range.messages;
    } else {
      stretches.push({ first: range.first, last: range.last, messages: range.messages });
    }
  }
  const lengths = stretches.map((item) => weeksBetween(item.first, item.last));
  const spans = stretches.map((item, index) => ({
    start: item.first,
    end: item.last,
    weeks: lengths[index] ?? 0,
    messages: item.messages,
  }));
  const first = spans[0];
  const last = spans[spans.length - 1];
  if (first === undefined || last === undefined) return { start: null, end: null, weeks: 1, spans };
  const total = lengths.reduce((sum, length) => sum + length, 0);
  // Not rounded: the loss divides by the exact span, and the reports print it in days too.
  return { start: first.start, end: last.end, weeks: Math.max(1, total), spans };
}

/** Writes a length in weeks as the reports print it, to two decimals ("8.71 weeks"). */
function weeksText(weeks: number): string {
  return plural(roundTo(weeks, 2), 'week');
}

function weeksBetween(start: string, end: string): number {
  return (Date.parse(end) - Date.parse(start)) / MS_PER_WEEK;
}

/** First and last message date of one mailbox. */
export interface DateSpan {
  firstDate: string | null;
  lastDate: string | null;
}

/** Widens the span to include the date; ISO 8601 UTC strings compare in time order. */
export function widenSpan(span: DateSpan, date: string | null): void {
  if (date === null) return;
  if (span.firstDate === null || date < span.firstDate) span.firstDate = date;
  if (span.lastDate === null || date > span.lastDate) span.lastDate = date;
}

/**
 * Returns the problems that change how to read the period. They report stray
 * dates left out, long gaps inside a mailbox counted as audited weeks, and
 * mailboxes in separate stretches, each counting only its own weeks. They also
 * report too few weeks of mail for an annual figure, or no dated mail at all.
 */
export function checkPeriodGaps(
  mailboxes: Array<DateSpan & { path: string; messages?: number }>,
  period: MailPeriod,
  owners?: readonly OwnerWeeks[],
): Problem[] {
  const dated = mailboxes.filter((mailbox) => mailbox.firstDate !== null);
  const files = (dated.length > 0 ? dated : mailboxes).map((mailbox) => mailbox.path).join(', ');
  if (period.spans.length === 0) {
    return [
      {
        code: 'MAIL_UNDATED',
        file: files,
        where: '-',
        detail: 'no message has a usable date, so the period is set to 1 week and the annual figures are not a measured rate',
      },
    ];
  }
  const problems: Problem[] = [];
  for (const mailbox of mailboxes) {
    if (mailbox.firstDate !== null || (mailbox.messages ?? 0) === 0) continue;
    // With several owners, the signals count against the weeks of this mailbox's owner.
    const group = owners !== undefined && owners.length > 1 ? owners.find((item) => item.mailboxes.includes(mailbox.path)) : undefined;
    const against =
      group === undefined || group.spans.length === 0
        ? `the other mailboxes' ${weeksText(period.weeks)}`
        : `the ${weeksText(group.weeks)} of ${group.owner === null ? 'the other mailboxes without an owner' : `the other mailboxes of ${group.owner}`}`;
    problems.push({
      code: 'MAILBOX_UNDATED',
      file: mailbox.path,
      where: '-',
      detail:
        `no message of this mailbox has a usable date, so its signals count against ${against}; ` +
        'audit it alone, or with the mail of its own period',
    });
  }
  problems.push(...describeStrays(period.strays), ...describeGaps(period.gaps));
  // Several owners: each owner's weeks are checked, because each owner's leads are annualised over them.
  if (owners !== undefined && owners.length > 1) {
    problems.push(...owners.flatMap(checkOwnerWeeks));
    return problems;
  }
  if (period.spans.length > 1) {
    const ranges = period.spans.map(
      (span) => `${day(span.start)} to ${day(span.end)} (${plural(span.messages, 'message')})`,
    );
    problems.push({
      code: 'MAILBOX_PERIODS_DISJOINT',
      file: files,
      where: '-',
      detail:
        `the mailboxes cover separate date ranges more than ${PERIOD_GAP_WEEKS} weeks apart (${ranges.join('; ')}); ` +
        `the period is their total length, ${weeksText(period.weeks)}, and the weeks between them are not counted`,
    });
  }
  const measured = period.spans.reduce((sum, span) => sum + span.weeks, 0);
  if (measured < SHORT_PERIOD_WEEKS) {
    problems.push({
      code: 'PERIOD_SHORT',
      file: files,
      where: '-',
      detail:
        `the dated mail covers only ${weeksText(measured)} (counted as ${roundTo(period.weeks, 2)}); the annual figures ` +
        `multiply it by ${roundTo(WEEKS_PER_YEAR / period.weeks, 1)}, so audit at least ${SHORT_PERIOD_WEEKS} weeks of mail before relying on them`,
    });
  }
  return problems;
}

/** Problems of one owner's weeks when there are several owners: separate stretches, or too few weeks. */
function checkOwnerWeeks(owner: OwnerWeeks): Problem[] {
  if (owner.spans.length === 0) return [];
  const problems: Problem[] = [];
  const file = owner.mailboxes.join(', ');
  const ownerMail = owner.owner === null ? 'the mailboxes without an owner' : `the mailboxes of ${owner.owner}`;
  if (owner.spans.length > 1) {
    const ranges = owner.spans.map((span) => `${day(span.start)} to ${day(span.end)} (${plural(span.messages, 'message')})`);
    problems.push({
      code: 'MAILBOX_PERIODS_DISJOINT',
      file,
      where: '-',
      detail:
        `${ownerMail} cover separate date ranges more than ${PERIOD_GAP_WEEKS} weeks apart (${ranges.join('; ')}); ` +
        `their period is the total length, ${weeksText(owner.weeks)}, and the weeks between them are not counted`,
    });
  }
  const measured = owner.spans.reduce((sum, span) => sum + span.weeks, 0);
  if (measured < SHORT_PERIOD_WEEKS) {
    problems.push({
      code: 'PERIOD_SHORT',
      file,
      where: '-',
      detail:
        `the dated mail of ${ownerMail} covers only ${weeksText(measured)} (counted as ${roundTo(owner.weeks, 2)}); ` +
        `the annual figures multiply the leads found there by ${roundTo(WEEKS_PER_YEAR / owner.weeks, 1)}, so audit at least ` +
        `${SHORT_PERIOD_WEEKS} weeks of each owner's mail before relying on them`,
    });
  }
  return problems;
}

function describeStrays(strays: StrayDates[]): Problem[] {
  return strays.map((stray) => {
    const shown = stray.dates.slice(0, STRAY_DATES_SHOWN).map(day).join(', ');
    const more = stray.dates.length > STRAY_DATES_SHOWN ? ', …' : '';
    return {
      code: 'MAIL_DATES_STRAY',
      file: stray.mailbox,
      where: '-',
      detail:
        `${plural(stray.messages, 'message')} dated more than ${STRAY_GAP_WEEKS} weeks from the rest of the mailbox ` +
        `(${shown}${more}) ${stray.messages === 1 ? 'is' : 'are'} left out of the period, and so are the leads seen only there: ` +
        'they are listed with value kind outside-period but not counted in the annual loss. Check the Date header of ' +
        `${stray.messages === 1 ? 'this message' : 'these messages'}, or audit them alone if the dates are right`,
    };
  });
}

function describeGaps(gaps: MailGap[]): Problem[] {
  return gaps.map((gap) => ({
    code: 'MAILBOX_GAP',
    file: gap.mailbox,
    where: '-',
    detail:
      `no mail from ${day(gap.start)} to ${day(gap.end)} (${plural(roundTo(gap.weeks, 1), 'week')}); these weeks count as audited, ` +
      'as in an export filtered by label or folder. If the mailbox was not in use then, the annual figures are too ' +
      'low: export each date range from the mail client as its own mbox and pass each with --mbox, so only ' +
      'the weeks each one covers count',
  }));
}

function day(date: string): string {
  return date.slice(0, 10);
}

function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
