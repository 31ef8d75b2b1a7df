// analyzeMessage: the duplicate fingerprint covers id, date, sender, subject
// and text, each field ended by a NUL, and only those.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { analyzeMessage } from '../../src/pipeline/analyze.js';
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
