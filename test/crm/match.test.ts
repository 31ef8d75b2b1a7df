import { describe, expect, test } from 'vitest';
import {
  buildCrmIndex,
  judgeCoverage,
  matchAccount,
  type AccountMatch,
} from '../../src/match/index.js';
import { companyKey, nameSimilarity, NAME_SIMILARITY_THRESHOLD } from '../../src/match/names.js';
import type { CrmData } from '../../src/parsers/crm/index.js';
import type { CrmAccount, CrmOpportunity, CrmStatus } from '../../src/types.js';

function opportunity(
  name: string,
  status: CrmStatus,
  createdDate: string | null = null,
): CrmOpportunity {
  return {
    file: 'crm.csv',
    line: 2,
    name,
    account: '',
    accountId: null,
    stage: status,
    status,
    amount: null,
    currency: null,
    closeDate: null,
    createdDate,
    owner: null,
    contactEmail: null,
    contactName: null,
    website: null,
  };
}

function account(name: string, extra: Partial<CrmAccount> = {}): CrmAccount {
  return {
    key: companyKey(name),
    name,
    ids: [],
    domains: [],
    emails: [],
    opportunities: [],
    ...extra,
  };
}

function crm(accounts: CrmAccount[]): CrmData {
  return {
    inputs: [],
    opportunities: accounts.flatMap((item) => item.opportunities),
    people: [],
    accounts,
    problems: [],
  };
}

const ACCOUNTS = [
  account('Acme Robotique SAS', {
    domains: ['acme.example'],
    emails: ['paul.girard@acme.example'],
  }),
  account('NotAcme Conseil', { domains: ['notacme.example'] }),
  account('Globex Logistics', { domains: ['globex.example'] }),
  account('Globex Logistique', { domains: ['globex.example'] }),
  account('Boulangerie Petit', { emails: ['boulangerie.petit.demo@gmail.com'], domains: [] }),
  account('Crèche Étoile', {}),
  account('Martin Fils et Associés', {}),
  account('Northwind Traders Ltd', { domains: ['our-company.example'] }),
  account('Engine Ltd', {}),
];
const INDEX = buildCrmIndex(crm(ACCOUNTS), { ownerDomains: ['mail.our-company.example'] });

// emails, domains, names, status, account, method
const QUERIES: Array<
  [string[], string[], string[], AccountMatch['status'], string | null, string | null]
> = [
  [['Paul.Girard+rfq@ACME.example'], [], [], 'matched', 'Acme Robotique SAS', 'email'],
  [
    ['x@eu.mail.acme.example'],
    ['eu.mail.acme.example'],
    [],
    'matched',
    'Acme Robotique SAS',
    'domain',
  ],
  [['x@notacme.example'], ['notacme.example'], [], 'matched', 'NotAcme Conseil', 'domain'],
  [['x@acme.example.org'], ['acme.example.org'], [], 'none', null, null],
  [
    ['boulangerie.petit.demo@gmail.com'],
    ['gmail.com'],
    [],
    'matched',
    'Boulangerie Petit',
    'email',
  ],
  [['someone@gmail.com'], ['gmail.com'], [], 'none', null, null],
  [['achats@globex.example'], ['globex.example'], [], 'ambiguous', null, 'domain'],
  [['colleague@our-company.example'], ['our-company.example'], [], 'none', null, null],
  [['a@creche.example'], ['creche.example'], ['CRECHE ETOILE'], 'matched', 'Crèche Étoile', 'name'],
  [['a@b.example'], [], ['Acme Robotique'], 'matched', 'Acme Robotique SAS', 'name'],
  [
    ['a@b.example'],
    [],
    ['Martin Fils & Associés SARL'],
    'matched',
    'Martin Fils et Associés',
    'name',
  ],
  [['a@b.example'], [], ['Martin'], 'none', null, null],
  [['a@b.example'], [], ['Acne Robotics'], 'none', null, null],
  [['a@b.example'], [], ['SA'], 'none', null, null],
  [['a@engie.example'], [], ['Engie'], 'none', null, null],
  [['a@engine.example'], [], ['ENGINE'], 'matched', 'Engine Ltd', 'name'],
];

describe('matchAccount', () => {
  test.each(QUERIES)('%j %j %j', (emails, domains, names, status, name, method) => {
    const match = matchAccount({ emails, domains, names }, INDEX);
    expect(match.status).toBe(status);
    expect(match.account?.name ?? null).toBe(name);
    expect(match.method ?? null).toBe(method);
  });

  test('ambiguous lists candidates', () => {
    const match = matchAccount({ emails: [], domains: ['globex.example'], names: [] }, INDEX);
    expect(match.candidates).toEqual(['Globex Logistics', 'Globex Logistique']);
  });

  test('equal names are ambiguous', () => {
    const index = buildCrmIndex(crm([account('Durand SA'), account('Durand SARL')]), {
      ownerDomains: [],
    });
    const match = matchAccount({ emails: [], domains: [], names: ['Durand'] }, index);
    expect(match.status).toBe('ambiguous');
    expect(match.candidates).toEqual(['Durand SA', 'Durand SARL']);
  });

  test('email beats domain', () => {
    const index = buildCrmIndex(
      crm([
        account('Alpha', { emails: ['a@shared.example'] }),
        account('Beta', { domains: ['shared.example'] }),
      ]),
      { ownerDomains: [] },
    );
    expect(
      matchAccount({ emails: ['a@shared.example'], domains: ['shared.example'], names: [] }, index)
        .account?.name,
    ).toBe('Alpha');
  });
});

describe('companyKey', () => {
  test.each([
    ['Bâtiments Durand SAS', 'batiments durand'],
    ['ACME Robotics, Inc.', 'acme robotics'],
    ['Müller GmbH & Co. KG', 'muller'],
    ['Martin Fils & Associés', 'martin fils associes'],
    ['S.A.R.L. Petit', 'petit'],
    ['Globex Group', 'globex'],
    ['Group', 'group'],
  ])('%s', (name, key) => {
    expect(companyKey(name)).toBe(key);
  });
});

describe('nameSimilarity', () => {
  test.each([
    ['northwind traders', 'northwind trader', true],
    ['lumiereevents', 'lumiere events', true],
    ['acme', 'acne', false],
    ['martin', 'martin fils', false],
  ])('%s vs %s', (left, right, isMatch) => {
    expect(nameSimilarity(left, right) >= NAME_SIMILARITY_THRESHOLD).toBe(isMatch);
  });
});

describe('judgeCoverage', () => {
  function matched(opportunities: CrmOpportunity[]): AccountMatch {
    return {
      status: 'matched',
      account: account('Acme', { opportunities }),
      method: 'domain',
      candidates: ['Acme'],
      score: 1,
    };
  }

  test('open opportunity covers', () => {
    const verdict = judgeCoverage(
      matched([opportunity('Acme - Won', 'won'), opportunity('Acme - Pilot', 'open')]),
      '2026-11-01',
    );
    expect(verdict.status).toBe('covered');
    expect(verdict.record).toBe('Acme - Pilot');
    expect(verdict.matchedBy).toBe('domain');
    expect(verdict.account).toBe('Acme');
  });

  test('later opportunity covers', () => {
    const verdict = judgeCoverage(
      matched([opportunity('Acme - Renewal', 'won', '2026-11-05')]),
      '2026-11-01T10:00:00Z',
    );
    expect(verdict.status).toBe('covered');
    expect(verdict.record).toBe('Acme - Renewal');
    expect(verdict.reason).toContain('created on 2026-11-05');
  });

  test('same-day opportunity covers', () => {
    expect(
      judgeCoverage(
        matched([opportunity('Acme - Lost', 'lost', '2026-11-01')]),
        '2026-11-01T18:00:00Z',
      ).status,
    ).toBe('covered');
  });

  test('closed only is invisible', () => {
    const verdict = judgeCoverage(
      matched([
        opportunity('A', 'won', '2025-01-01'),
        opportunity('B', 'won'),
        opportunity('C', 'lost'),
        opportunity('D', 'unknown'),
      ]),
      '2026-11-01',
    );
    expect(verdict.status).toBe('invisible');
    expect(verdict.record).toBeNull();
    // Without close dates no closed opportunity can be shown open on the signal's date.
    expect(verdict.reason).toBe(
      'account has no open opportunity (2 closed won, 1 closed lost, 1 with unknown status); ' +
        '"A" is closed won created on 2025-01-01, before the signal, with no close date in the CRM',
    );
  });

  test('no opportunity at all', () => {
    expect(judgeCoverage(matched([]), null).reason).toBe('account has no opportunity');
  });

  test('ambiguous verdict', () => {
    const verdict = judgeCoverage(
      { status: 'ambiguous', method: 'name', candidates: ['Durand SA', 'Durand SARL'] },
      null,
    );
    expect(verdict.status).toBe('ambiguous');
    expect(verdict.candidates).toEqual(['Durand SA', 'Durand SARL']);
    expect(verdict.reason).toBe('2 CRM accounts match equally by name: Durand SA, Durand SARL');
  });

  test('tie whose accounts all say invisible is invisible', () => {
    // A CRM duplicate ("Northwind" twice, both only closed lost) had made the
    // signal ambiguous: out of the loss and past every gate.
    const tied = [
      account('Northwind Traders', { opportunities: [opportunity('NW 2025', 'lost')] }),
      account('Northwind Traders Ltd (dup)', { opportunities: [opportunity('NW old', 'lost')] }),
    ];
    const candidates = tied.map((item) => item.name);
    const verdict = judgeCoverage({ status: 'ambiguous', method: 'domain', candidates, tied }, '2026-09-03');
    expect(verdict.status).toBe('invisible');
    expect(verdict.account).toBeNull();
    expect(verdict.reason).toContain('none has an opportunity covering the signal');
  });

  test('tie whose accounts all cover is covered', () => {
    const tied = [
      account('Newco Labs', { opportunities: [opportunity('Labs deal', 'open')] }),
      account('Newco Retail', { opportunities: [opportunity('Retail deal', 'open')] }),
    ];
    const verdict = judgeCoverage(
      { status: 'ambiguous', method: 'domain', candidates: ['Newco Labs', 'Newco Retail'], tied },
      '2026-09-03',
    );
    expect(verdict.status).toBe('covered');
  });

  test('tie whose accounts disagree stays ambiguous', () => {
    const tied = [
      account('Newco Labs', { opportunities: [opportunity('Labs deal', 'open')] }),
      account('Newco Retail', { opportunities: [opportunity('Retail old', 'lost')] }),
    ];
    const verdict = judgeCoverage(
      { status: 'ambiguous', method: 'domain', candidates: ['Newco Labs', 'Newco Retail'], tied },
      '2026-09-03',
    );
    expect(verdict.status).toBe('ambiguous');
  });
});
