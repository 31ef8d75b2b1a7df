import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LeakError } from '../../../src/errors.js';
import { MAX_MESSAGE_BYTES } from '../../../src/limits.js';
import { readMailSource } from '../../../src/parsers/mail-sources.js';
import { unescapeFromLines } from '../../../src/parsers/mbox.js';
import { corpusPath, FIXTURES } from '../../helpers/paths.js';
import { readAll, splitBytes, text } from './helpers.js';

const HEADERS = 'From: a@example.com\nSubject: one\n\n';

function mbox(...parts: string[]): Buffer {
  return Buffer.from(parts.join(''), 'utf8');
}

describe('splitMbox separators', () => {
  it.each([
    ['classic', 'From a@example.com Wed Nov 27 12:27:36 2002\n'],
    ['double space', 'From a@example.com  Fri Jan 10 15:32:16 2014\n'],
    ['Thunderbird dash', 'From - Fri Aug 24 11:55:47 2018\n'],
    ['Thunderbird bare dash', 'From -\n'],
    ['bare', 'From \n'],
    ['single token', 'From A\n'],
    ['Gmail Takeout', 'From 1662179098743785572@xxx Wed Mar 25 23:05:15 +0000 2020\n'],
    ['Takeout without date', 'From 1844347792267117879@xxx\n'],
    ['date without year before headers', 'From a@example.com Wed Nov 27 12:27\n'],
  ])('%s separator splits', async (_name, separator) => {
    const { raws } = await splitBytes(mbox(separator, HEADERS, 'body 1\n\n', separator, HEADERS, 'body 2\n'));
    expect(raws).toHaveLength(2);
    expect(text(raws[1]!)).toContain('body 2');
  });

  it.each([
    ['sentence', 'From January we add seats.\nThanks\n'],
    ['sentence before header-like line', 'From Russia with love\nYear: 1963\n'],
    ['bare before prose', 'From \nThis could cause problems\n'],
    ['indented', ' From a@example.com Wed Nov 27 12:27:36 2002\nSubject: x\n'],
    // Unescaped prose shaped like an envelope: a date without a year and no header after it.
    ['weekday date without year', 'From Monday Sep 14 09:00 onwards they need access,\nso we add 20 users.\n'],
    ['noon and a date', 'From noon Sep 30 12:00 the office is closed.\n'],
  ])('%s stays in the body', async (_name, bodyLines) => {
    const { raws } = await splitBytes(mbox('From - \n', HEADERS, 'start\n', bodyLines, 'end\n'));
    expect(raws).toHaveLength(1);
    expect(text(raws[0]!)).toContain(bodyLines);
  });

  it.each([
    ['RFC 5322 date', 'From bob@x.example Mon, 07 Sep 2026 09:00:00 +0000\n'],
    ['RFC 5322 date without weekday or zone', 'From bob@x.example 07 Sep 2026 09:00:00\n'],
    ['JavaScript Date.toString()', 'From bob@x.example Mon Sep 07 2026 09:00:00 GMT+0200 (Central European Summer Time)\n'],
    ['ISO 8601', 'From bob@x.example 2026-09-07T09:00:00Z\n'],
    ['Unix seconds', 'From bob@x.example 1757235600\n'],
    ['long English date', 'From bob@x.example Monday, September 7, 2026 9:00 AM\n'],
    ['quoted local part with a space', 'From "bob smith"@x.example Mon Sep  7 09:00:00 2026\n'],
  ])('%s separator splits before any line', async (_name, separator) => {
    // The line after the separator is no header: only the separator's own shape can decide.
    for (const first of ['>From bob@x.example Mon Sep  7 09:00:00 2026\n', '\n', 'Return-Path: <bob@x.example>\n']) {
      const message = (n: number) => `${separator}${first}From: B <bob@x.example>\nSubject: s${n}\n\nbody ${n}\n`;
      const input = mbox(message(1), '\n', message(2), '\n', message(3));
      for (const chunk of [input.length, 7]) {
        const { raws } = await splitBytes(input, chunk);
        expect(raws.map((raw) => text(raw).includes(`body ${raws.indexOf(raw) + 1}`))).toEqual([true, true, true]);
      }
    }
  });

  it('a later line of the first separator\'s shape splits', async () => {
    const separator = (day: string) => `From bob@x.example ${day}.09.2026 09:00\n`;
    const { raws } = await splitBytes(mbox(separator('07'), HEADERS, 'body 1\n\n', separator('14'), '\n', 'body 2\n'));
    expect(raws).toHaveLength(2);
  });

  it.each([
    ['prose', 'From here on, we ship daily.\nThanks\n'],
    ['prose with a long date', 'From Monday, September 7, 2026 9:00 AM we need 20 more seats.\nRegards\n'],
    ['prose with an ISO date', 'From 2026-09-07T09:00:00Z on, the price changes.\n'],
    ['prose with hours', 'From 9 to 5 every day\nHours: 9-5\n'],
  ])('%s stays in the body of a file of JavaScript dates', async (_name, bodyLines) => {
    const separator = 'From bob@x.example Mon Sep 07 2026 09:00:00 GMT+0200 (CEST)\n';
    const { raws } = await splitBytes(mbox(separator, HEADERS, 'start\n', bodyLines, 'end\n', separator, HEADERS, 'next\n'));
    expect(raws).toHaveLength(2);
    expect(text(raws[0]!)).toContain(bodyLines);
  });

  it('envelope with a quoted local part', async () => {
    const { raws } = await splitBytes(mbox('From "bob smith"@x.example Mon Oct 19 08:00:00 2026\n', HEADERS));
    expect(raws[0]?.envelope).toEqual({ sender: '"bob smith"@x.example', date: '2026-10-19T08:00:00Z' });
  });

  it('envelope sender and date', async () => {
    const { raws } = await splitBytes(mbox('From a@example.com Mon Oct 19 08:00:00 2026\n', HEADERS));
    expect(raws[0]?.envelope).toEqual({ sender: 'a@example.com', date: '2026-10-19T08:00:00Z' });
    expect(raws[0]?.offset).toBe(0);
  });

  it('offsets point at separators', async () => {
    const input = mbox('From -\n', HEADERS, 'x\n', 'From -\n', HEADERS);
    const { raws } = await splitBytes(input);
    expect(raws.map((raw) => raw.offset)).toEqual([0, input.indexOf('From -\n', 1)]);
  });
});

describe('splitMbox file starts', () => {
  it('UTF-8 BOM and blank lines', async () => {
    const { raws } = await splitBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), mbox('\n\r\nFrom -\n', HEADERS)]));
    expect(raws).toHaveLength(1);
    expect(raws[0]?.offset).toBe(6);
  });

  it('header block without From line', async () => {
    const { raws } = await splitBytes(mbox(HEADERS, 'only body\n'));
    expect(raws).toHaveLength(1);
    expect(raws[0]?.envelope).toBeNull();
  });

  it('MMDF separators only', async () => {
    const { raws, problems } = await splitBytes(Buffer.from('\x01\x01\x01\x01\n'));
    expect(raws).toHaveLength(0);
    expect(problems).toEqual([]);
  });

  it('MMDF messages', async () => {
    const marker = '\x01\x01\x01\x01\n';
    const { raws } = await splitBytes(mbox(marker, HEADERS, 'a\n', marker, marker, HEADERS, 'b\n', marker));
    expect(raws.map((raw) => text(raw).trim().slice(-1))).toEqual(['a', 'b']);
  });

  it('empty file is a problem', async () => {
    const { raws, problems } = await splitBytes(Buffer.alloc(0));
    expect(raws).toHaveLength(0);
    expect(problems.map((problem) => problem.code)).toEqual(['MBOX_EMPTY']);
  });

  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1')],
    ['CSV', Buffer.from('name,email,amount\nAcme,a@acme.example,100\n')],
    ['CSV with colons', Buffer.from('id:1,total:3\nid:2,total:4\n')],
    ['Outlook msg', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])],
    ['prose', Buffer.from('From the desk of the director\nHello all\n')],
  ])('%s raises INPUT_NOT_MAIL', async (_name, bytes) => {
    await expect(splitBytes(bytes)).rejects.toBeInstanceOf(LeakError);
    await expect(splitBytes(bytes)).rejects.toMatchObject({ code: 'INPUT_NOT_MAIL' });
    await expect(splitBytes(bytes)).rejects.toThrow('test.mbox');
  });
});

describe('splitMbox escaping and line endings', () => {
  it('mboxrd loses exactly one >', () => {
    const raw = Buffer.from('a\n>From x\n>>From y\n>>>From z\n> From w\nq>From v\n');
    expect(unescapeFromLines(raw).toString()).toBe('a\nFrom x\n>From y\n>>From z\n> From w\nq>From v\n');
    expect(raw.toString()).toBe('a\n>From x\n>>From y\n>>>From z\n> From w\nq>From v\n');
  });

  it.each([1, 3, 7, 4096])('escaped From lines in %i-byte chunks', async (size) => {
    const body = '>From x\nb\n>>From y\nq>From v\n>From z';
    const separator = 'From a@example.com Wed Nov 27 12:27:36 2002\n';
    const { raws } = await splitBytes(mbox(separator, HEADERS, body, '\n', separator, HEADERS, body), size);
    const unescaped = `${HEADERS}From x\nb\n>From y\nq>From v\nFrom z`;
    expect(raws.map(text)).toEqual([`${unescaped}\n`, unescaped]);
  });

  it('split messages copy the input', async () => {
    const input = mbox('From a@example.com Wed Nov 27 12:27:36 2002\n', HEADERS, 'x\n>From y\n');
    const { raws } = await splitBytes(input);
    raws[0]!.raw.fill(0x21);
    expect(input.toString()).toContain('>From y');
  });

  it('CRLF separators', async () => {
    const crlf = 'From a@example.com Wed Nov 27 12:27:36 2002\r\nFrom: a@example.com\r\n\r\nx\r\n';
    const { raws } = await splitBytes(mbox(crlf, crlf));
    expect(raws).toHaveLength(2);
    expect(text(raws[0]!).startsWith('From: a@example.com\r\n')).toBe(true);
  });

  it('mixed EOL with bare separators', async () => {
    const { raws } = await splitBytes(mbox('From \r\n', HEADERS, 'x\n', 'From \n', 'From: b@example.com\r\n\r\ny\r\n'));
    expect(raws).toHaveLength(2);
  });
});

describe('splitMbox Content-Length', () => {
  const body = 'line 1\nFrom a@example.com Wed Nov 27 12:27:36 2002\nFrom: trap@example.com\n\nline 4\n';

  it('exact length keeps From lines in the body', async () => {
    const first = `From -\nFrom: a@example.com\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`;
    const { raws } = await splitBytes(mbox(first, '\nFrom -\n', HEADERS, 'second\n'));
    expect(raws).toHaveLength(2);
    expect(text(raws[0]!)).toContain('From: trap@example.com');
  });

  it('length at EOF is accepted', async () => {
    const { raws } = await splitBytes(mbox(`From -\nFrom: a@example.com\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`));
    expect(raws).toHaveLength(1);
  });

  /**
   * Builds an mboxcl message with a base64 attachment of `attachmentBytes`,
   * then `tail` in a text part, declaring `lengthError` bytes more than its body.
   */
  function largeDeclared(attachmentBytes: number, tail: string, lengthError = 0): Buffer {
    const base64 = Buffer.alloc(attachmentBytes, 7).toString('base64').replace(/.{76}/g, '$&\n');
    const body =
      '--b\nContent-Type: text/plain\n\nplease quote 40 seats\n' +
      `--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n${base64}\n` +
      `--b\nContent-Type: text/plain\n\n${tail}--b--\n`;
    const headers = 'From: a@example.com\nContent-Type: multipart/mixed; boundary="b"\n';
    const first = `From -\n${headers}Content-Length: ${Buffer.byteLength(body) + lengthError}\n\n${body}`;
    return mbox(first, '\nFrom -\n', HEADERS, 'second\n');
  }

  it.each([
    ['attachment only', ''],
    ['separator-like line after the attachment', 'From a@example.com Wed Nov 27 12:27:36 2002\nFrom: trap@example.com\n\n'],
  ])('large declared body in chunks: %s', async (_name, tail) => {
    const bytes = largeDeclared(6 * 1024 * 1024, tail);
    const whole = await splitBytes(bytes);
    const chunked = await splitBytes(bytes, 64 * 1024);
    expect(chunked.raws).toHaveLength(2);
    expect(chunked.raws.map((raw) => raw.raw.toString('latin1'))).toEqual(whole.raws.map((raw) => raw.raw.toString('latin1')));
    expect(chunked.raws.map((raw) => raw.contentDigest)).toEqual(whole.raws.map((raw) => raw.contentDigest));
    expect(chunked.raws[0]!.raw.length).toBeLessThan(64 * 1024);
    expect(text(chunked.raws[0]!)).toContain('please quote 40 seats');
    expect(text(chunked.raws[0]!)).toContain(tail);
    expect(text(chunked.raws[1]!)).toContain('second');
  });

  it('wrong large declared length splits at the separator in chunks too', async () => {
    const separator = 'From a@example.com Wed Nov 27 12:27:36 2002\nFrom: trap@example.com\n\n';
    const bytes = largeDeclared(6 * 1024 * 1024, separator, 1000);
    const whole = await splitBytes(bytes);
    const chunked = await splitBytes(bytes, 64 * 1024);
    expect(whole.raws).toHaveLength(3);
    expect(chunked.raws.map((raw) => raw.offset)).toEqual(whole.raws.map((raw) => raw.offset));
    expect(chunked.raws.map((raw) => raw.raw.toString('latin1'))).toEqual(whole.raws.map((raw) => raw.raw.toString('latin1')));
  });

  it('wrong length is ignored', async () => {
    const { raws } = await splitBytes(mbox(`From -\nFrom: a@example.com\nContent-Length: 3\n\n${body}`));
    expect(raws).toHaveLength(2);
  });
});

describe('splitMbox Content-Length over a message', () => {
  const SEPARATOR = 'From a@b.example Thu Sep  3 09:22:41 2026\n';

  /** Builds a message with From, Date and Message-ID, and a Content-Length of `length` when given. */
  function message(id: string, body: string, length: number | 'exact' | null): string {
    const declared = length === 'exact' ? Buffer.byteLength(body) : length;
    const field = declared === null ? '' : `Content-Length: ${declared}\n`;
    return `${SEPARATOR}From: ${id}@c.example\nDate: Thu, 03 Sep 2026 10:00:00 +0000\nMessage-ID: <${id}@c.example>\n${field}\n${body}`;
  }

  async function splitBothWays(bytes: Buffer) {
    const whole = await splitBytes(bytes);
    const chunked = await splitBytes(bytes, 7);
    expect(chunked.raws.map((raw) => raw.raw.toString('latin1'))).toEqual(whole.raws.map((raw) => raw.raw.toString('latin1')));
    expect(chunked.problems).toEqual(whole.problems);
    return whole;
  }

  it('splits a plain mbox at a swallowed message', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'mail-faults', 'cl-exact-to-next.mbox'));
    const { raws, problems } = await splitBothWays(bytes);
    expect(raws.map((raw) => raw.offset)).toEqual([0, 330, 640]);
    expect(problems.map((problem) => [problem.code, problem.where])).toEqual([['MBOX_LENGTH_IGNORED', 'message 1 (byte 0)']]);
    expect(problems[0]?.detail).toContain('"From " line at byte 330');
    expect(problems[0]?.detail).toContain('<m1122@x.example>');
    expect(problems[0]?.detail).toContain('the message after the span has no Content-Length');
  });

  it('keeps an mboxcl2 body whole and names the message in it', async () => {
    const inner = message('inner', 'quoted text\n', null);
    const first = message('one', `see below\n\n${inner}`, 'exact');
    const bytes = mbox(first, message('two', 'second\n', 'exact'));
    const { raws, problems } = await splitBothWays(bytes);
    expect(raws).toHaveLength(2);
    expect(text(raws[0]!)).toContain('From: inner@c.example');
    expect(problems.map((problem) => [problem.code, problem.where])).toEqual([['MBOX_LENGTH_SPANS_MESSAGE', 'message 1 (byte 0)']]);
    expect(problems[0]?.detail).toContain('<inner@c.example>');
  });

  it('ignores the length after a message without one', async () => {
    const swallowed = message('two', 'second\n', null);
    const bytes = mbox(message('one', 'first\n', null), message('span', `x\n${swallowed}`, Buffer.byteLength(`x\n${swallowed}`)), message('three', 'third\n', 'exact'));
    const { raws, problems } = await splitBothWays(bytes);
    expect(raws).toHaveLength(4);
    expect(problems.map((problem) => problem.code)).toEqual(['MBOX_LENGTH_IGNORED']);
    expect(problems[0]?.detail).toContain('an earlier message has no Content-Length');
  });

  it.each([
    ['without', null, 2, 'MBOX_LENGTH_IGNORED'],
    ['with', 'exact', 1, 'MBOX_LENGTH_SPANS_MESSAGE'],
  ] as const)('a span to the end decides by the message inside %s a length', async (_name, innerLength, count, code) => {
    const inner = message('inner', 'quoted\n', innerLength);
    const bytes = mbox(message('one', `x\n${inner}`, Buffer.byteLength(`x\n${inner}`)));
    const { raws, problems } = await splitBothWays(bytes);
    expect(raws).toHaveLength(count);
    expect(problems.map((problem) => problem.code)).toEqual([code]);
  });
});

describe('splitMbox chunking', () => {
  const files = ['mimekit_content-length.mbox', 'mimekit_unmunged.mbox', 'thunderbird_mbox_unquoted.mbox', 'perl-mail-box_mbox.win.mbox'];

  it.each(files)('%s splits the same in 7-byte chunks', async (file) => {
    const bytes = await readFile(corpusPath('mbox', file));
    const whole = await splitBytes(bytes);
    const chunked = await splitBytes(bytes, 7);
    expect(chunked.raws.map((raw) => raw.offset)).toEqual(whole.raws.map((raw) => raw.offset));
    expect(chunked.raws.map((raw) => raw.raw.toString('latin1'))).toEqual(whole.raws.map((raw) => raw.raw.toString('latin1')));
  });

  it('oversized message is truncated', async () => {
    const big = Buffer.alloc(MAX_MESSAGE_BYTES + 1000, 'a\n');
    const input = Buffer.concat([mbox('From -\n', HEADERS), big, mbox('From -\n', HEADERS, 'small\n')]);
    const { raws, problems } = await splitBytes(input, 1024 * 1024);
    expect(raws).toHaveLength(2);
    expect(raws[0]?.raw.length).toBe(MAX_MESSAGE_BYTES);
    expect(problems.map((problem) => problem.code)).toEqual(['MBOX_MESSAGE_TRUNCATED']);
  });
});

describe('readMailSource mbox containers', () => {
  it('gzip file', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'leak-mbox-'));
    const file = path.join(folder, 'inbox.mbox.gz');
    await writeFile(file, gzipSync(await readFile(corpusPath('mbox', 'thunderbird_mbox_modern.mbox'))));
    const run = await readAll({ kind: 'mbox', path: file });
    expect(run.counts.messages).toBe(2);
  });

  it('Apple Mail bundle', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'leak-mbox-'));
    const bundle = path.join(folder, 'Inbox.mbox');
    await mkdir(bundle);
    await writeFile(path.join(bundle, 'mbox'), await readFile(corpusPath('mbox', 'thunderbird_movemailspool.mbox')));
    const run = await readAll({ kind: 'mbox', path: bundle });
    expect(run.counts.messages).toBe(3);
    expect(run.messages[0]?.mailbox).toBe(bundle);
  });

  it('folder without mbox raises', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'leak-mbox-'));
    await expect(readAll({ kind: 'mbox', path: folder })).rejects.toMatchObject({ code: 'INPUT_NOT_MAIL' });
  });

  it('missing file raises INPUT_NOT_FOUND', () => {
    const read = () => readMailSource({ kind: 'mbox', path: '/nonexistent/leak/inbox.mbox' }, []);
    expect(read).toThrow(/not found/);
  });

  it('CSV given as mbox raises', async () => {
    await expect(readAll({ kind: 'mbox', path: corpusPath('crm', 'bitrix24_deals.csv') })).rejects.toMatchObject({ code: 'INPUT_NOT_MAIL' });
  });

  it('Outlook msg given as mbox raises', async () => {
    const file = corpusPath('eml', 'spamscope-mail-parser_mail_outlook_1.msg');
    await expect(readAll({ kind: 'mbox', path: file })).rejects.toMatchObject({ code: 'INPUT_NOT_MAIL' });
  });
});
