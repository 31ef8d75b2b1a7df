// Opportunities tied to accounts by id or by name: an id that no file resolves is
// reported, and one name on two websites stays two accounts.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isLeakError } from '../../src/errors.js';
import { buildCrmIndex, judgeCoverage, matchAccount } from '../../src/match/index.js';
import { readCrm } from '../../src/parsers/crm/index.js';
import { FIXTURES } from '../helpers/paths.js';

const OPTIONS = { map: {}, defaultCurrency: 'EUR' };
const ids = (file: string): string => path.join(FIXTURES, 'crm', 'account-ids', file);
const SAME_NAME = path.join(FIXTURES, 'crm', 'same-name', 'crm.csv');

async function readError(paths: string[]): Promise<{ code: string; message: string }> {
  try {
    await readCrm(paths, OPTIONS);
  } catch (error) {
    if (isLeakError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('readCrm did not raise');
}

describe('account ids without accounts', () => {
  test('id-only export is rejected', async () => {
    const error = await readError([ids('Opportunity.csv')]);
    expect(error.code).toBe('CRM_ACCOUNTS_MISSING');
    expect(error.message).toContain('column "AccountId", such as 001A on line 2');
    expect(error.message).toContain('Pass the accounts export with another --crm');
  });

  test('accounts without those ids are rejected', async () => {
    const error = await readError([ids('Opportunity.csv'), ids('Account-other.csv')]);
    expect(error.code).toBe('CRM_ACCOUNTS_MISSING');
    expect(error.message).toContain('none of them is in');
  });

  test('accounts and contacts resolve every id', async () => {
    const data = await readCrm([ids('Opportunity.csv'), ids('Account.csv'), ids('Contact.csv')], OPTIONS);
    expect(data.problems).toEqual([]);
    expect(data.opportunities.map((row) => row.account)).toEqual(['Acme SAS', 'Beta GmbH', 'Gamma Inc', 'EPSILON']);
  });

  test('orphan id is one problem', async () => {
    const data = await readCrm([ids('Opp-orphan.csv'), ids('Account.csv')], OPTIONS);
    const problems = data.problems.map((problem) => `${problem.code} ${problem.where}`);
    expect(problems).toEqual(['CRM_ACCOUNT_ID_UNKNOWN line 3']);
    expect(data.problems[0]?.detail).toContain('"Delta Corp - 50 seats" names account id 001D');
    expect(data.opportunities).toHaveLength(2);
  });
});

describe('one name on two websites', () => {
  test('stays two accounts', async () => {
    const data = await readCrm([SAME_NAME], OPTIONS);
    const global = data.accounts.filter((account) => account.name === 'Global Services');
    expect(global.map((account) => account.domains)).toEqual([['gs-one.example'], ['gs-two.example']]);
  });

  test('domain picks its own account', async () => {
    const data = await readCrm([SAME_NAME], OPTIONS);
    const index = buildCrmIndex(data, { ownerDomains: ['vendor.example'] });
    const query = { emails: ['tim@gs-two.example'], domains: ['gs-two.example'], names: ['Global Services'] };
    const verdict = judgeCoverage(matchAccount(query, index), '2026-09-15');
    expect(verdict.status).toBe('invisible');
    expect(verdict.reason).toContain('"G2" was closed lost on 2026-03-01');
  });
});
