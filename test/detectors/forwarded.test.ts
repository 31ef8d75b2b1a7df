// The sender of a message forwarded inline, as named in owner-side exclusions.
import { describe, expect, it } from 'vitest';
import { findForwardedSender } from '../../src/detectors/forwarded.js';

describe('findForwardedSender', () => {
  it.each([
    ['Gmail', 'Can you take it?\n\n---------- Forwarded message ---------\nFrom: Ann <Ann@Client.example>\nDate: Wed, 2 Sep 2026\n', 'ann@client.example'],
    ['Thunderbird', 'FYI\n\n-------- Forwarded Message --------\nSubject: seats\nFrom: ann@client.example\n', 'ann@client.example'],
    ['Apple Mail', 'FYI\n\nBegin forwarded message:\n\nFrom: Ann <ann@client.example>\n', 'ann@client.example'],
    ['French Outlook web', 'Pour toi\n\n-------- Message transféré --------\nDe : Ann <ann@client.example>\n', 'ann@client.example'],
    ['reply history', 'Thanks\n\n-----Original Message-----\nFrom: Ann <ann@client.example>\n', null],
    ['no address', 'FYI\n\n---------- Forwarded message ---------\nFrom: Ann\n', null],
    ['no forward', 'We would like to add 5 users.\nFrom: the team\n', null],
  ])('%s', (_name, text, expected) => {
    expect(findForwardedSender(text)).toBe(expected);
  });
});
