// End to end: --redact through bin/leak.js on a small mailbox. Its names are
// written beside addresses in the text, split by a soft hyphen or a zero-width
// space in HTML, or sent under a display name with a title after a comma.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runLeak } from '../helpers/cli.js';

/** Builds one mbox message. The vendor's own messages let the audit find the mailbox owner. */
function message(from: string, subject: string, day: number, body: string, type = 'text/plain'): string {
  return [
    `From x@y Tue Sep ${String(day).padStart(2, ' ')} 06:00:00 2026`,
    `From: ${from}`,
    'To: Claire Martin <claire.martin@vendor.example>',
    `Subject: ${subject}`,
    `Date: Tue, ${String(day).padStart(2, '0')} Sep 2026 06:00:00 +0000`,
    `Message-ID: <m${day}@client.example>`,
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    '',
    body,
    '',
  ].join('\n');
}

const MAILBOX = [
  message(
    'Sam Ito <sam@acme.example>',
    'Add Jane Roe and Kenji Watanabe',
    1,
    'Hi Claire, we are considering adding 3 users next month: Jane Roe <jane.roe@acme.example>, Kenji Watanabe ' +
      '(kenji@acme.example) and paul@acme.example (Paul Wright), plus "Ines Moreau" <ines@acme.example>.',
  ),
  message(
    '=?UTF-8?Q?H=C3=A9l=C3=A8ne_Lef=C3=A8vre?= <helene.lefevre@lefevre.example>',
    'Seats',
    2,
    '<html><body><p>Hi Claire,</p><p>We are considering adding 15 users next month for H&eacute;l&egrave;ne ' +
      'Lef&shy;&egrave;vre and Olivia&#8203;Hart, call 06&nbsp;12&nbsp;34&nbsp;56&nbsp;78.</p></body></html>',
    'text/html',
  ).replace('To: ', 'Cc: Olivia Hart <olivia.hart@lefevre.example>\nTo: '),
  message(
    '"John Smith, CFO" <js@acme1.example>',
    'Seats for John Smith',
    3,
    'Hi Claire, we are considering adding 15 users for John Smith next month.',
  ),
  ...[1, 2, 3].map((day) =>
    message('Claire Martin <claire.martin@vendor.example>', 'hi', 20 + day, 'hello').replace('To: Claire Martin <claire.martin@vendor.example>', `To: x${day}@y.example`),
  ),
].join('\n');

let json = '';

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-redact-names-'));
  const mbox = path.join(dir, 'inbox.mbox');
  writeFileSync(mbox, MAILBOX);
  const result = await runLeak(['audit', '--mbox', mbox, '--no-progress', '--redact', '--json']);
  expect(result.status).toBe(0);
  json = result.stdout;
});

describe('--redact on names in the text', () => {
  test('finds the signals', () => {
    const report = JSON.parse(json) as { opportunities: unknown[] };
    expect(report.opportunities).toHaveLength(3);
  });

  test.each([
    ['names beside addresses', /Jane|Roe|Kenji|Watanabe|Paul|Wright|Ines|Moreau/],
    ['a soft hyphen and a zero-width space', /H[ée]l[èe]ne|Lef|Olivia|Hart/],
    ['a title after a comma', /John|Smith/],
    ['a phone with no-break spaces', /06\s12\s34/],
  ])('hides %s', (_, pattern) => {
    expect(json).not.toMatch(pattern);
  });
});
