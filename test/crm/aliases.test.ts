import { describe, expect, test } from 'vitest';
import { foldKey, loadVocabulary } from '../../src/parsers/crm/aliases.js';
import { detectKind, mapColumns, validateMap } from '../../src/parsers/crm/columns.js';
import { isLeakError, type LeakError } from '../../src/errors.js';

const vocabulary = loadVocabulary();

// CRM, export headers, expected field to header
const OPPORTUNITY_LAYOUTS: Array<[string, string[], Record<string, string>]> = [
  [
    'Salesforce report',
    [
      'Opportunity Name',
      'Account Name',
      'Stage',
      'Amount',
      'Close Date',
      'Created Date',
      'Opportunity Owner',
    ],
    {
      name: 'Opportunity Name',
      account: 'Account Name',
      stage: 'Stage',
      amount: 'Amount',
      closeDate: 'Close Date',
      createdDate: 'Created Date',
      owner: 'Opportunity Owner',
    },
  ],
  [
    'Salesforce report, French',
    [
      "Nom de l'opportunité",
      'Nom du compte',
      'Étape',
      'Montant',
      'Date de clôture',
      'Date de création',
      "Propriétaire de l'opportunité",
    ],
    {
      name: "Nom de l'opportunité",
      account: 'Nom du compte',
      stage: 'Étape',
      amount: 'Montant',
      closeDate: 'Date de clôture',
      createdDate: 'Date de création',
      owner: "Propriétaire de l'opportunité",
    },
  ],
  [
    'Salesforce API',
    [
      'Id',
      'AccountId',
      'Account.Name',
      'Name',
      'StageName',
      'Amount',
      'CloseDate',
      'CreatedDate',
      'OwnerId',
      'IsClosed',
      'IsWon',
    ],
    {
      opportunityId: 'Id',
      accountId: 'AccountId',
      account: 'Account.Name',
      name: 'Name',
      stage: 'StageName',
      amount: 'Amount',
      closeDate: 'CloseDate',
      createdDate: 'CreatedDate',
      owner: 'OwnerId',
      isClosed: 'IsClosed',
      isWon: 'IsWon',
    },
  ],
  [
    'HubSpot',
    [
      'Record ID',
      'Deal Name',
      'Deal Stage',
      'Amount',
      'Close Date',
      'Create Date',
      'Associated Company',
      'Deal owner',
    ],
    {
      opportunityId: 'Record ID',
      name: 'Deal Name',
      stage: 'Deal Stage',
      amount: 'Amount',
      closeDate: 'Close Date',
      createdDate: 'Create Date',
      account: 'Associated Company',
      owner: 'Deal owner',
    },
  ],
  [
    'hand-made French export',
    ['Affaire', 'Client', 'Étape commerciale', 'Montant HT', 'Date de clôture'],
    {
      account: 'Client',
      stage: 'Étape commerciale',
      amount: 'Montant HT',
      closeDate: 'Date de clôture',
    },
  ],
  [
    'hand-made English export',
    ['Opportunity', 'Account Name', 'Pipeline Stage', 'Deal Size'],
    { name: 'Opportunity', account: 'Account Name', amount: 'Deal Size' },
  ],
  [
    'HubSpot, French',
    [
      "ID de fiche d'informations",
      'Nom de la transaction',
      'Phase de la transaction',
      'Montant',
      'Date de fermeture',
      'Date de création',
      'Entreprise associée',
    ],
    {
      opportunityId: "ID de fiche d'informations",
      name: 'Nom de la transaction',
      stage: 'Phase de la transaction',
      amount: 'Montant',
      closeDate: 'Date de fermeture',
      createdDate: 'Date de création',
      account: 'Entreprise associée',
    },
  ],
  [
    'Pipedrive',
    [
      'Deal - Title',
      'Deal - Value',
      'Deal - Currency',
      'Deal - Status',
      'Deal - Organization',
      'Deal - Stage',
      'Person - Email',
    ],
    {
      name: 'Deal - Title',
      amount: 'Deal - Value',
      currency: 'Deal - Currency',
      status: 'Deal - Status',
      account: 'Deal - Organization',
      stage: 'Deal - Stage',
      contactEmail: 'Person - Email',
    },
  ],
  [
    'Zoho',
    ['Potential Name', 'Account Name', 'Stage', 'Amount', 'Closing Date', 'Created Time'],
    {
      name: 'Potential Name',
      account: 'Account Name',
      stage: 'Stage',
      amount: 'Amount',
      closeDate: 'Closing Date',
      createdDate: 'Created Time',
    },
  ],
  [
    'Dynamics 365',
    [
      'Topic',
      'Potential Customer',
      'Est. revenue',
      'Est. close date',
      'Status Reason',
      'Status',
      'Created On',
      'Owner',
    ],
    {
      name: 'Topic',
      account: 'Potential Customer',
      amount: 'Est. revenue',
      closeDate: 'Est. close date',
      status: 'Status',
      createdDate: 'Created On',
      owner: 'Owner',
    },
  ],
  [
    'Odoo',
    [
      'Opportunity',
      'Customer',
      'Expected Revenue',
      'Stage',
      'Expected Closing',
      'Created on',
      'Email',
      'Salesperson',
    ],
    {
      name: 'Opportunity',
      account: 'Customer',
      amount: 'Expected Revenue',
      stage: 'Stage',
      closeDate: 'Expected Closing',
      createdDate: 'Created on',
      contactEmail: 'Email',
      owner: 'Salesperson',
    },
  ],
];

describe('opportunity aliases', () => {
  test.each(OPPORTUNITY_LAYOUTS)('%s', (_crm, headers, expected) => {
    expect(detectKind(headers, vocabulary, {})).toBe('opportunity');
    expect(mapColumns(headers, vocabulary.kinds.opportunity, {}).headers).toEqual(expected);
  });

  test.each(['Customer name', 'Client Name', 'Nom du client'])('hand-kept account header %j', (header) => {
    expect(mapColumns([header, 'Stage'], vocabulary.kinds.opportunity, {}).headers.account).toBe(header);
  });

  test('French headers set language', () => {
    const layout = OPPORTUNITY_LAYOUTS[1];
    expect(mapColumns(layout?.[1] ?? [], vocabulary.kinds.opportunity, {}).language).toBe('fr');
  });

  test.each([
    [['Deal', 'Client', 'Worth'], 'en'],
    [['Client', 'Expected Revenue', 'Stage'], 'en'],
    [['Deal', 'Client', 'Phase', 'Close Date'], 'en'],
    [['Opportunity', 'Client', 'Expected Revenue', 'Expected Closing'], 'en'],
    [['Id', 'E-mail', 'Client'], 'en'],
    [['Client', 'Montant', 'Date de clôture'], 'fr'],
    [['Opportunité', 'Client', 'Phase', 'Revenu attendu'], 'fr'],
  ])('headers written alike in both languages decide nothing: %j', (headers, language) => {
    const columns = mapColumns(headers, vocabulary.kinds.opportunity, {});
    expect(columns.language).toBe(language);
    expect(columns.headers.account).toBe('Client');
  });

  test.each([
    ['DEAL_NAME', 'name'],
    ['deal name', 'name'],
    ['"Nom de l’opportunité"', 'name'],
    ['Date de cloture', 'closeDate'],
    ['close date ', 'closeDate'],
  ])('folded header %j', (header, field) => {
    const columns = mapColumns([header, 'Account Name'], vocabulary.kinds.opportunity, {});
    expect(columns.headers[field as 'name']).toBe(header);
  });

  test('map overrides alias', () => {
    const headers = ['Deal Name', 'Client', 'Montant HT', 'Amount'];
    const columns = mapColumns(headers, vocabulary.kinds.opportunity, { amount: 'Montant HT' });
    expect(columns.headers.amount).toBe('Montant HT');
  });

  test('unknown map field rejected', () => {
    let caught: unknown;
    try {
      validateMap({ price: 'Amount' });
    } catch (error) {
      caught = error;
    }
    expect(isLeakError(caught)).toBe(true);
    expect((caught as LeakError).code).toBe('USAGE');
  });
});

// export, headers, kind
const KINDS: Array<[string, string[], string]> = [
  ['Salesforce Account', ['Id', 'Name', 'Type', 'Website', 'AnnualRevenue'], 'account'],
  ['Salesforce Contact', ['Id', 'AccountId', 'LastName', 'FirstName', 'Email', 'Name'], 'contact'],
  ['Dynamics Account', ['Account Name', 'Main Phone', 'Annual Revenue', 'Owner'], 'account'],
  [
    'Dynamics Contact',
    ['Email', 'Company Name', 'First Name', 'Website (Company Name) (Account)'],
    'contact',
  ],
  ['Maven accounts', ['account', 'sector', 'revenue', 'employees'], 'account'],
  [
    'HubSpot contacts',
    ['Record ID', 'First Name', 'Last Name', 'Email', 'Lead Status', 'Create Date'],
    'contact',
  ],
  ['Deals with emails only', ['Deal Name', 'Company name', 'Email'], 'opportunity'],
  ['Status column', ['Name', 'Status', 'List Price'], 'opportunity'],
];

describe('detectKind', () => {
  test.each(KINDS)('%s', (_name, headers, kind) => {
    expect(detectKind(headers, vocabulary, {})).toBe(kind);
  });
});

describe('stage vocabulary', () => {
  test.each([
    ['Closed Won', 'won'],
    ['Fermée gagnée', 'won'],
    ['Gagné', 'won'],
    ['Perdu', 'lost'],
    ['Closed Lost', 'lost'],
    ['Fermée perdue', 'lost'],
  ])('%s', (stage, status) => {
    const key = foldKey(stage);
    expect(vocabulary.stages[status as 'won'].has(key)).toBe(true);
  });
});
