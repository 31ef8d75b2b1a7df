import { describe, expect, it } from 'vitest';
import { parseMailDate } from '../../../src/parsers/mail-date.js';

describe('parseMailDate', () => {
  it.each([
    ['Tue, 13 Oct 2026 09:15:00 +0200', '2026-10-13T07:15:00Z', 'numeric offset'],
    ['Tue, 13 Oct 2026 09:15:00 +0200 CEST', '2026-10-13T07:15:00Z', 'offset then zone word'],
    ['Wed, 14 Oct 2026 16:40:00 CEST', '2026-10-14T14:40:00Z', 'zone word only'],
    ['Thu, 15 Oct 2026 11:05:00 +0200 (GMT+02:00)', '2026-10-15T09:05:00Z', 'zone comment'],
    ['Mon, 2 Nov 2026 08:00:00 +0100 (CET)', '2026-11-02T07:00:00Z', 'CET comment'],
    ['Mon, 1 Jan 2024 10:00:00 +0000)', '2024-01-01T10:00:00Z', 'closing parenthesis without comment'],
    ['Mon, 2 Nov 2026 08:00:00 +0900 CET', '2026-11-01T23:00:00Z', 'offset wins over word'],
    ['Fri, 25 Sep 92 14:13:02 PDT', '1992-09-25T21:13:02Z', 'two-digit year 92'],
    ['Fri, 25 Sep 12 14:13:02 GMT', '2012-09-25T14:13:02Z', 'two-digit year 12'],
    ['Wed, 25 Jan 0002 07:56:54 -0800 (PST)', '2002-01-25T15:56:54Z', 'year written 0002'],
    ['Sun, 21 Jul 1996 17:02:55 EST', '1996-07-21T22:02:55Z', 'EST'],
    ['1 Jan 2024 00:00:00 EDT', '2024-01-01T04:00:00Z', 'EDT without weekday'],
    ['Mon, 1 Jan 2024 00:00 UT', '2024-01-01T00:00:00Z', 'UT without seconds'],
    ['Mon, 1 Jan 2024 10:00:00 Z', '2024-01-01T10:00:00Z', 'Z'],
    ['Mon, 1 Jan 2024 10:00:00 BST', '2024-01-01T09:00:00Z', 'BST'],
    ['Mon, 1 Jan 2024 10:00:00 PST', '2024-01-01T18:00:00Z', 'PST'],
    ['Mon, 1 Jan 2024 10:00:00 MDT', '2024-01-01T16:00:00Z', 'MDT'],
    ['Mon, 1 Jan 2024 10:00:00 CDT', '2024-01-01T15:00:00Z', 'CDT'],
    ['Mon, 1 Jan 2024 10:00:00 GMT+0530', '2024-01-01T04:30:00Z', 'GMT plus offset'],
    ['Mon, 1 Jan 2024 10:00:00', '2024-01-01T10:00:00Z', 'no zone reads as UTC'],
    ['Mon Oct 19 08:00:00 2026', '2026-10-19T08:00:00Z', 'asctime'],
    ['Wed Mar 25 23:05:15 +0000 2020', '2020-03-25T23:05:15Z', 'Takeout asctime with offset'],
    ['Sun 24 Jan 2016 21:57:32', '2016-01-24T21:57:32Z', 'Thunderbird envelope order'],
    ['2026-10-13T07:15:00Z', '2026-10-13T07:15:00Z', 'ISO 8601'],
    ['2026-10-13 09:15:00+02:00', '2026-10-13T07:15:00Z', 'ISO 8601 with offset'],
    ['13-Oct-2026 09:15:00 +0200', '2026-10-13T07:15:00Z', 'dashed date'],
    ['Thursday, 15 October 2026 11:05:00 +0200', '2026-10-15T09:05:00Z', 'full names'],
    ['Mon, 7 Sep 2026 09:00 PM +0000', '2026-09-07T21:00:00Z', 'PM adds 12 hours'],
    ['Mon, 7 Sep 2026 9:00:00 PM -0500', '2026-09-08T02:00:00Z', 'PM with an offset'],
    ['Mon, 7 Sep 2026 12:15 AM', '2026-09-07T00:15:00Z', '12 AM is midnight'],
    ['Mon, 7 Sep 2026 12:15 PM', '2026-09-07T12:15:00Z', '12 PM is noon'],
    ['Mon, 7 Sep 2026 09:00 AM GMT', '2026-09-07T09:00:00Z', 'AM keeps the hour'],
    ['Monday, September 7, 2026 9:00PM', '2026-09-07T21:00:00Z', 'marker joined to the time'],
    ['Sep 7, 2026 9:00 p.m.', '2026-09-07T21:00:00Z', 'p.m. with dots'],
    ['Mon, 7 Sep 2026 21:00:00 PM +0000', '2026-09-07T21:00:00Z', 'a 24-hour time with PM stays'],
  ])('%s', (value, expected) => {
    expect(parseMailDate(value)).toBe(expected);
  });

  it.each([
    ['lundi 19 octobre 2026 10h00', 'French words'],
    ['', 'empty'],
    ['not a date', 'text'],
    ['Mon, 31 Feb 2026 10:00:00 +0000', 'day out of range'],
    ['Mon, 1 Jan 2026 25:00:00 +0000', 'hour out of range'],
    ['Thu, 01 Jan 1970 00:00:00 +0000', 'the epoch'],
    ['Mon, 1 Jan 2026', 'no time'],
  ])('%s is null', (value) => {
    expect(parseMailDate(value)).toBeNull();
  });
});
