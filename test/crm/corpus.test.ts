import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isLeakError, type LeakError } from '../../src/errors.js';
import { buildCrmIndex, judgeCoverage, matchAccount } from '../../src/match/index.js';
import { inspectCrm, readCrm } from '../../src/parsers/crm/index.js';
import { corpusPath, FIXTURES } from '../helpers/paths.js';

const BITRIX_CLOSED_WON = path.join(FIXTURES, 'crm', 'bitrix-closed-won', 'deals.csv');

const OPTIONS = { map: {}, defaultCurrency: 'USD' };

function crmFiles(folder: string, names: string[]): string[] {
  return names.map((name) => corpusPath('crm', folder, name));
}

function joinedCount(data: Awaited<ReturnType<typeof readCrm>>): number {
  return data.accounts.reduce((sum, account) => sum + account.opportunities.length, 0);
}

describe('Dynamics 365 bundle', () => {
  const files = crmFiles('dynamics365-demo_eboocock', [
    'Opportunity.csv',
    'Account.csv',
    'Contact.csv',
  ]);

  test('reads and joins', async () => {
    const data = await readCrm(files, OPTIONS);
    expect(data.inputs.map((input) => input.rows)).toEqual([5229, 33, 199]);
    expect(data.opportunities).toHaveLength(5229);
    expect(joinedCount(data)).toBe(5229);
    // Lines 195-200 of Contact.csv are shifted: their e-mail cell contains a first name.
    expect(data.problems.map((problem) => `${problem.code} ${problem.where}`)).toEqual(
      [195, 196, 197, 198, 199, 200].map((line) => `CRM_EMAIL_UNREADABLE line ${line}`),
    );
  });

  test('zero-width spaces and "annie @contoso.com" still read', async () => {
    const data = await readCrm(files, OPTIONS);
    const emails = new Set(data.accounts.flatMap((account) => account.emails));
    expect(emails.has('annie@contoso.com')).toBe(true);
    const domains = new Set(data.accounts.flatMap((account) => account.domains));
    expect(domains.has('firstupconsultants.com')).toBe(true);
  });

  test('status counts', async () => {
    const data = await readCrm(files, OPTIONS);
    const count = (status: string): number =>
      data.opportunities.filter((row) => row.status === status).length;
    expect(count('won')).toBe(1914);
    expect(count('lost')).toBe(2794);
    expect(count('open')).toBe(521);
  });

  test('US dates and currency names', async () => {
    const data = await readCrm(files, OPTIONS);
    const first = data.opportunities[0];
    expect(first?.createdDate).toBe('2024-05-20');
    expect(first?.closeDate).toBe('2024-08-31');
    expect(first?.currency).toBe('USD');
    expect(first?.amount).toBe(13400);
  });

  test('contact email gives account', async () => {
    const data = await readCrm(files, OPTIONS);
    const index = buildCrmIndex(data, { ownerDomains: [] });
    const match = matchAccount(
      { emails: ['abbie@adatum.com'], domains: ['adatum.com'], names: [] },
      index,
    );
    expect(match.account?.name).toBe('Adatum Corporation');
    expect(match.method).toBe('email');
    expect(judgeCoverage(match, '2026-01-01').status).toBe('covered');
  });

  test('website domain gives account', async () => {
    const data = await readCrm(files, OPTIONS);
    const index = buildCrmIndex(data, { ownerDomains: [] });
    const match = matchAccount(
      { emails: ['new.buyer@adatum.com'], domains: ['adatum.com'], names: [] },
      index,
    );
    expect(match.account?.name).toBe('Adatum Corporation');
    expect(match.method).toBe('domain');
  });
});

describe('Salesforce developer org', () => {
  const files = crmFiles('salesforce-devorg_earthfink1982', [
    'Opportunity.csv',
    'Account.csv',
    'Contact.csv',
  ]);

  test('joins on AccountId', async () => {
    const data = await readCrm(files, OPTIONS);
    expect(data.opportunities).toHaveLength(36);
    expect(joinedCount(data)).toBe(36);
    expect(data.accounts).toHaveLength(18);
    expect(data.opportunities.every((row) => row.account !== '')).toBe(true);
  });

  test('contact emails reach account', async () => {
    const data = await readCrm(files, OPTIONS);
    const edge = data.accounts.find((account) => account.name === 'Edge Communications');
    expect(edge?.emails).toContain('rose@edge.com');
    expect(edge?.domains).toEqual(['edge.com']);
  });

  test('empty amounts stay null', async () => {
    const data = await readCrm(files, OPTIONS);
    expect(data.opportunities.filter((row) => row.amount === null)).toHaveLength(5);
  });

  test('two-digit US years', async () => {
    const data = await readCrm(files, OPTIONS);
    expect(data.opportunities[0]?.closeDate).toBe('2024-02-03');
    expect(data.opportunities[0]?.createdDate).toBe('2026-02-23');
  });
});

describe('Salesforce workshop export', () => {
  const files = crmFiles('salesforce-sfdc-assets_data-cloud-workshop', [
    'Opportunity.csv',
    'Account.csv',
    'Contact.csv',
  ]);

  test('joins on AccountId', async () => {
    const data = await readCrm(files, OPTIONS);
    expect(data.opportunities).toHaveLength(50);
    expect(joinedCount(data)).toBe(50);
    expect(data.accounts).toHaveLength(22);
  });

  test('flags decide status', async () => {
    const data = await readCrm(files, OPTIONS);
    const count = (status: string): number =>
      data.opportunities.filter((row) => row.status === status).length;
    expect(count('won')).toBe(12);
    expect(count('lost')).toBe(3);
    expect(count('open')).toBe(35);
  });

  test('ISO timestamps', async () => {
    const data = await readCrm(files, OPTIONS);
    expect(data.opportunities[0]?.createdDate).toBe('2024-01-22');
    expect(data.opportunities[0]?.closeDate).toBe('2024-11-10');
  });

  test('contacts without account reported', async () => {
    const data = await readCrm(files, OPTIONS);
    const codes = new Set(data.problems.map((problem) => problem.code));
    expect([...codes].sort()).toEqual(['CRM_CONTACT_NO_ACCOUNT', 'CRM_CREATED_AFTER_CLOSE']);
  });

  test('imported deals created after close', async () => {
    // The workshop data was loaded on 2024-01-22 with the close dates of older deals.
    const data = await readCrm(files, OPTIONS);
    const reversed = data.problems.filter((problem) => problem.code === 'CRM_CREATED_AFTER_CLOSE');
    expect(reversed).toHaveLength(19);
    expect(reversed[0]?.where).toBe('line 3');
  });
});

describe('Maven sales pipeline', () => {
  const files = crmFiles('maven-crm-sales-opportunities', ['sales_pipeline.csv', 'accounts.csv']);

  test('reads and joins', async () => {
    const data = await readCrm(files, OPTIONS);
    expect(data.opportunities).toHaveLength(8800);
    expect(data.accounts).toHaveLength(85);
    expect(joinedCount(data)).toBe(8800 - 1425);
  });

  test('empty accounts reported', async () => {
    const data = await readCrm(files, OPTIONS);
    expect(data.problems.filter((problem) => problem.code === 'CRM_EMPTY_ACCOUNT')).toHaveLength(
      1425,
    );
  });

  test('name match by company', async () => {
    const data = await readCrm(files, OPTIONS);
    const index = buildCrmIndex(data, { ownerDomains: [] });
    const match = matchAccount(
      {
        emails: ['buyer@acme-corp.example'],
        domains: ['acme-corp.example'],
        names: ['ACME Corporation Inc.'],
      },
      index,
    );
    expect(match.account?.name).toBe('Acme Corporation');
    expect(match.method).toBe('name');
  });
});

async function readError(path: string): Promise<unknown> {
  try {
    await readCrm([path], OPTIONS);
  } catch (error) {
    return error;
  }
  return null;
}

describe('exports without an account column', () => {
  test.each([
    ['hubspot-export_emrearmand/hubspot-crm-exports-all-customers-2025-04-08.csv'],
    ['_csv-encoding-traps/thunderbird_csv_semicolon.csv'],
    ['_csv-encoding-traps/thunderbird_quote.csv'],
    ['_csv-encoding-traps/thunderbird_shiftjis_addressbook.csv'],
    ['_csv-encoding-traps/thunderbird_tab_comma_mixed.csv'],
    ['_csv-encoding-traps/thunderbird_utf16_addressbook.csv'],
  ])('%s', async (file) => {
    const error = await readError(corpusPath('crm', file));
    expect(isLeakError(error)).toBe(true);
    expect((error as LeakError).code).toBe('CRM_COLUMN_MISSING');
    expect((error as Error).message).toContain('--crm-map account=');
  });

  // These exports already have their e-mail column, so the advice must not point at it again.
  test.each([
    ['hubspot-export_emrearmand/hubspot-crm-exports-all-customers-2025-04-08.csv', { contactEmail: 'Email' }],
    ['hubspot-export_emrearmand/hubspot-crm-exports-all-customers-2025-04-08.csv', {}],
  ])('contact export %s, map %o, asks for its company', async (file, map) => {
    const error = await readCrm([corpusPath('crm', file)], { ...OPTIONS, map }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isLeakError(error)).toBe(true);
    expect((error as Error).message).toContain('If this is a contact export, name the company column with --crm-map account=HEADER');
    expect((error as Error).message).not.toContain('contactEmail=HEADER');
  });

  test('UTF-16 headers decoded', async () => {
    const error = await readError(
      corpusPath('crm', '_csv-encoding-traps/thunderbird_utf16_addressbook.csv'),
    );
    expect(isLeakError(error)).toBe(true);
    expect((error as Error).message).toContain('"Primary Email"');
  });

  test('missing file', async () => {
    const error = await readError(corpusPath('crm', 'no-such-export.csv'));
    expect(isLeakError(error)).toBe(true);
    expect((error as LeakError).code).toBe('INPUT_NOT_FOUND');
  });
});

describe('map rescues contacts export', () => {
  test('HubSpot contacts with map', async () => {
    const file = corpusPath(
      'crm',
      'hubspot-export_emrearmand/hubspot-crm-exports-all-customers-2025-04-08.csv',
    );
    const data = await readCrm([file], { ...OPTIONS, map: { account: 'Last Name' } });
    expect(data.inputs[0]?.rows).toBe(6);
    expect(data.problems.map((problem) => problem.code)).toContain('CRM_NO_OPPORTUNITIES');
  });
});

describe('file order', () => {
  test('accounts same either way', async () => {
    const names = ['Opportunity.csv', 'Account.csv', 'Contact.csv'];
    const forward = await readCrm(crmFiles('salesforce-devorg_earthfink1982', names), OPTIONS);
    const backward = await readCrm(
      crmFiles('salesforce-devorg_earthfink1982', [...names].reverse()),
      OPTIONS,
    );
    expect(backward.accounts.map((account) => account.name)).toEqual(
      forward.accounts.map((account) => account.name),
    );
    expect(backward.accounts.map((account) => account.opportunities.length)).toEqual(
      forward.accounts.map((account) => account.opportunities.length),
    );
  });
});

describe('Bitrix24 REST exports', () => {
  const deals = corpusPath('crm', 'bitrix24_deals.csv');
  const leads = corpusPath('crm', 'bitrix24_leads.csv');

  test('deal columns mapped', async () => {
    const inspection = await inspectCrm(deals, OPTIONS);
    expect(inspection.encoding).toBe('windows-1251');
    expect(inspection.columns).toEqual({
      accountId: 'COMPANY_ID',
      amount: 'OPPORTUNITY',
      closeDate: 'CLOSEDATE',
      createdDate: 'DATE_CREATE',
      currency: 'CURRENCY_ID',
      isClosed: 'CLOSED',
      name: 'TITLE',
      opportunityId: 'ID',
      stage: 'STAGE_ID',
      stageSemantic: 'STAGE_SEMANTIC_ID',
    });
    expect(inspection.amountTotals).toEqual({ RUB: 200000 });
    expect(inspection.stages).toEqual([
      { stage: 'EXECUTING', status: 'open', rows: 1 },
      { stage: 'FINAL_INVOICE', status: 'open', rows: 1 },
      { stage: 'NEW', status: 'open', rows: 1 },
    ]);
  });

  test('lead columns mapped', async () => {
    const inspection = await inspectCrm(leads, OPTIONS);
    expect(inspection.columns.amount).toBe('OPPORTUNITY');
    expect(inspection.columns.name).toBe('NAME');
    expect(inspection.columns.account).toBe('COMPANY_TITLE');
    expect(inspection.columns.accountId).toBe('COMPANY_ID');
    expect(inspection.columns.stage).toBe('STATUS_ID');
    expect(inspection.columns.stageSemantic).toBe('STATUS_SEMANTIC_ID');
    expect(inspection.amountTotals).toEqual({ RUB: 16016800 });
    expect(inspection.stages).toEqual([
      { stage: 'IN_PROCESS', status: 'open', rows: 3 },
      { stage: 'JUNK', status: 'lost', rows: 1 },
      { stage: 'NEW', status: 'open', rows: 1 },
      { stage: 'PROCESSED', status: 'open', rows: 1 },
    ]);
  });

  test('won stages with CLOSED=Y are won', async () => {
    const inspection = await inspectCrm(BITRIX_CLOSED_WON, OPTIONS);
    expect(inspection.stages).toEqual([
      { stage: 'C2:LOSE', status: 'lost', rows: 1 },
      { stage: 'C2:PREPARATION', status: 'open', rows: 1 },
      { stage: 'C2:WON', status: 'won', rows: 1 },
      { stage: 'WON', status: 'won', rows: 1 },
    ]);
    expect(inspection.problems.map((problem) => problem.code)).toEqual(['CRM_DATE_COLUMN_MISSING']);
  });

  test('stage names decide without semantics', async () => {
    // The same deals without STAGE_SEMANTIC_ID: CLOSED=Y alone must not make WON lost.
    const lines = readFileSync(BITRIX_CLOSED_WON, 'utf8').trimEnd().split('\n');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-bitrix-')), 'deals.csv');
    writeFileSync(file, lines.map((line) => line.split(',').filter((_, cell) => cell !== 8).join(',')).join('\n'));
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.columns.stageSemantic).toBeUndefined();
    expect(inspection.stages.map((row) => [row.stage, row.status])).toEqual([
      ['C2:LOSE', 'lost'],
      ['C2:PREPARATION', 'open'],
      ['C2:WON', 'won'],
      ['WON', 'won'],
    ]);
  });

  test('semantic decides a custom stage', async () => {
    const text = readFileSync(BITRIX_CLOSED_WON, 'utf8').replaceAll('C2:WON', 'C2:UC_7X1');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-bitrix-')), 'deals.csv');
    writeFileSync(file, text);
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.stages).toContainEqual({ stage: 'C2:UC_7X1', status: 'won', rows: 1 });
  });

  test.each([
    [deals, 'column "COMPANY_ID" is empty (or 0) on all 3 rows'],
    [leads, 'columns "COMPANY_TITLE" and "COMPANY_ID" are empty (or 0) on all 6 rows'],
  ])('%s has no account', async (file, reason) => {
    const error = await readError(file);
    expect(isLeakError(error)).toBe(true);
    expect((error as LeakError).code).toBe('CRM_COLUMN_INVALID');
    expect((error as Error).message).toContain(reason);
    expect((error as Error).message).toContain('--crm-map account=HEADER');
  });

  test('account mapped to TITLE', async () => {
    const data = await readCrm([leads], { ...OPTIONS, map: { account: 'TITLE' } });
    expect(data.accounts.map((account) => account.name)).toEqual([
      'Captain Co.',
      'Horns and Hooves',
      "Pay'n'Spray",
      'ИП Самсон',
      'Победа',
    ]);
    const captain = data.opportunities.filter((row) => row.account === 'Captain Co.');
    expect(captain.map((row) => [row.status, row.amount, row.currency])).toEqual([
      ['lost', 6200000, 'RUB'],
      ['open', 2356800, 'RUB'],
    ]);
  });
});

describe('exports that name no customer', () => {
  test.each([
    ['dynamics365-demo_eboocock/Product.csv'],
    ['salesforce-sfdc-assets_data-cloud-workshop/Campaign.csv'],
  ])('%s', async (file) => {
    const error = await readError(corpusPath('crm', file));
    expect(isLeakError(error)).toBe(true);
    expect((error as LeakError).code).toBe('CRM_COLUMN_MISSING');
    expect((error as Error).message).toContain('so no row can be tied to a customer');
  });
});

describe('status column with no known value', () => {
  test('Salesforce tasks warn once', async () => {
    // Task.csv names accounts by id alone, so the accounts export goes with it.
    const file = corpusPath('crm', 'salesforce-sfdc-assets_data-cloud-workshop', 'Task.csv');
    const accounts = corpusPath('crm', 'salesforce-sfdc-assets_data-cloud-workshop', 'Account.csv');
    const data = await readCrm([file, accounts], OPTIONS);
    const unknown = data.problems.filter((problem) => problem.code === 'CRM_STATUS_UNKNOWN');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]?.detail).toContain('"Not Started" on line 2');
    expect(unknown[0]?.detail).toContain('--open-stages');
  });

  test('open stage flag clears the warning', async () => {
    const file = corpusPath('crm', 'salesforce-sfdc-assets_data-cloud-workshop', 'Task.csv');
    const accounts = corpusPath('crm', 'salesforce-sfdc-assets_data-cloud-workshop', 'Account.csv');
    const data = await readCrm([file, accounts], { ...OPTIONS, openStages: ['Not Started'] });
    const codes = data.problems.map((problem) => problem.code);
    expect(codes).not.toContain('CRM_STATUS_UNKNOWN');
    expect(codes).not.toContain('CRM_STAGE_UNUSED');
    expect(data.opportunities.every((row) => row.status === 'open')).toBe(true);
  });

  test('Salesforce lead statuses resolve', async () => {
    const file = corpusPath('crm', 'salesforce-devorg_earthfink1982', 'Lead.csv');
    const inspection = await inspectCrm(file, OPTIONS);
    expect(inspection.stages).toEqual([
      { stage: 'Working - Contacted', status: 'open', rows: 9 },
      { stage: 'Closed - Converted', status: 'won', rows: 8 },
      { stage: 'Closed - Not Converted', status: 'lost', rows: 3 },
      { stage: 'Open - Not Contacted', status: 'open', rows: 2 },
    ]);
    // A lead export read as opportunities is warned, and so are its conversion dates left unmapped.
    expect(inspection.problems.map((problem) => problem.code)).toEqual(['CRM_LEAD_EXPORT', 'CRM_DATE_COLUMN_MISSING']);
  });
});
