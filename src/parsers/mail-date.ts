// Date parsing for Date headers and mbox envelope lines. JavaScript's Date parser
// rejects zone words such as CEST and comments such as "(GMT+02:00)", and mailparser
// then falls back to the time of parsing, so leak reads the fields itself.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const WEEKDAYS = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|urday|sday)?\.?$/i;

/**
 * Offsets in minutes east of UTC for zone words found in real Date headers.
 * NOTE: IST is read as India (+05:30), the most common sender of that word; Irish and
 * Israel Standard Time also use it, so such dates may be off by a few hours.
 */
const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  MET: 60,
  CEST: 120,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  IST: 330,
  SGT: 480,
  HKT: 480,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
};

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;
/** "AM", "p.m." or a time with the marker attached ("9:00PM"); group 1 is the time, group 2 a or p. */
const MERIDIEM = /^(\d{1,2}:\d{2}(?::\d{2})?)?([ap])\.?m\.?$/i;
const NUMERIC_OFFSET = /^(?:GMT|UTC|UT)?([+-])(\d{1,2}):?(\d{2})?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_MONTH_YEAR = /^(\d{1,2})-([a-z]{3,9})-(\d{2,4})$/i;

/** Longest value examined; real Date headers are under 100 characters. */
const MAX_DATE_CHARS = 200;

interface DateFields {
  year: number | null;
  month: number | null;
  day: number | null;
  hour: number | null;
  minute: number;
  second: number;
  /** Minutes east of UTC taken from a numeric offset, which wins over a zone word. */
  numericOffset: number | null;
  zoneOffset: number | null;
  /** 'am' or 'pm' when a 12-hour clock marker follows the time ("9:00 PM"). */
  meridiem: 'am' | 'pm' | null;
}

/**
 * Parses an RFC 5322 Date header, an asctime envelope date or an ISO 8601 timestamp.
 * Returns ISO 8601 UTC without milliseconds (`2026-10-14T14:40:00Z`), or null when the
 * value lacks a day, month name, year or time.
 */
export function parseMailDate(value: string): string | null {
  const cleaned = stripComments(value.slice(0, MAX_DATE_CHARS)).trim();
  if (cleaned === '') {
    return null;
  }

  const iso = ISO_DATE.exec(cleaned);
  if (iso) {
    return parseIsoMatch(iso);
  }

  const fields = readTokens(cleaned);
  if (fields === null) {
    return null;
  }
  return buildUtc(fields);
}

function stripComments(value: string): string {
  // Most dates carry no comment, and the loop below would rebuild them one character at a time.
  if (!value.includes('(')) {
    return value;
  }
  let depth = 0;
  let output = '';
  for (const char of value) {
    if (char === '(') {
      depth += 1;
    } else if (char === ')' && depth > 0) {
      depth -= 1;
    } else if (depth === 0) {
      output += char;
    }
  }
  return output;
}

function parseIsoMatch(match: RegExpExecArray): string | null {
  const [, year, month, day, hour, minute, second, zone] = match;
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    offset = readNumericOffset(zone) ?? 0;
  }
  return buildUtc({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? 0),
    numericOffset: offset,
    zoneOffset: null,
    meridiem: null,
  });
}

function readTokens(value: string): DateFields | null {
  const fields: DateFields = {
    year: null,
    month: null,
    day: null,
    hour: null,
    minute: 0,
    second: 0,
    numericOffset: null,
    zoneOffset: null,
    meridiem: null,
  };

  for (const token of splitTokens(value)) {
    readToken(token, fields);
  }
  // 12-hour clock: "12:15 AM" is 00:15 and "9:00 PM" is 21:00; "21:00 PM" stays 21:00.
  if (fields.meridiem === 'pm' && fields.hour !== null && fields.hour < 12) {
    fields.hour += 12;
  } else if (fields.meridiem === 'am' && fields.hour === 12) {
    fields.hour = 0;
  }

  if (fields.year === null || fields.month === null || fields.day === null || fields.hour === null) {
    return null;
  }
  return fields;
}

function splitTokens(value: string): string[] {
  const tokens: string[] = [];
  for (const raw of value.split(/[\s,]+/)) {
    if (raw === '') {
      continue;
    }
    const dashed = DAY_MONTH_YEAR.exec(raw);
    if (dashed) {
      tokens.push(dashed[1] ?? '', dashed[2] ?? '', dashed[3] ?? '');
    } else {
      tokens.push(raw);
    }
  }
  return tokens;
}

function readToken(token: string, fields: DateFields): void {
  const time = TIME.exec(token);
  if (time && fields.hour === null) {
    fields.hour = Number(time[1]);
    fields.minute = Number(time[2]);
    fields.second = Number(time[3] ?? 0);
    return;
  }

  if (/^[+-]/.test(token) || /^(GMT|UTC|UT)[+-]/i.test(token)) {
    const offset = readNumericOffset(token);
    if (offset !== null && fields.numericOffset === null) {
      fields.numericOffset = offset;
    }
    return;
  }

  if (/^\d+$/.test(token)) {
    readNumber(token, fields);
    return;
  }

  const meridiem = MERIDIEM.exec(token);
  if (meridiem) {
    // "9:00PM" carries the marker on the time; "9:00 PM" has it as the next token.
    if (meridiem[1] !== undefined) {
      readToken(meridiem[1], fields);
    }
    if (fields.hour !== null && fields.meridiem === null) {
      fields.meridiem = (meridiem[2] ?? '').toLowerCase() === 'p' ? 'pm' : 'am';
    }
    return;
  }
  const word = token.replace(/\.$/, '');
  const month = readMonth(word);
  if (month !== null && fields.month === null) {
    fields.month = month;
    return;
  }
  if (WEEKDAYS.test(word)) {
    return;
  }

  const zone = ZONE_OFFSETS[word.toUpperCase()];
  if (zone !== undefined && fields.zoneOffset === null) {
    fields.zoneOffset = zone;
  }
}

function readNumber(token: string, fields: DateFields): void {
  const number = Number(token);
  // Some 2002-era clients wrote four-digit years such as "0002": read them as two-digit years.
  if (token.length >= 3 && !(token.length === 4 && number < 100)) {
    // RFC 5322 section 4.3: a three-digit year is added to 1900.
    fields.year ??= token.length === 3 ? number + 1900 : number;
    return;
  }
  if (fields.day === null) {
    fields.day = number;
    return;
  }
  // RFC 5322 section 4.3: two-digit years 00-49 are 2000-2049, 50-99 are 1950-1999.
  fields.year ??= number < 50 ? 2000 + number : 1900 + number;
}

function readMonth(word: string): number | null {
  const lower = word.toLowerCase();
  const full = FULL_MONTHS.indexOf(lower);
  if (full >= 0) {
    return full + 1;
  }
  if (lower === 'sept') {
    return 9;
  }
  const short = MONTHS.indexOf(lower);
  return short >= 0 ? short + 1 : null;
}

function readNumericOffset(token: string): number | null {
  const match = NUMERIC_OFFSET.exec(token);
  if (!match) {
    return null;
  }
  const [, sign, hours, minutes] = match;
  const hourPart = Number(hours);
  const minutePart = Number(minutes ?? 0);
  if (hourPart > 14 || minutePart > 59) {
    return null;
  }
  const total = hourPart * 60 + minutePart;
  return sign === '-' ? -total : total;
}

function buildUtc(fields: DateFields): string | null {
  const { year, month, day, hour, minute, second } = fields;
  if (year === null || month === null || day === null || hour === null) {
    return null;
  }
  if (!isValidCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 60) {
    return null;
  }

  // RFC 5322 treats a missing or unknown zone as "-0000": local time of unknown offset.
  const offset = fields.numericOffset ?? fields.zoneOffset ?? 0;
  const millis = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) - offset * 60_000;

  // The epoch itself is what broken clients write for "no date".
  if (millis === 0) {
    return null;
  }
  return new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
