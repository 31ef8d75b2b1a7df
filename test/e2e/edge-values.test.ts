// End to end: values at the edges, run through bin/leak.js. It covers CRM
// dates read in one order per file, shared currency symbols, and CSV
// delimiters that clash with quoting or formula escaping. It also covers gates
// on exact values, coverage with no opportunity, control characters in CSV and
// HTML, and redaction of errors, body-only addresses and surnames alone.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

/** Mail for the audits here that test a CRM export: --crm needs --mbox or --eml. */
const SAMPLE_MBOX = path.join(FIXTURES, 'sample', 'inbox.mbox');

const OWNER = ['--owner', 'claire.martin@vendor.example', '--no-progress'];

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'leak-edges-'));
}

describe('CRM dates', () => {
  const dir = path.join(FIXTURES, 'crm', 'date-order');

  test('lost April deal leaves request invisible', async () => {
    // Close Date 25/04/2026 proves day-first, so Created Date 10/04/2026 is 10 April, not 4 October.
    const result = await runLeak([
      'audit', '--mbox', path.join(dir, 'inbox.mbox'), '--crm', path.join(dir, 'day-first-close.csv'), '--json', ...OWNER,
    ]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.opportunities.map((o) => [o.crm.status, o.crm.reason])).toEqual([
      ['invisible', 'account has no open opportunity (1 closed lost); "Omega spring deal" was closed lost on 2026-04-25, before the signal'],
    ]);
  });

  test('undecided file warns on stderr', async () => {
    const crm = path.join(dir, 'ambiguous.csv');
    const result = await runLeak(['audit', '--mbox', path.join(dir, 'inbox.mbox'), '--crm', crm, '--quiet', ...OWNER]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`leak: warning: ${crm}: no date in columns "Close Date" and "Created Date" tells day-first`);
    expect(result.stdout).toContain('2 warnings on stderr');
  });

  test('creation after close warns once', async () => {
    const crm = path.join(dir, 'created-after-close.csv');
    const result = await runLeak(['audit', '--mbox', path.join(dir, 'inbox.mbox'), '--crm', crm, '--quiet', ...OWNER]);
    expect(result.stderr).toContain(
      `leak: warning: ${crm}: an opportunity was created after its close date, as happens to deals imported ` +
        'later or dates read in the wrong order; check that row and the date order with leak crm inspect ' +
        '(line 2; code CRM_CREATED_AFTER_CLOSE in the problems).',
    );
  });
});

describe('currency symbols', () => {
  test('AUD dollar amount matches --currency', async () => {
    const crm = path.join(FIXTURES, 'crm', 'currency-symbols', 'crm.csv');
    const result = await runLeak([
      'audit', '--mbox', path.join(FIXTURES, 'crm', 'date-order', 'inbox.mbox'), '--crm', crm, '--currency', 'AUD', '--json', ...OWNER,
    ]);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.inputs.crm?.[0]?.amountTotals).toEqual({ AUD: 13634, JPY: 500000 });
    expect(result.stderr).toContain('"$" in Amount (1 row) was read as AUD, because --currency AUD writes "$"');
    expect(result.stderr).toContain('the export mixes currencies: 1 row in AUD, 1 row in JPY');
    expect(result.stderr).not.toContain('row in USD');
  });
});

describe('--csv-delimiter', () => {
  test.each(["'", '"', '=', '+', '-', '@', '\uFF1D', '\r', '\n'])('rejects %j', async (delimiter) => {
    const out = path.join(tempDir(), 'o.csv');
    const result = await runLeak(['audit', '--csv', out, '--csv-delimiter', delimiter, '--quiet', '--no-progress']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^leak: --csv-delimiter ".*": cannot be the delimiter, because it .*; use , or ; or \| or the word tab\.\n$/s);
  });

  test.each([';', '|', 'tab'])('accepts %s', async (delimiter) => {
    const out = path.join(tempDir(), 'o.csv');
    const result = await runLeak(['audit', '--csv', out, '--csv-delimiter', delimiter, '--quiet', '--no-progress']);
    expect(result.status).toBe(0);
  });
});

describe('gates on exact values', () => {
  test('coverage gate uses exact share', async () => {
    const result = await runLeak(['audit', '--min-coverage', '0.38461', '--quiet', '--no-progress']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^PASS: /);
  });

  test('coverage failure shows distinct numbers', async () => {
    const result = await runLeak(['audit', '--min-coverage', '0.3846154', '--quiet', '--no-progress']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('CRM coverage 38.461538% is below --min-coverage 0.3846154 (38.46154%).');
  });

  test('loss failure shows the half cent', async () => {
    const result = await runLeak(['audit', '--max-loss', '129845.095', '--quiet', '--no-progress']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Estimated annual loss EUR 129,845.100 exceeds --max-loss EUR 129,845.095.');
  });
});

describe('no opportunity', () => {
  test('coverage is null and n/a', async () => {
    const dir = tempDir();
    const mbox = path.join(FIXTURES, 'edges', 'no-opportunity.mbox');
    const json = await runLeak(['audit', '--mbox', mbox, '--json', '--markdown', path.join(dir, 'o.md'), ...OWNER]);
    const report = JSON.parse(json.stdout) as AuditReport;
    expect(report.summary.opportunities).toBe(0);
    expect(report.summary.coverageRate).toBeNull();
    expect(readFileSync(path.join(dir, 'o.md'), 'utf8')).toContain('**CRM coverage:** n/a (no opportunities)');
    const terminal = await runLeak(['audit', '--mbox', mbox, ...OWNER]);
    expect(terminal.stdout).toMatch(/CRM coverage +n\/a \(no opportunities\)/);
  });
});

describe('control characters', () => {
  test('ESC and BEL are replaced', async () => {
    const dir = tempDir();
    const files = { csv: path.join(dir, 'o.csv'), html: path.join(dir, 'o.html'), md: path.join(dir, 'o.md') };
    const result = await runLeak([
      'audit', '--mbox', path.join(FIXTURES, 'edges', 'hostile-subjects.mbox'),
      '--csv', files.csv, '--html', files.html, '--markdown', files.md, '--quiet', ...OWNER,
    ]);
    expect(result.status).toBe(0);
    for (const file of Object.values(files)) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    }
    expect(readFileSync(files.csv, 'utf8')).toContain('\uFFFD[31mRED\uFFFD[0m');
  });
});

describe('redaction', () => {
  test('usage error masks the path', async () => {
    const dir = path.join(tempDir(), 'Olivia Hart');
    mkdirSync(dir);
    const result = await runLeak(['audit', '--redact', '--mbox', SAMPLE_MBOX, '--crm', path.join(dir, 'missing.csv'), '--quiet', '--no-progress']);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toMatch(/olivia|hart/i);
    expect(result.stderr).toContain('[--crm path 1]');
  });

  test('CRM error masks folder and file', async () => {
    const dir = path.join(tempDir(), 'Olivia Hart');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'olivia.hart.csv'), 'Opportunity Name,Account Name\n');
    const result = await runLeak(['audit', '--redact', '--mbox', SAMPLE_MBOX, '--crm', path.join(dir, 'olivia.hart.csv'), '--quiet', '--no-progress']);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toMatch(/olivia|hart/i);
  });

  test('body-only address masks subject name', async () => {
    const result = await runLeak(['audit', '--mbox', path.join(FIXTURES, 'redact', 'body-address.mbox'), '--redact', '--json', ...OWNER]);
    const report = JSON.parse(result.stdout) as AuditReport;
    const subjects = report.opportunities.flatMap((o) => o.evidence.map((item) => item.subject));
    expect(subjects.join('\n')).not.toMatch(/jane|roe/i);
    expect(subjects).toContainEqual(expect.stringMatching(/^Users for person-[0-9a-f]{6}$/));
  });

  test('CRM name surname alone masked', async () => {
    const result = await runLeak([
      'audit', '--mbox', path.join(FIXTURES, 'redact', 'surnames.mbox'),
      '--crm', path.join(FIXTURES, 'redact', 'surnames-crm.csv'), '--redact', '--json', ...OWNER,
    ]);
    const report = JSON.parse(result.stdout) as AuditReport;
    const records = report.opportunities.map((o) => [o.crm.record, o.crm.reason]).flat().join('\n');
    expect(records).not.toMatch(/garcia|mensah/i);
    expect(records).toMatch(/"person-[0-9a-f]{6} renewal"/);
    expect(report.opportunities.map((o) => o.account)).toContain('Empresa Ejemplo S.L.');
  });
});
