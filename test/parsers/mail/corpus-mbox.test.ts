// Message counts on every public corpus mbox, against the intended counts recorded by
// hand for each file (flagged files are the ones naive From_ splitters get wrong).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath } from '../../helpers/paths.js';
import { readAll } from './helpers.js';

const INTENDED: ReadonlyArray<readonly [file: string, intended: number]> = [
  ['enron_tomwang777-maildir-subset_400.mbox', 400],
  ['gmail-takeout_ehmz11_all-mail.mbox', 2],
  ['gmail-takeout_jayway98_all-mail.mbox', 1],
  ['mailpile_tests.mbx.mbox', 9],
  ['mimekit_content-length.mbox', 29],
  ['mimekit_issue1189.mbox', 4],
  ['mimekit_unmunged.mbox', 2],
  ['neomutt_fig-mmdf.mbox', 0],
  ['neomutt_test-library_test.mbox', 1],
  ['patchew_0004-multiple-patch-reviewed.mbox', 5],
  ['patchew_0005-non-utf-8.mbox', 1],
  ['patchew_0007-invalid-charset.mbox', 1],
  ['patchew_0010-invalid-byte.mbox', 1],
  ['patchew_0016-nested-multipart.mbox', 1],
  ['patchew_0033-raw-diff.mbox', 1],
  ['patchew_0035-rfc2047-from.mbox', 1],
  ['patchew_0038-octet-stream.mbox', 1],
  ['perl-mail-box_mbox.src.mbox', 45],
  ['perl-mail-box_mbox.win.mbox', 45],
  ['perl-mail-mboxparser_testbox.mbox', 9],
  ['ruby-rubymail_bigish-attachment.mbox', 1],
  ['ruby-rubymail_mbox.odd.mbox', 2],
  ['thunderbird_bug505221.mbox', 1],
  ['thunderbird_mail-without-from.mbox', 1],
  ['thunderbird_mbox_mboxrd.mbox', 2],
  ['thunderbird_mbox_modern.mbox', 2],
  ['thunderbird_mbox_unquoted.mbox', 2],
  ['thunderbird_movemailspool.mbox', 3],
  ['thunderbird_template-latin1.mbox', 1],
  ['usrp-users-list_2019-08-import.mboxrd.mbox', 185],
  ['usrp-users-list_buy-license-threads.mboxrd.mbox', 13],
];

describe('corpus mbox counts', () => {
  it('table covers every corpus mbox', () => {
    const files = readdirSync(corpusPath('mbox')).filter((name) => name.endsWith('.mbox'));
    expect(INTENDED.map(([file]) => file).sort()).toEqual(files.sort());
  });

  it.each(INTENDED)('%s read plus skipped', async (file, intended) => {
    const run = await readAll({ kind: 'mbox', path: corpusPath('mbox', file) });
    expect(run.counts.messages + run.counts.skipped).toBe(intended);
    expect(run.messages).toHaveLength(run.counts.messages);
  });

  it('headerless bodies are skipped with a problem', async () => {
    const run = await readAll({ kind: 'mbox', path: corpusPath('mbox', 'ruby-rubymail_mbox.odd.mbox') });
    expect(run.counts.skipped).toBe(2);
    expect(run.problems.map((problem) => problem.code)).toEqual(['MBOX_NO_HEADERS', 'MBOX_NO_HEADERS']);
  });

  it('unmunged From lines stay in the body', async () => {
    const run = await readAll({ kind: 'mbox', path: corpusPath('mbox', 'mimekit_unmunged.mbox') });
    expect(run.messages.map((message) => message.subject)).toEqual([
      'This is a test message with an unmunged From line',
      'Another test message with an unmunged From line',
    ]);
    expect(run.messages[1]?.text).toContain('From Russia with love\nYear: 1963');
  });

  it('unquoted bare From line stays in the body', async () => {
    const run = await readAll({ kind: 'mbox', path: corpusPath('mbox', 'thunderbird_mbox_unquoted.mbox') });
    expect(run.messages[0]?.text).toContain('like this:\nFrom \nThis could cause problems');
    expect(run.messages[1]?.subject).toBe('Sample message 2');
  });

  it('Gmail Takeout labels and thread id', async () => {
    const run = await readAll({ kind: 'mbox', path: corpusPath('mbox', 'gmail-takeout_ehmz11_all-mail.mbox') });
    const first = run.messages[0];
    expect(first?.gmailThreadId).toMatch(/^\d+$/);
    expect(first?.gmailLabels.length).toBeGreaterThan(0);
    expect(first?.headers['x-gmail-labels']).toBeDefined();
  });

  it('raw 8-bit subjects decode', async () => {
    const run = await readAll({ kind: 'mbox', path: corpusPath('mbox', 'mailpile_tests.mbx.mbox') });
    const subjects = run.messages.map((message) => message.subject);
    expect(subjects).toContain('Testing encryption, raw ISO-8859-1: áéíóúýþæöðÁÉÍÓÚÝÞÆÖÐ');
    expect(subjects).toContain('Testing signatures, raw UTF-8: áéíóúýþæöðÁÉÍÓÚÝÞÆÖÐ');
  });

  it('enron dates are never missing', async () => {
    const run = await readAll({ kind: 'mbox', path: corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox') });
    const undated = run.messages.filter((message) => message.date === null);
    expect(undated).toHaveLength(0);
    const years = new Set(run.messages.map((message) => message.date?.slice(0, 2)));
    expect([...years]).toEqual(['20']);
  });

  it('boundary with spaces finds the text part', async () => {
    const run = await readAll({ kind: 'mbox', path: corpusPath('mbox', 'mimekit_content-length.mbox') });
    expect(run.messages[0]?.text).toContain('default echo 1');
    expect(run.messages[0]?.textSource).toBe('plain');
  });

  it('mboxrd escapes are undone in usrp archive', async () => {
    const run = await readAll({ kind: 'mbox', path: corpusPath('mbox', 'usrp-users-list_2019-08-import.mboxrd.mbox') });
    const escaped = run.messages.filter((message) => /^>From /m.test(message.text));
    expect(escaped).toHaveLength(0);
  });
});
