// Inputs users pass by mistake or in an unusual form: copies of one message in
// several containers, one CRM export under two names, Outlook and zip files,
// mistyped flags. Each case runs the real CLI on small files written here.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { corpusPath, FIXTURES } from '../helpers/paths.js';

const SAMPLE_MBOX = path.join(FIXTURES, 'sample', 'inbox.mbox');
const SAMPLE_CRM = path.join(FIXTURES, 'sample', 'crm.csv');

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'leak-inputs-'));
}

async function auditJson(args: string[]): Promise<AuditReport> {
  const result = await runLeak(['audit', '--json', '--no-progress', ...args]);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as AuditReport;
}

/** Builds one message with LF line ends, without a Message-ID when `id` is null. */
function message(from: string, subject: string, date: string, id: string | null, body: string): string {
  const header =
    `From: ${from}\nTo: Claire Martin <claire.martin@vendor.example>\nSubject: ${subject}\nDate: ${date}\n` +
    (id === null ? '' : `Message-ID: <${id}>\n`) +
    'Content-Type: text/plain; charset=utf-8\n\n';
  return header + body;
}

const OWN = message(
  'Claire Martin <claire.martin@vendor.example>',
  'Hello',
  'Mon, 05 Jan 2026 09:00:00 +0000',
  'own1@vendor.example',
  'Hi there.\n',
);
const WITH_ID = message(
  'Ann Lee <ann.lee@alpha.example>',
  'Seats',
  'Tue, 06 Jan 2026 10:00:00 +0000',
  'seats@alpha.example',
  'Hello,\n\nWe are considering adding 15 users to our subscription.\nFrom now on please bill us monthly.\n\nAnn\n',
);
const WITHOUT_ID = message(
  'Bob Ray <bob.ray@beta.example>',
  'Quote',
  'Tue, 13 Jan 2026 10:00:00 +0000',
  null,
  'Hello,\n\nCould you send us a quote for the Enterprise plan?\n\nBob\n',
);

/** Writes messages as an mbox: a separator line, the message, a blank line. */
function mbox(messages: string[], options: { crlf?: boolean; quoteFrom?: '>' | '>>' } = {}): string {
  const text = messages
    .map((item) => {
      const body = options.quoteFrom === undefined ? item : item.replace(/\nFrom now/g, `\n${options.quoteFrom}From now`);
      return `From sender@example.com Thu Jan  1 00:00:00 2026\n${body.replace('Content-Type:', 'Status: RO\nContent-Type:')}\n`;
    })
    .join('');
  return options.crlf === true ? text.replace(/\n/g, '\r\n') : text;
}

describe('copies of one message in different containers', () => {
  test('copies in five containers count once', async () => {
    const dir = tempDir();
    // mboxrd quotes "From now" as ">From now", which the reader undoes.
    writeFileSync(path.join(dir, 'plain.mbox'), mbox([OWN, WITH_ID, WITHOUT_ID], { quoteFrom: '>' }));
    // A writer that leaves "From now" unquoted, with CRLF line ends.
    writeFileSync(path.join(dir, 'crlf.mbox'), mbox([WITH_ID, WITHOUT_ID], { crlf: true }));
    const eml = path.join(dir, 'eml');
    mkdirSync(eml);
    writeFileSync(path.join(eml, 'seats.eml'), WITH_ID.replace(/\n/g, '\r\n'));
    writeFileSync(path.join(eml, 'quote.eml'), WITHOUT_ID.replace(/\n/g, '\r\n'));
    const maildir = path.join(dir, 'Maildir');
    mkdirSync(path.join(maildir, 'cur'), { recursive: true });
    writeFileSync(path.join(maildir, 'cur', '1767693600.1.host:2,S'), WITH_ID);
    writeFileSync(path.join(maildir, 'cur', '1768298400.2.host:2,S'), WITHOUT_ID);

    const report = await auditJson([
      '--mbox',
      path.join(dir, 'plain.mbox'),
      '--mbox',
      path.join(dir, 'crlf.mbox'),
      '--eml',
      eml,
      '--eml',
      maildir,
    ]);
    // Read counts every copy: 3 + 2 + 2 + 2, as the mailboxes' figures sum.
    expect(report.summary.messages).toBe(9);
    expect(report.exclusions.byKind['duplicate']).toBe(6);
    const perMailbox = report.inputs.mailboxes.map((mailbox) => [path.basename(mailbox.path), mailbox.excluded]);
    expect(perMailbox).toEqual([
      ['plain.mbox', 1],
      ['crlf.mbox', 2],
      ['eml', 2],
      ['Maildir', 2],
    ]);
    const accounts = report.opportunities.map((item) => item.account).sort();
    expect(new Set(accounts).size).toBe(2);
  });

  test('read figures agree in every output', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.mbox'), mbox([OWN, WITH_ID]));
    writeFileSync(path.join(dir, 'seats.eml'), WITH_ID);
    const inputs = ['--mbox', path.join(dir, 'a.mbox'), '--eml', path.join(dir, 'seats.eml')];
    const markdown = path.join(dir, 'report.md');
    const html = path.join(dir, 'report.html');

    const report = await auditJson([...inputs, '--markdown', markdown, '--html', html]);
    const terminal = await runLeak(['audit', '--no-progress', ...inputs]);

    expect(report.inputs.mailboxes.map((mailbox) => mailbox.messages)).toEqual([2, 1]);
    expect(report.summary.messages).toBe(3);
    expect(report.exclusions.byKind['duplicate']).toBe(1);
    expect(terminal.stdout).toMatch(/Messages read +3 \(including 1 duplicate\)\n/);
    expect(terminal.stdout).toContain('a.mbox: 2 read, 0 skipped, 1 excluded');
    expect(terminal.stdout).toContain('seats.eml: 1 read, 0 skipped, 1 excluded');
    expect(readFileSync(markdown, 'utf8')).toContain('- **Messages:** 3 read (including 1 duplicate), 0 skipped');
    expect(readFileSync(html, 'utf8')).toContain('<p>3 messages (including 1 duplicate) from 2 mailboxes');
  });

  test('twice-quoted From line matches EML', async () => {
    const dir = tempDir();
    // A file that passed through two mboxo writers quotes the line twice, and the reader removes one ">".
    writeFileSync(path.join(dir, 'a.mbox'), mbox([OWN, WITH_ID.replace('\nFrom now', '\n>>From now')]));
    writeFileSync(path.join(dir, 'seats.eml'), WITH_ID);
    const report = await auditJson(['--mbox', path.join(dir, 'a.mbox'), '--eml', path.join(dir, 'seats.eml')]);
    expect(report.exclusions.byKind['duplicate']).toBe(1);
  });
});

describe('one CRM export given twice', () => {
  test('copy under another name is read once', async () => {
    const dir = tempDir();
    const copy = path.join(dir, 'export-copy.csv');
    copyFileSync(SAMPLE_CRM, copy);
    const once = await auditJson(['--mbox', SAMPLE_MBOX, '--crm', SAMPLE_CRM]);
    const twice = await auditJson(['--mbox', SAMPLE_MBOX, '--crm', SAMPLE_CRM, '--crm', copy]);

    expect(twice.inputs.crm?.map((input) => input.path)).toEqual([SAMPLE_CRM]);
    const repeats = twice.problems.filter((problem) => problem.code === 'CRM_DUPLICATE_FILE');
    expect(repeats.map((problem) => problem.file)).toEqual([copy]);
    expect(repeats[0]?.detail).toContain(`same rows as ${SAMPLE_CRM}`);
    expect(twice.summary).toEqual(once.summary);
    expect(twice.opportunities.map((item) => item.crm)).toEqual(once.opportunities.map((item) => item.crm));
  });

  test('copy saved again is read once', async () => {
    // CRLF line ends and a BOM change the bytes, not the rows.
    const dir = tempDir();
    const resaved = path.join(dir, 'resaved.csv');
    writeFileSync(resaved, `\ufeff${readFileSync(SAMPLE_CRM, 'utf8').replace(/\n/g, '\r\n')}`);
    const once = await auditJson(['--mbox', SAMPLE_MBOX, '--crm', SAMPLE_CRM]);
    const twice = await auditJson(['--mbox', SAMPLE_MBOX, '--crm', SAMPLE_CRM, '--crm', resaved]);

    expect(twice.inputs.crm?.map((input) => input.path)).toEqual([SAMPLE_CRM]);
    const repeats = twice.problems.filter((problem) => problem.code === 'CRM_DUPLICATE_FILE');
    expect(repeats[0]?.detail).toContain(`same rows as ${SAMPLE_CRM}`);
    expect(twice.summary).toEqual(once.summary);
  });

  test('another second contact is another export', async () => {
    // The first address of a contact cell is the same; the second one differs.
    const dir = tempDir();
    const header = 'Opportunity Name,Account Name,Stage,Amount,Contact Email\n';
    const first = path.join(dir, 'a.csv');
    const second = path.join(dir, 'b.csv');
    writeFileSync(first, `${header}Deal A,Northwind,Proposal,1000,"anna@northwind.example; bob@northwind.example"\n`);
    writeFileSync(second, `${header}Deal A,Northwind,Proposal,1000,"anna@northwind.example; zoe@contoso.example"\n`);
    const report = await auditJson(['--mbox', SAMPLE_MBOX, '--crm', first, '--crm', second]);
    expect(report.inputs.crm).toHaveLength(2);
  });

  test('different export still read', async () => {
    const dir = tempDir();
    const other = path.join(dir, 'other.csv');
    // The last row repeated: one more opportunity, so a different export.
    writeFileSync(other, readFileSync(SAMPLE_CRM, 'utf8').trimEnd().replace(/\n([^\n]*)$/, '\n$1\n$1'));
    const report = await auditJson(['--mbox', SAMPLE_MBOX, '--crm', SAMPLE_CRM, '--crm', other]);
    expect(report.inputs.crm).toHaveLength(2);
  });
});

describe('Salesforce report footer', () => {
  const FOOTER = [
    '',
    '"Total",,,182040.00',
    '',
    '"Confidential Information - Do Not Distribute"',
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
  ];

  function writeExport(extraRows: string[]): string {
    const lines = readFileSync(SAMPLE_CRM, 'utf8').trimEnd().split('\n');
    const file = path.join(tempDir(), 'salesforce.csv');
    writeFileSync(file, [...lines, ...extraRows, ...FOOTER].join('\n'));
    return file;
  }

  test('footer lines are not skipped rows', async () => {
    const file = writeExport([]);
    const quiet = await runLeak(['audit', '--quiet', '--mbox', SAMPLE_MBOX, '--crm', file]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).not.toContain('skipped');

    const report = await auditJson(['--mbox', SAMPLE_MBOX, '--crm', file]);
    expect(report.inputs.crm?.[0]?.skipped).toBe(0);
    expect(report.inputs.crm?.[0]?.footerRows).toBe(3);

    const terminal = await runLeak(['audit', '--no-progress', '--mbox', SAMPLE_MBOX, '--crm', file]);
    expect(terminal.stdout).toContain('0 skipped, 3 footer lines ignored, utf-8');
  });

  test('rejected row stays skipped', async () => {
    const file = writeExport(['Ragged,Row,Closed Won,1,2026-01-01,2026-01-01,x,y,z,extra,more']);
    const quiet = await runLeak(['audit', '--quiet', '--mbox', SAMPLE_MBOX, '--crm', file]);
    expect(quiet.stdout).toContain('1 CRM row skipped');

    const report = await auditJson(['--mbox', SAMPLE_MBOX, '--crm', file]);
    expect(report.inputs.crm?.[0]?.skipped).toBe(1);
    expect(report.inputs.crm?.[0]?.footerRows).toBe(3);
  });
});

describe('eml folder files without an extension', () => {
  test('notmuch files are read', async () => {
    const report = await auditJson(['--eml', corpusPath('eml', 'notmuch_broken')]);
    expect(report.inputs.mailboxes[0]?.messages).toBe(4);
    expect(report.inputs.mailboxes[0]?.skipped).toBe(0);
  });

  test('a bare Maildir name is read', async () => {
    // The dots of a Maildir name are no extension: "1757322000.M123P456.mailhost:2,S".
    const dir = tempDir();
    writeFileSync(path.join(dir, '1757322000.M123P456.mailhost:2,S'), WITH_ID);
    const report = await auditJson(['--eml', dir]);
    expect(report.inputs.mailboxes[0]?.messages).toBe(1);
    expect(report.problems.filter((problem) => problem.code === 'EML_SKIPPED_FILE')).toEqual([]);
  });

  test('non-mail file is listed, not counted', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'seats'), WITH_ID);
    writeFileSync(path.join(dir, 'dovecot-uidlist'), '3 V1234567890 N2 G0123\n1 :1234\n');
    const report = await auditJson(['--eml', dir]);
    expect(report.inputs.mailboxes[0]?.messages).toBe(1);
    expect(report.inputs.mailboxes[0]?.skipped).toBe(0);
    const listed = report.problems.filter((problem) => problem.code === 'EML_SKIPPED_FILE');
    expect(listed.map((problem) => path.basename(problem.file))).toEqual(['dovecot-uidlist']);
    expect(listed[0]?.detail).toContain('no extension');
  });

  test('duplicate in a folder names its file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.eml'), WITH_ID);
    writeFileSync(path.join(dir, 'b.eml'), WITHOUT_ID);
    writeFileSync(path.join(dir, 'c'), WITH_ID);
    const report = await auditJson(['--eml', dir]);
    const duplicates = [...report.exclusions.messages].filter((item) => item.kind === 'duplicate');
    expect(duplicates.map((item) => item.where)).toEqual([path.join(dir, 'c')]);
    expect(duplicates[0]?.reason).toBe(`same message as ${path.join(dir, 'a.eml')}`);
  });
});

describe('counts in problem messages', () => {
  function dated(date: string, id: string): string {
    return message('Ann Lee <ann.lee@alpha.example>', 'Seats', date, id, 'Hello,\n\nThanks.\n\nAnn\n');
  }

  test('one week is singular', async () => {
    const dir = tempDir();
    const old = path.join(dir, 'old.eml');
    const recent = path.join(dir, 'recent.eml');
    const undated = path.join(dir, 'undated.eml');
    writeFileSync(old, dated('Mon, 06 Jan 2025 10:00:00 +0000', 'old@alpha.example'));
    writeFileSync(recent, dated('Mon, 05 Jan 2026 10:00:00 +0000', 'recent@alpha.example'));
    writeFileSync(undated, dated('x', 'undated@alpha.example').replace(/^Date: .*\n/m, ''));

    const report = await auditJson(['--owner', 'claire.martin@vendor.example', '--eml', old, '--eml', recent, '--eml', undated]);
    const details = report.problems.map((problem) => problem.detail).join('\n');
    expect(details).toContain("the other mailboxes' 1 week;");
    expect(details).toContain('the period is their total length, 1 week,');
    expect(details).not.toMatch(/\b1 weeks\b/);
  });

  test('one stray message is singular', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'recent.mbox');
    const weekly = ['05', '12', '19', '26'].map((day, position) => dated(`Mon, ${day} Jan 2026 10:00:00 +0000`, `w${position}@alpha.example`));
    writeFileSync(file, mbox([...weekly, dated('Mon, 07 Dec 2099 10:00:00 +0000', 'stray@alpha.example')]));

    const report = await auditJson(['--owner', 'claire.martin@vendor.example', '--mbox', file]);
    const details = report.problems.map((problem) => problem.detail).join('\n');
    expect(details).toContain('1 message dated more than 104 weeks from the rest of the mailbox (2099-12-07) is left out of the period');
    expect(details).toContain('Check the Date header of this message');
  });
});

describe('files that are not mailboxes', () => {
  const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
  const PST = Buffer.concat([Buffer.from('!BDN', 'latin1'), Buffer.alloc(16, 1)]);
  const ZIP = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26, 0)]);

  test.each([
    ['export.pst', PST, 'it is an Outlook .pst file', 'readpst'],
    ['message.msg', OLE2, 'it is an Outlook .msg file', 'save the message from Outlook as .eml'],
    ['export.zip', ZIP, 'it is a zip archive', 'unzip it first'],
  ])('%s named by its format', async (name, bytes, format, advice) => {
    const file = path.join(tempDir(), name);
    writeFileSync(file, bytes);
    for (const flag of ['--mbox', '--eml']) {
      const result = await runLeak(['audit', flag, file]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(format);
      expect(result.stderr).toContain(advice);
      expect(result.stderr).not.toContain('binary data');
    }
  });

  test('msg in an eml folder gets the hint', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.eml'), WITH_ID);
    writeFileSync(path.join(dir, 'b.msg'), OLE2);
    const report = await auditJson(['--eml', dir]);
    const listed = report.problems.filter((problem) => problem.code === 'EML_SKIPPED_FILE');
    expect(listed.map((problem) => path.basename(problem.file))).toEqual(['b.msg']);
    expect(listed[0]?.detail).toContain('(extension .msg)');
    expect(listed[0]?.detail).toContain('msgconvert');
  });

  test('msg in an eml folder is a warning', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.eml'), WITH_ID);
    writeFileSync(path.join(dir, 'b.msg'), OLE2);
    const result = await runLeak(['audit', '--eml', dir, '--quiet']);
    expect(result.stderr).toContain(`leak: warning: ${path.join(dir, 'b.msg')}: not an .eml or Maildir file (extension .msg)`);
    expect(result.stdout).toMatch(/\d+ warnings? on stderr/);
  });

  test('folder of only msg files names them', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'quote.msg'), OLE2);
    writeFileSync(path.join(dir, 'order.msg'), OLE2);
    const result = await runLeak(['audit', '--eml', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`leak: no messages read from ${dir}; it contains 2 .msg files (order.msg, quote.msg): save the message from Outlook as .eml`);
  });

  test('folder of mbox files counts them', async () => {
    const result = await runLeak(['audit', '--mbox', corpusPath('mbox')]);
    const count = readdirSync(corpusPath('mbox')).filter((name) => /\.mbox(\.gz)?$/i.test(name)).length;
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`is a folder of ${count} mbox files`);
    expect(result.stderr).toContain('pass one --mbox per file');
    expect(result.stderr).not.toContain('without an mbox file');
  });
});

describe('mistyped flags', () => {
  test.each(['--conversion 10', '--min-coverage 50%'])('%s shows the scale', async (given) => {
    const result = await runLeak(['audit', ...given.split(' ')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('between 0 and 1 (0.10 for 10%)');
    expect(result.stderr).not.toContain('1e6');
  });

  test.each([
    ['--output', 'writes its report with --json, --csv FILE, --html FILE, --markdown FILE or --summary-csv FILE'],
    ['--mark', 'Did you mean --markdown?'],
    ['--mbx', 'Did you mean --mbox?'],
  ])('%s gets a suggestion', async (flag, hint) => {
    const result = await runLeak(['audit', flag, 'x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(hint);
  });

  test('an unquoted value with a space gets quotes', async () => {
    const result = await runLeak(['audit', '--crm-map', 'stage=Pipeline', 'Step']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('quote the whole value, as in --crm-map "stage=Pipeline Step"');
  });

  test('a second file after one flag gets the repeat hint', async () => {
    const result = await runLeak(['audit', '--crm', 'a.csv', 'b.csv']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Repeat the flag for each file, for example --crm a.csv --crm b.csv.');
  });

  test('another command gets only its own flags', async () => {
    // crm inspect has no --verbose, so --verb gets no suggestion.
    const result = await runLeak(['crm', 'inspect', 'x.csv', '--verb']);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain('--verbose');
  });
});

describe('inputs that are not files', () => {
  test('a pipe is rejected with advice', async () => {
    // A named pipe behaves as `--mbox <(zcat export.gz)` does.
    const dir = tempDir();
    const fifo = path.join(dir, 'inbox.mbox');
    execFileSync('mkfifo', [fifo]);
    const result = await runLeak(['audit', '--mbox', fifo]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is a pipe or device, not a file; save the export to a file');
  });
});

describe('Maildir trashed flag', () => {
  test('trashed message excluded as deleted', async () => {
    const maildir = path.join(FIXTURES, 'mail-faults', 'maildir-trashed');
    const report = await auditJson(['--eml', maildir]);

    expect(report.inputs.mailboxes.map((mailbox) => [mailbox.messages, mailbox.excluded])).toEqual([[2, 1]]);
    expect(report.exclusions.byKind['deleted']).toBe(1);
    const [exclusion] = [...report.exclusions.messages];
    expect(exclusion?.where).toBe(path.join(maildir, 'cur', '1757000005.M5P1.host:2,ST'));
    expect(exclusion?.reason).toBe('Maildir flag T in 1757000005.M5P1.host:2,ST (trashed, not yet expunged)');
    expect(report.opportunities.map((item) => item.account)).toEqual(['c601.example']);
  });
});
