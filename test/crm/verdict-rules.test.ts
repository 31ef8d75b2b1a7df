// The rules behind covered and invisible, one class per block: when a CRM
// opportunity covers a signal, which rows are one account, which stages are
// closed, which domains identify no customer, and which names match.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  emailMatchKey,
  identifiesNoCompany,
  isFreeMailDomain,
  isSharedDomain,
  splitSites,
} from '../../src/match/domains.js';
import { buildCrmIndex, judgeCoverage, matchAccount, type AccountMatch } from '../../src/match/index.js';
import { companyKey, sameWords } from '../../src/match/names.js';
import { loadVocabulary } from '../../src/parsers/crm/aliases.js';
import { readCrm } from '../../src/parsers/crm/index.js';
import { createStatusResolver } from '../../src/parsers/crm/stages.js';
import type { CrmAccount, CrmOpportunity, CrmStatus } from '../../src/types.js';

const OPTIONS = { map: {}, defaultCurrency: 'EUR' };

function writeCrm(text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leak-verdict-'));
  const file = path.join(dir, 'crm.csv');
  writeFileSync(file, text);
  return file;
}

function deal(status: CrmStatus, createdDate: string | null, closeDate: string | null): CrmOpportunity {
  return {
    file: 'crm.csv',
    line: 2,
    name: 'Deal',
    account: 'Acme',
    accountId: null,
    stage: status,
    status,
    amount: null,
    currency: null,
    closeDate,
    createdDate,
    owner: null,
    contactEmail: null,
    contactName: null,
    website: null,
  };
}

function matched(opportunities: CrmOpportunity[]): AccountMatch {
  const account: CrmAccount = { key: 'acme', name: 'Acme', ids: [], domains: [], emails: [], opportunities };
  return { status: 'matched', account, method: 'domain', candidates: ['Acme'], score: 1 };
}

describe('when an opportunity covers a signal of 2026-09-13', () => {
  // status, created, closed (expected close when open), verdict, the dates the reason names
  test.each([
    ['won', '2026-08-01', '2026-10-15', 'covered', 'created on 2026-08-01 and closed won on 2026-10-15, open on the signal\'s date'],
    ['lost', '2026-08-01', '2026-09-13', 'covered', 'closed lost on 2026-09-13'],
    ['won', '2025-06-01', '2025-12-01', 'invisible', 'was closed won on 2025-12-01, before the signal'],
    ['lost', '2026-12-01', '2027-01-10', 'covered', 'created on 2026-12-01, on or after the signal'],
    ['lost', '2026-12-14', '2027-01-10', 'invisible', 'created on 2026-12-14, more than 13 weeks after the signal'],
    ['open', '2026-12-14', '2027-03-01', 'invisible', 'created on 2026-12-14, more than 13 weeks after the signal'],
    ['open', '2019-01-01', '2019-06-30', 'invisible', 'expected to close on 2019-06-30, more than 13 weeks before the signal'],
    ['open', '2026-01-01', '2026-06-14', 'covered', 'expected to close on 2026-06-14'],
    ['open', null, null, 'covered', 'no creation date, no close date'],
    ['won', '2026-01-01', null, 'invisible', 'with no close date in the CRM'],
    ['won', null, '2026-10-15', 'invisible', 'with no creation date in the CRM'],
    ['unknown', '2026-09-20', null, 'covered', 'created on 2026-09-20, on or after the signal, no close date'],
  ] as const)('%s created %s closing %s is %s', (status, created, closed, verdict, reason) => {
    const result = judgeCoverage(matched([deal(status, created, closed)]), '2026-09-13T09:00:00Z');
    expect(result.status).toBe(verdict);
    expect(result.reason).toContain(reason);
  });

  test('undated signal: open deal covers', () => {
    const result = judgeCoverage(matched([deal('open', '2019-01-01', '2019-06-30')]), null);
    expect(result.status).toBe('covered');
    expect(result.reason).toContain('no signal date to compare');
  });

  test('invisible reason names nearest deal', () => {
    const result = judgeCoverage(
      matched([
        { ...deal('won', '2020-01-01', '2020-03-01'), name: 'Old' },
        { ...deal('lost', '2026-01-01', '2026-08-30'), name: 'Recent' },
      ]),
      '2026-09-13',
    );
    expect(result.reason).toBe(
      'account has no open opportunity (1 closed won, 1 closed lost); "Recent" was closed lost on 2026-08-30, before the signal',
    );
  });

  test('invisible reason names the open deal', () => {
    // The won deal is nearer, but the reader expects the open one to cover, so it is named too.
    const result = judgeCoverage(
      matched([
        { ...deal('won', '2026-08-01', '2026-08-20'), name: 'A' },
        { ...deal('open', '2027-01-01', '2027-08-20'), name: 'A2' },
      ]),
      '2026-09-01T10:00:00Z',
    );
    expect(result.status).toBe('invisible');
    expect(result.reason).toBe(
      'no opportunity of the account covers the signal (1 open, 1 closed won); "A" was closed won on 2026-08-20, ' +
        'before the signal; "A2" was created on 2027-01-01, more than 13 weeks after the signal',
    );
  });
});

describe('accounts', () => {
  test('two ids are two accounts', async () => {
    const data = await readCrm(
      [
        writeCrm(
          'Opportunity Name,Account Name,Account ID,Stage,Website\n' +
            'DE,Nova GmbH,ACC7,Prospecting,nova.de\n' +
            'UK,Nova Ltd,ACC8,Closed Lost,nova.co.uk\n' +
            'DE 2,Nova GmbH,ACC7,Closed Won,nova.de\n',
        ),
      ],
      OPTIONS,
    );
    expect(data.accounts.map((account) => `${account.name} ${account.ids.join()} ${account.opportunities.length}`)).toEqual([
      'Nova GmbH ACC7 2',
      'Nova Ltd ACC8 1',
    ]);
  });

  test('one name on two domains: two accounts', async () => {
    const data = await readCrm(
      [
        writeCrm(
          'Opportunity Name,Account Name,Stage,Website\n' +
            'DE,Nova GmbH,Prospecting,nova.de\n' +
            'UK,Nova Ltd,Closed Lost,nova.co.uk\n' +
            'No site,Nova GmbH,Prospecting,\n' +
            'Same site,NOVA,Prospecting,https://www.nova.de/\n',
        ),
      ],
      OPTIONS,
    );
    expect(data.accounts.map((account) => `${account.name} ${account.domains.join()} ${account.opportunities.length}`)).toEqual([
      'Nova GmbH nova.de 3',
      'Nova Ltd nova.co.uk 1',
    ]);
  });
});

describe('stage vocabulary', () => {
  const resolver = createStatusResolver({}, loadVocabulary());
  test.each([
    ['Gewonnen', 'won'], ['Verloren', 'lost'], ['Geschlossen', 'unknown'], ['Abgelehnt', 'lost'],
    ['Ganado', 'won'], ['Perdido', 'lost'], ['Cerrado ganado', 'won'], ['Rechazado', 'lost'],
    ['Vinto', 'won'], ['Perso', 'lost'], ['Chiuso perso', 'lost'], ['Personalizzazione', 'open'],
    ['Gesloten gewonnen', 'won'], ['Afgewezen', 'lost'],
    ['Not interested', 'lost'], ['Customer not interested', 'lost'], ['Won\'t buy', 'lost'],
    ['Kein Interesse', 'lost'], ['Paid', 'won'], ['Invoiced', 'won'], ['Renewed', 'won'],
    ['Renewal', 'open'], ['Not won', 'open'],
  ])('%s is %s', (stage, status) => {
    expect(resolver.resolve({ stage, status: '', isWon: '', isClosed: '' })).toBe(status);
  });
});

describe('domains that identify no customer', () => {
  test.each([
    'posteo.de', 'xs4all.nl', 'tuta.io', 'tutamail.com', 'gmx.ch', 'proximus.be', 'vodafone.de', 'a1.net',
    'telefonica.net', 'duck.com', 'mozmail.com', 'simplelogin.com', 'passmail.net',
  ])('%s is free mail or a relay', (domain) => {
    expect(isFreeMailDomain(domain)).toBe(true);
  });

  test('nhs.net is shared, not free mail', () => {
    expect(isSharedDomain('nhs.net')).toBe(true);
    expect(isFreeMailDomain('nhs.net')).toBe(false);
    expect(identifiesNoCompany('nhs.net')).toBe(true);
    expect(identifiesNoCompany('nbt.nhs.uk')).toBe(false);
  });

  test.each([
    ['John.Smith@gmail.com', 'johnsmith@gmail.com'],
    ['j.o.h.n.smith+crm@googlemail.com', 'johnsmith@gmail.com'],
    ['john.smith@acme.example', 'john.smith@acme.example'],
  ])('%s compares as %s', (email, key) => {
    expect(emailMatchKey(email)).toBe(key);
  });

  test('shared domain matches no account', () => {
    const account: CrmAccount = {
      key: 'leeds teaching hospitals nhs trust', name: 'Leeds Teaching Hospitals NHS Trust', ids: [],
      domains: ['nhs.net'], emails: ['amy.cole@nhs.net'], opportunities: [],
    };
    const index = buildCrmIndex({ inputs: [], opportunities: [], accounts: [account], people: [], problems: [] }, { ownerDomains: [] });
    expect(matchAccount({ emails: ['raj.patel@nhs.net'], domains: ['nhs.net'], names: [] }, index).status).toBe('none');
    expect(matchAccount({ emails: ['amy.cole@nhs.net'], domains: ['nhs.net'], names: [] }, index).status).toBe('matched');
  });
});

describe('names', () => {
  test.each([
    ['KG Steel', 'kg steel'],
    ['Steel KG', 'steel'],
    ['SA Recycling', 'sa recycling'],
    ['SARL Petit', 'petit'],
    ['PT Astra International Tbk', 'astra international tbk'],
    ['Acme Corp UK Ltd', 'acme corp uk'],
    ['Müller GmbH & Co. KG', 'muller'],
  ])('%s has the key %s', (name, key) => {
    expect(companyKey(name)).toBe(key);
  });

  test.each([
    ['deutsche bahn', 'deutsche bank', false],
    ['northwind traders', 'northwind trader', true],
    ['deutsche telekom', 'deutsche telecom', true],
    ['north wind', 'northwind', true],
  ])('%s and %s are the same words: %s', (left, right, same) => {
    expect(sameWords(left, right)).toBe(same);
  });

  function nameIndex(account: Partial<CrmAccount>) {
    const full: CrmAccount = { key: '', name: '', ids: [], domains: [], emails: [], opportunities: [], ...account };
    return buildCrmIndex({ inputs: [], opportunities: [], accounts: [full], people: [], problems: [] }, { ownerDomains: [] });
  }

  test('Deutsche Bahn does not match Deutsche Bank', () => {
    const index = nameIndex({ key: 'deutsche bank', name: 'Deutsche Bank AG' });
    expect(matchAccount({ emails: ['j@gmail.com'], domains: [], names: ['Deutsche Bahn AG'] }, index).status).toBe('none');
  });

  test('CRM website on another domain blocks name', () => {
    const index = nameIndex({ key: 'recycling uk', name: 'Recycling UK', domains: ['recycling.example'], websiteDomains: ['recycling.example'] });
    const query = (email: string) => ({ emails: [email], domains: [], names: ['Recycling UK'] });
    expect(matchAccount(query('leo@recycling-uk.example'), index).status).toBe('none');
    // A free-mail sender has no company domain, so the name still decides.
    expect(matchAccount(query('leo@gmail.com'), index).status).toBe('matched');
  });
});

describe('website and e-mail cells', () => {
  test('splitSites splits on commas, semicolons and spaces', () => {
    expect(splitSites('first-site.example, second-site.example;third.example fourth.example')).toEqual([
      'first-site.example', 'second-site.example', 'third.example', 'fourth.example',
    ]);
  });

  test('multi-site cell and unreadable parts', async () => {
    const data = await readCrm(
      [
        writeCrm(
          'Opportunity Name,Account Name,Stage,Website,Contact Email\n' +
            'A,Multi Site Co,Prospecting,"first-site.example, second-site.example",\n' +
            'B,Broken Co,Prospecting,"broken.example, see notes","ida@broken.example; bo@broken"\n',
        ),
      ],
      OPTIONS,
    );
    const multi = data.accounts.find((account) => account.name === 'Multi Site Co');
    expect(multi?.domains).toEqual(['first-site.example', 'second-site.example']);
    expect(data.problems.map((problem) => `${problem.code} ${problem.where}`)).toEqual([
      'CRM_WEBSITE_UNREADABLE line 3',
      'CRM_EMAIL_UNREADABLE line 3',
    ]);
    expect(data.problems[0]?.detail).toContain('"see", "notes"');
  });
});
