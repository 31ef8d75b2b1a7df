import { readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeakError } from '../../../src/errors.js';
import { prepareEml } from '../../../src/parsers/eml.js';
import { corpusPath } from '../../helpers/paths.js';
import { readAll } from './helpers.js';

const EML_ROOT = corpusPath('eml');

/** Files in the corpus that are not mail: a direct read must raise INPUT_NOT_MAIL. */
const NOT_MAIL = new Set([
  'dovecot-malformed/019.eml',
  'dovecot-malformed/COPYING.txt',
  'hunny-mime-samples_COPYING.txt',
  'spamscope-mail-parser_mail_outlook_1.msg',
]);

const ALL_FILES = readdirSync(EML_ROOT, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(EML_ROOT, path.join(entry.parentPath, entry.name)))
  .sort();

describe('corpus eml files', () => {
  it.each(ALL_FILES.filter((file) => !NOT_MAIL.has(file)))('%s parses', async (file) => {
    const run = await readAll({ kind: 'eml', path: path.join(EML_ROOT, file) });
    expect(run.counts.messages + run.counts.skipped).toBe(1);
    expect(run.messages[0]?.id).not.toBe('');
  });

  it.each([...NOT_MAIL])('%s raises INPUT_NOT_MAIL', async (file) => {
    const source = { kind: 'eml', path: path.join(EML_ROOT, file) } as const;
    await expect(readAll(source)).rejects.toBeInstanceOf(LeakError);
    await expect(readAll(source)).rejects.toMatchObject({ code: 'INPUT_NOT_MAIL' });
    await expect(readAll(source)).rejects.toThrow(file);
  });
});

describe('eml folder scan', () => {
  it('reads every message file once', async () => {
    const run = await readAll({ kind: 'eml', path: EML_ROOT });
    const tmpFiles = ALL_FILES.filter((file) => file.includes('tmp/'));
    const otherExtensions = ALL_FILES.filter((file) => /\.(txt|msg)$/.test(file));
    expect(run.counts.messages + run.counts.skipped).toBe(ALL_FILES.length - tmpFiles.length - otherExtensions.length);
    expect(run.counts.skipped).toBe(1);
  });

  it('never reads Maildir tmp', async () => {
    const root = corpusPath('eml', 'mu_testdir_maildir');
    const run = await readAll({ kind: 'eml', path: root });
    const files = run.messages.map((message) => path.relative(root, message.file));
    expect(files.some((file) => file.split(path.sep).includes('tmp'))).toBe(false);
    expect(files.filter((file) => file.startsWith(`cur${path.sep}`))).toHaveLength(15);
    expect(run.counts.messages).toBe(19);
  });

  it('records skipped files as problems', async () => {
    const run = await readAll({ kind: 'eml', path: EML_ROOT });
    const skipped = run.problems
      .filter((problem) => problem.code === 'EML_SKIPPED_FILE' || problem.code === 'EML_NOT_MAIL')
      .map((problem) => [problem.code, path.relative(EML_ROOT, problem.file)]);
    expect(skipped).toEqual([
      ['EML_SKIPPED_FILE', 'dovecot-malformed/COPYING.txt'],
      ['EML_SKIPPED_FILE', 'hunny-mime-samples_COPYING.txt'],
      ['EML_SKIPPED_FILE', 'mu_testdir_maildir/tmp/1220863087.12663.ignore'],
      ['EML_SKIPPED_FILE', 'spamscope-mail-parser_mail_outlook_1.msg'],
      ['EML_NOT_MAIL', 'dovecot-malformed/019.eml'],
    ]);
  });

  it('scan order is sorted', async () => {
    const run = await readAll({ kind: 'eml', path: EML_ROOT });
    const order = run.messages.map((message) => message.file);
    expect(new Set(order).size).toBe(order.length);
    expect(order).toEqual([...order].sort());
    const indexes = run.messages.map((message) => message.index);
    expect(indexes.every((value, position) => position === 0 || value > (indexes[position - 1] ?? 0))).toBe(true);
  });

  it('duplicates keep their Message-ID', async () => {
    const run = await readAll({ kind: 'eml', path: corpusPath('eml', 'notmuch_duplicate') });
    expect(run.counts.messages).toBe(9);
    expect(new Set(run.messages.map((message) => message.id)).size).toBeLessThan(9);
  });

  it('non-mail file in a folder is not fatal', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'leak-eml-'));
    await writeFile(path.join(folder, 'a.eml'), 'From: a@example.com\nSubject: hi\n\nbody\n');
    await writeFile(path.join(folder, 'b.eml'), '%PDF-1.7\n');
    const run = await readAll({ kind: 'eml', path: folder });
    expect(run.counts).toMatchObject({ messages: 1, skipped: 1 });
    expect(run.problems.map((problem) => problem.code)).toEqual(['MESSAGE_UNDATED', 'EML_NOT_MAIL']);
  });
});

describe('eml content', () => {
  it('leading From_ line gives the envelope date', async () => {
    const prepared = prepareEml(Buffer.from('From user@domain  Fri Feb 22 17:06:23 2008\nFrom: a@b.example\n\nx\n'));
    expect(prepared.envelopeDate).toBe('2008-02-22T17:06:23Z');
    expect(prepared.raw.toString()).toBe('From: a@b.example\n\nx\n');
  });

  it('From_ line eml keeps its headers', async () => {
    const run = await readAll({ kind: 'eml', path: corpusPath('eml', 'nodemailer-mailparser_large_text.eml') });
    const message = run.messages[0];
    expect(message?.subject).toMatch(/^\[Bug 381598\]/);
    expect(message?.date).toBe('2011-08-03T17:43:19Z');
  });

  it('BOM before headers', async () => {
    const run = await readAll({ kind: 'eml', path: corpusPath('eml', 'mimekit_feedback-report-bom.eml') });
    expect(run.messages[0]?.subject).toBe('FW: Earn money');
  });

  it('missing Message-ID gets a stable id', async () => {
    const file = corpusPath('eml', 'nodemailer-mailparser_simple.eml');
    const first = await readAll({ kind: 'eml', path: file });
    const second = await readAll({ kind: 'eml', path: file });
    expect(first.messages[0]?.hasMessageId).toBe(false);
    expect(first.messages[0]?.id).toMatch(/^sha256-[0-9a-f]{24}@leak\.invalid$/);
    expect(second.messages[0]?.id).toBe(first.messages[0]?.id);
  });

  it.each([
    ['thunderbird_noCharsetKOI8U.eml', 'У меня большая семья'],
    ['thunderbird_noCharsetWindows1252.eml', 'Aquí tenemos texto en español'],
    ['thunderbird_wronglyDeclaredShift_JIS.eml', 'メールを簡単に。'],
    ['thunderbird_wronglyDeclaredUTF8.eml', 'メールを簡単に。'],
    ['thunderbird_iso-2022-jp-qp.eml', '日本語の本文が'],
    ['thunderbird_body-greek.eml', 'Καλησπέρα'],
    ['thunderbird_charset-cp932.eml', 'ここに本文がきます。'],
    ['ruby-mail_ks_c_5601-1987.eml', '스티해'],
    ['thunderbird_bad-charset.eml', 'Mätterhorn'],
  ])('%s text decodes', async (file, expected) => {
    const run = await readAll({ kind: 'eml', path: corpusPath('eml', file) });
    expect(run.messages[0]?.text).toContain(expected);
    expect(run.messages[0]?.text).not.toContain('\uFFFD');
  });

  it('UTF-7 encoded-word subject decodes', async () => {
    const run = await readAll({ kind: 'eml', path: corpusPath('eml', 'hunny-mime-samples_001_utf7-subject.eml') });
    expect(run.messages[0]?.subject).toBe('Die Hasen und die Frösche (Microsoft Outlook 00)');
  });

  it('classifier headers are kept', async () => {
    const run = await readAll({ kind: 'eml', path: corpusPath('eml', 'nodemailer-mailparser_spam.eml') });
    const headers = run.messages[0]?.headers ?? {};
    expect(headers['x-mozilla-status']).toBeDefined();
    expect(headers['content-type']).toMatch(/^text\/html/);
  });

  it('attachments are not read as text', async () => {
    const run = await readAll({ kind: 'eml', path: corpusPath('eml', 'php-mime-mail-parser_issue408.eml') });
    expect(run.messages[0]?.text).toBe('test');
  });

  it('wrong boundary keeps the text', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'leak-boundary-'));
    const file = path.join(folder, 'wrong-boundary.eml');
    const headers = 'From: a@b.example\nSubject: seats\nContent-Type: multipart/alternative; boundary="zzz"\n\n';
    await writeFile(file, `${headers}--abc\nContent-Type: text/plain\n\nWe need 10 more licences.\n--abc--\n`);
    const run = await readAll({ kind: 'eml', path: file });
    expect(run.messages[0]?.text).toBe('We need 10 more licences.');
    expect(run.problems.map((problem) => problem.code)).toEqual(['MESSAGE_MIME_REPAIRED', 'MESSAGE_UNDATED']);
  });
});
