// Mail-reading faults, each with the value it must give.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../helpers/paths.js';
import { extractBodyText } from '../../../src/parsers/mail-body.js';
import { describeStart } from '../../../src/parsers/mail-sniff.js';
import { readAll } from './helpers.js';

const FAULTS = path.join(FIXTURES, 'mail-faults');

describe('UTF-8 and Latin-1 mixed in one part', () => {
  it('decodes each sequence in its own charset and counts the message', async () => {
    const run = await readAll({ kind: 'mbox', path: path.join(FAULTS, 'mixed-utf8-latin1.mbox') });
    expect(run.messages).toHaveLength(1);
    const text = run.messages[0]?.text ?? '';
    expect(text).toContain('20 licences supplémentaires ?');
    expect(text).toContain('Hélène Roux');
    expect(text).toContain('> Voici le récapitulatif de votre abonnement.');
    expect(run.problems.map((problem) => problem.code)).toEqual(['MESSAGE_CHARSET_MIXED']);
    expect(run.problems[0]?.where).toBe('message 1 (byte 0)');
  });
});

describe('inline text parts of a multipart/mixed', () => {
  it('reads an HTML part after a plain one as more body, in order', async () => {
    const run = await readAll({ kind: 'mbox', path: path.join(FAULTS, 'mixed-plain-then-html.mbox') });
    expect(run.messages[0]?.text).toBe('Hi Alice, see below.\n\nWe are considering adding 15 users to our subscription next month.');
    expect(run.problems).toEqual([]);
  });

  it('still reads one version of a multipart/alternative inside it', () => {
    const raw = [
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: multipart/alternative; boundary="a"',
      '',
      '--a',
      'Content-Type: text/plain',
      '',
      'Plain version.',
      '--a',
      'Content-Type: text/html',
      '',
      '<p>HTML version.</p>',
      '--a--',
      '--m',
      'Content-Type: text/plain',
      '',
      'Footer.',
      '--m--',
      '',
    ].join('\n');
    const body = extractBodyText(Buffer.from(raw));
    expect(body.text).toBe('Plain version.\n\nFooter.');
    expect(body.textSource).toBe('plain');
  });
});

describe('a message without any date', () => {
  it('is read with a MESSAGE_UNDATED problem naming its file', async () => {
    const run = await readAll({ kind: 'eml', path: path.join(FAULTS, 'undated') });
    expect(run.messages.map((message) => message.date)).toEqual([null, '2026-09-07T09:00:00Z']);
    expect(run.problems).toEqual([
      expect.objectContaining({ code: 'MESSAGE_UNDATED', file: path.join(FAULTS, 'undated', 'a.eml') }),
    ]);
  });
});

describe('Maildir++ dot folders', () => {
  it('reads the messages of .Sent and .Customers with the inbox', async () => {
    const root = path.join(FAULTS, 'maildirpp');
    const run = await readAll({ kind: 'eml', path: root });
    expect(run.messages.map((message) => path.relative(root, message.file))).toEqual([
      path.join('.Customers', 'cur', '2.M2.h!2,S'),
      path.join('.Sent', 'cur', '3.M3.h!2,S'),
      path.join('cur', '1.M1.h!2,S'),
    ]);
    // Hidden files that are not Maildir++ folders stay skipped, each named.
    expect(run.problems.map((problem) => [problem.code, path.relative(root, problem.file), problem.detail])).toEqual([
      ['EML_SKIPPED_FILE', path.join('.Customers', 'cur', '._2.M2.h!2,S'), 'hidden file or folder; skipped'],
      ['EML_SKIPPED_FILE', '.DS_Store', 'hidden file or folder; skipped'],
      ['EML_SKIPPED_FILE', path.join('.Sent', 'maildirfolder'), 'hidden file or folder; skipped'],
    ]);
  });
});

describe('Apple Mail bundles and .emlx files', () => {
  it('nested bundles named by folder', async () => {
    const root = path.join(FAULTS, 'Inbox.mbox');
    const run = await readAll({ kind: 'mbox', path: root });
    expect(run.counts).toEqual({ path: root, messages: 9, skipped: 0 });
    const nested = path.join(root, 'Customers.mbox');
    expect(run.messages.map((message) => message.file)).toEqual([...Array<string>(6).fill(root), ...Array<string>(3).fill(nested)]);
    // The index runs on across the bundle, so each message of the mailbox has its own.
    expect(run.messages.map((message) => message.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(run.messages[6]?.offset).toBe(0);
    expect(run.problems).toEqual([
      expect.objectContaining({ code: 'MBOX_BUNDLE_EMPTY', file: path.join(nested, 'Old.mbox') }),
    ]);
  });

  it('non-mail nested bundle skipped', async () => {
    const root = path.join(FAULTS, 'Broken.mbox');
    const run = await readAll({ kind: 'mbox', path: root });
    expect(run.counts).toEqual({ path: root, messages: 6, skipped: 0 });
    expect(run.problems.map((problem) => [problem.code, problem.file])).toEqual([['MBOX_BUNDLE_SKIPPED', path.join(root, 'Cut.mbox')]]);
    expect(run.problems[0]?.detail).toContain('is not an mbox file (it starts with ">> Operations Manager');
  });

  it('emlx message without length or plist', async () => {
    const run = await readAll({ kind: 'eml', path: path.join(FAULTS, 'emlx') });
    expect(run.counts).toMatchObject({ messages: 1, skipped: 0 });
    expect(run.messages[0]?.subject).toBe('seats');
    expect(run.messages[0]?.text).toBe('We are considering adding 12 users to our subscription next month.\n');
    expect(run.problems).toEqual([]);
  });
});

describe('mbox separators with JavaScript dates', () => {
  it('splits every message, not only the first', async () => {
    const run = await readAll({ kind: 'mbox', path: path.join(FAULTS, 'js-envelope.mbox') });
    expect(run.messages.map((message) => message.subject)).toEqual(['request 0', 'request 1', 'request 2']);
    expect(run.problems).toEqual([]);
  });
});

describe('text cut at a limit', () => {
  it('says what was cut and at what size', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-cut-'));
    const file = path.join(dir, 'long-line.mbox');
    const line = 'x'.repeat(25_000);
    writeFileSync(file, `From a@b.example Mon Sep  7 09:00:00 2026\nFrom: a@b.example\nTo: c@d.example\nSubject: Long\n\n${line}\nCould we add 5 seats?\n`);
    const run = await readAll({ kind: 'mbox', path: file });
    const cut = run.problems.find((problem) => problem.code === 'MESSAGE_TEXT_TRUNCATED');
    expect(cut?.detail).toBe('a line was read up to its first 20,000 characters');
  });
});

describe('HTML text hidden from the reader', () => {
  it('leaves the hidden sentence of each message out', async () => {
    const run = await readAll({ kind: 'mbox', path: path.join(FAULTS, 'hidden-html.mbox') });
    expect(run.messages).toHaveLength(4);
    for (const message of run.messages) {
      expect(message.text.trim()).toBe('Thanks for the webinar invitation.');
      expect(message.textSource).toBe('html');
    }
    expect(run.problems).toEqual([]);
  });

  it('names a message whose only text is hidden', async () => {
    const run = await readAll({ kind: 'mbox', path: path.join(FAULTS, 'hidden-only.mbox') });
    expect(run.messages.map((message) => message.text)).toEqual(['', '']);
    expect(run.counts).toEqual({ path: path.join(FAULTS, 'hidden-only.mbox'), messages: 2, skipped: 0 });
    expect(run.problems.map((problem) => problem.code)).toEqual(['MESSAGE_TEXT_HIDDEN']);
    expect(run.problems[0]?.where).toBe('message 1 (byte 0)');
    expect(run.problems[0]?.detail).toContain('read as a message with no text');
  });
});

describe('a message without a Date header', () => {
  it('is dated from the envelope with a MESSAGE_DATE_MISSING problem', async () => {
    const file = path.join(FAULTS, 'no-date-header.mbox');
    const run = await readAll({ kind: 'mbox', path: file });
    expect(run.messages.map((message) => message.date)).toEqual(['2026-09-03T09:22:41Z', '2026-09-04T10:00:00Z']);
    expect(run.messages.map((message) => message.dateSource)).toEqual(['envelope', 'header']);
    expect(run.problems).toEqual([
      expect.objectContaining({ code: 'MESSAGE_DATE_MISSING', file, where: 'message 1 (byte 0)' }),
    ]);
  });
});

describe('an .eml that starts with a blank line', () => {
  it('is skipped with a hint that quotes its first header', async () => {
    const folder = path.join(FAULTS, 'leading-blank');
    const run = await readAll({ kind: 'eml', path: folder });
    expect(run.messages).toEqual([]);
    expect(run.problems).toEqual([
      expect.objectContaining({
        code: 'EML_NOT_MAIL',
        file: path.join(folder, 'leadingblank.eml'),
        detail: 'file starts with a blank line, then "From: U518 <u518@c518.example>", not a mail header; skipped',
      }),
    ]);
  });
});

describe('describeStart', () => {
  const cases: Array<[string, string, string]> = [
    ['empty file', '', 'nothing (the file is empty)'],
    ['BOM only', '\uFEFF', 'nothing (the file is empty)'],
    ['text line', 'Hello world\nmore', '"Hello world"'],
    ['one blank line', '\nFrom: a@b.example\n', 'a blank line, then "From: a@b.example"'],
    ['blank lines with CR and spaces', ' \r\n\t\r\n\r\nX-Key: 1\r\n', '3 blank lines, then "X-Key: 1"'],
    ['blank lines only', '\n\n\n', 'blank lines only'],
    ['binary after a blank line', '\n\u0000\u0001\u0002', 'binary data'],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(describeStart(Buffer.from(text, 'utf8'))).toBe(expected);
  });
});
