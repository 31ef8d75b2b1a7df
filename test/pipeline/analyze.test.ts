// analyzeMessage: the duplicate fingerprint covers id, date, sender, subject
// and text, each field ended by a NUL, and only those.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { analyzeMessage, fingerprintText } from '../../src/pipeline/analyze.js';
import { makeMessage } from '../detectors/message.js';

const rules = loadRuleSet();

function fieldHash(fields: string[]): string {
  const hash = createHash('sha256');
  for (const field of fields) {
    hash.update(field);
    hash.update('\u0000');
  }
  return hash.digest('hex').slice(0, 32);
}

describe('analyzeMessage fingerprint', () => {
  test('hash of the NUL-ended fields', () => {
    const message = makeMessage({ subject: 'Seats', text: 'We need 10 more seats.' });
    const expected = fieldHash([message.id, message.date ?? '', message.from?.address ?? '', 'Seats', 'We need 10 more seats.']);
    expect(analyzeMessage(message, rules).fingerprint).toBe(expected);
  });

  test('lone surrogates at field edges', () => {
    const message = makeMessage({ subject: 'Seats \ud83d', text: '\ude00 We need seats.' });
    const expected = fieldHash([message.id, message.date ?? '', message.from?.address ?? '', 'Seats \ud83d', '\ude00 We need seats.']);
    expect(analyzeMessage(message, rules).fingerprint).toBe(expected);
  });

  test('other fields ignored', () => {
    const message = makeMessage({ subject: 'Seats', text: 'We need 10 more seats.' });
    const copy = { ...message, mailbox: 'other.mbox', index: 7, cc: [{ address: 'x@y.example', name: '' }] };
    expect(analyzeMessage(copy, rules).fingerprint).toBe(analyzeMessage(message, rules).fingerprint);
  });
});

describe('fingerprint text', () => {
  // What fingerprintOf() hashed before it skipped the replaces that have nothing to remove.
  const reference = (text: string): string => text.replace(/\r\n?/g, '\n').replace(/^>+(?=From )/gm, '').trimEnd();

  test.each([
    ['plain text', 'We need 10 more seats.\n\n'],
    ['CRLF and lone CR', 'Hello\r\nWe need seats.\rThanks\r\n\r\n'],
    ['mboxo quoting', 'Hi\n>From here on\n>>From there\n a >From b\nend\n'],
    ['quoting after CRLF', 'Hi\r\n>From here\r\n'],
    ['no text', ''],
  ])('%s', (_name, text) => {
    expect(fingerprintText(text)).toBe(reference(text));
  });

  test('CRLF copy has the fingerprint of the LF copy', () => {
    const message = makeMessage({ subject: 'Seats', text: 'We need 10 more seats.\nThanks\n' });
    const copy = { ...message, text: 'We need 10 more seats.\r\nThanks\r\n\r\n' };
    const expected = fieldHash([message.id, message.date ?? '', message.from?.address ?? '', 'Seats', 'We need 10 more seats.\nThanks']);
    expect(analyzeMessage(copy, rules).fingerprint).toBe(expected);
    expect(analyzeMessage(message, rules).fingerprint).toBe(expected);
  });

  test('lone surrogates at the ends of the text', () => {
    const message = makeMessage({ subject: '\ude00', text: '\ude00 seats \ud83d' });
    const expected = fieldHash([message.id, message.date ?? '', message.from?.address ?? '', '\ude00', '\ude00 seats \ud83d']);
    expect(analyzeMessage(message, rules).fingerprint).toBe(expected);
  });
});
