import { describe, expect, test } from 'vitest';
import { ExclusionLog } from '../../src/pipeline/message-log.js';
import { renderJson, renderJsonChunks } from '../../src/report/json.js';
import { MARKDOWN_TOP_INVISIBLE, escapeMarkdown, renderMarkdown } from '../../src/report/markdown.js';
import { cleanForTerminal, renderTerminal } from '../../src/report/terminal.js';
import type { AuditReport } from '../../src/report/schema.js';
import { buildSampleReport } from './sample-report.js';
import {
  computeSensitivity,
  describeInvisible,
  describeLossFormula,
  describePeriodRange,
  describeRateFormula,
  formatExactPercent,
  formatMoney,
  formatWeeks,
} from '../../src/report/format.js';

const ANSI = /\u001b\[/;

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([key, item]) => [key, reverseKeys(item)]));
}

function withManyInvisible(count: number): AuditReport {
  const base = buildSampleReport();
  const template = base.opportunities[0]!;
  const opportunities = Array.from({ length: count }, (_, index) => ({
    ...template,
    id: `opp-${String(index).padStart(3, '0')}`,
    account: `account-${index}.example`,
    estimatedValue: 1000 + index,
  }));
  return buildSampleReport({ opportunities });
}

describe('renderJson', () => {
  const report = buildSampleReport();

  test('trailing newline', () => {
    expect(renderJson(report).endsWith('}\n')).toBe(true);
  });

  test('round trip', () => {
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  test('key order independent', () => {
    const shuffled = reverseKeys(report) as AuditReport;
    expect(renderJson(shuffled)).toBe(renderJson(report));
  });

  test('top-level key order', () => {
    expect(Object.keys(JSON.parse(renderJson(report)))).toEqual([
      'schemaVersion',
      'sample',
      'inputs',
      'owners',
      'rules',
      'redacted',
      'assumptions',
      'summary',
      'opportunities',
      'exclusions',
      'problems',
    ]);
  });

  test('two-space indent', () => {
    expect(renderJson(report).split('\n')[1]).toBe('  "schemaVersion": 1,');
  });
});

describe('renderJsonChunks', () => {
  const large = withManyInvisible(600);

  test('chunks join to JSON.stringify layout', () => {
    const chunks = [...renderJsonChunks(large)];
    expect(chunks.length).toBeGreaterThan(1);
    const text = chunks.join('');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  test('chunks join to renderJson', () => {
    expect([...renderJsonChunks(large)].join('')).toBe(renderJson(large));
  });

  test('empty lists print as []', () => {
    const empty = buildSampleReport({ opportunities: [], problems: [], exclusions: { byKind: {}, messages: [] } });
    const text = renderJson(empty);
    expect(text).toContain('"opportunities": [],');
    expect(text).toContain('"messages": []');
    expect(text).toContain('"byKind": {},');
  });

  test('exclusion log prints like an array', () => {
    const base = buildSampleReport();
    const log = new ExclusionLog();
    const asArray = [...base.exclusions.messages];
    for (const item of asArray) {
      const index = Number(/\d+/.exec(item.where)?.[0] ?? '1') - 1;
      const offset = /byte (\d+)/.exec(item.where)?.[1];
      const position = { mailbox: item.mailbox, file: item.mailbox, index, offset: offset === undefined ? null : Number(offset) };
      log.add({ ...position, id: item.messageId }, item.kind, item.reason);
    }
    expect(asArray.length).toBeGreaterThan(0);
    const fromLog = buildSampleReport({ exclusions: { byKind: base.exclusions.byKind, messages: log } });
    const fromArray = buildSampleReport({ exclusions: { byKind: base.exclusions.byKind, messages: asArray } });
    expect(renderJson(fromLog)).toBe(renderJson(fromArray));
  });
});

describe('renderTerminal', () => {
  const report = buildSampleReport();
  const plain = renderTerminal(report, { color: false, verbose: false });

  test.each([
    ['messages read', /Messages read\s+645/],
    ['messages skipped', /Messages skipped\s+3/],
    ['invisible', /Invisible to the CRM\s+5/],
    ['ambiguous', /Ambiguous CRM match\s+1/],
    ['coverage', /CRM coverage\s+25%/],
    ['per week', /Invisible leads per week\s+0\.625/],
    ['annual loss', /Estimated annual loss\s+EUR 39,000\.00/],
    ['second order', /With second-order effects\s+EUR 50,700\.00/],
    ['revenue at risk', /Revenue at risk \(churn-risk\)\s+EUR 12,000\.00 \(1 account\)/],
    ['conversion', /Conversion rate: 10%/],
    ['period', /Period: 8 weeks \(2026-09-07 to 2026-11-01\)/],
    ['formula', /5 invisible pipeline leads \/ 8 weeks x 52 weeks x 10% conversion x EUR 12,000\.00 LTV = EUR 39,000\.00/],
  ])('shows %s', (_, pattern) => {
    expect(plain).toMatch(pattern);
  });

  test('plain has no ansi', () => {
    expect(plain).not.toMatch(ANSI);
  });

  test('color has ansi', () => {
    expect(renderTerminal(report, { color: true, verbose: false })).toMatch(ANSI);
  });

  test('evidence with contact', () => {
    expect(plain).toContain('Il nous faudrait 15 licences supplémentaires pour la boutique de Lyon.');
    expect(plain).toContain('Marc Lefèvre <marc.lefevre@globex-logistics.example>');
  });

  test('covered not listed as invisible', () => {
    expect(plain).not.toContain('Nous souhaitons passer');
  });

  test('problems summarised by code', () => {
    expect(plain).toMatch(/MBOX_NO_HEADERS\s+│\s+2/);
    expect(plain).not.toContain('message 3 (byte 9120)');
  });

  test('verbose lists each problem', () => {
    const verbose = renderTerminal(report, { color: false, verbose: true });
    expect(verbose).toContain('MBOX_NO_HEADERS  mail/claire.mbox  message 3 (byte 9120)');
    expect(verbose).toContain('CSV_RAGGED_ROW  crm/opportunities.csv  line 7');
  });

  test('sample note', () => {
    const text = renderTerminal(buildSampleReport({ sample: true }), { color: false, verbose: false });
    expect(text).toContain('bundled sample mailbox');
  });

  test('no crm note', () => {
    const noCrm = buildSampleReport({ inputs: { mailboxes: [], crm: null } });
    const text = renderTerminal(noCrm, { color: false, verbose: false });
    expect(text).toContain('No CRM export was given, so every opportunity counts as invisible.');
  });

  test('control characters replaced', () => {
    expect(cleanForTerminal('a\u001b[31mred\r\nb')).toBe('a\uFFFD[31mred b');
  });

  test('report strings cleaned, input kept', () => {
    const file = 'mail/\u001b[31mred\u0007\nx.eml';
    const report = buildSampleReport({
      problems: [{ code: 'EML_NOT_MAIL', file, where: '-', detail: 'file starts with "garbage"' }],
    });
    const text = renderTerminal(report, { color: false, verbose: true });
    expect(text).toContain('EML_NOT_MAIL  mail/\uFFFD[31mred\uFFFD x.eml  -: file starts with "garbage"');
    expect(report.problems[0]?.file).toBe(file);
  });

  test.each([40, 60, 72, 80, 100, 120])('tables fit %i columns', (width) => {
    const long = {
      code: 'CRM_AMOUNT_COLUMN_MISSING',
      file: 'crm/opportunities.csv',
      where: '-',
      detail: 'no amount column found, but column "Deal Worth" contains only amounts. The report shows no CRM amounts',
    };
    const text = renderTerminal(buildSampleReport({ problems: [long] }), { color: false, verbose: false, width });
    const tableLines = text.split('\n').filter((line) => /^[┌│└├]/.test(line));
    expect(Math.max(...tableLines.map((line) => [...line].length))).toBeLessThanOrEqual(width);
    expect(text.replace(/[│\s]+/g, ' ')).toContain('contains only amounts. The report shows no CRM amounts');
  });

  test('long account names wrap whole', () => {
    const base = buildSampleReport();
    const long = 'jordan.blake.studio.with.a.very.long.address@gmail.example';
    const opportunities = base.opportunities.map((opportunity, index) => (index === 0 ? { ...opportunity, account: long } : opportunity));
    const text = renderTerminal({ ...base, opportunities }, { color: false, verbose: false, width: 80 });
    const accounts = text.slice(text.indexOf('Top accounts'), text.indexOf('Invisible opportunities'));
    expect(accounts).not.toContain('…');
    const firstColumn = accounts
      .split('\n')
      .filter((line) => line.startsWith('│'))
      .map((line) => (line.split('│')[1] ?? '').trim())
      .join('');
    expect(firstColumn).toContain(long);
  });

  test('top accounts say their period', () => {
    const note = plain.slice(plain.indexOf('An invisible lead is worth')).replace(/\s+/g, ' ');
    expect(note).toContain('conversion x LTV (10% x EUR 12,000.00), not a deal size');
    expect(note).toContain('Values are for the 8 weeks of mail read, not per year');
  });

  test('narrow tables stay readable', () => {
    const text = renderTerminal(report, { color: false, verbose: false, width: 10 });
    expect(text).toMatch(/\nExpansion\n {2}Opportunities: \d+\n/);
  });

  test('too narrow tables become blocks', () => {
    const text = renderTerminal(report, { color: false, verbose: false, width: 40 });
    expect(text).not.toMatch(/^[┌│└├]/m);
    expect(text).toMatch(/\nExpansion\n {2}Opportunities: \d+ {3}Covered: \d+\n {2}Invisible: \d+ {3}Ambiguous: \d+\n/);
  });

  test('blocks wrap long names', () => {
    const base = buildSampleReport();
    const long = 'jordan.blake.studio.with.a.very.long.address@gmail.example';
    const opportunities = base.opportunities.map((opportunity, index) => (index === 0 ? { ...opportunity, account: long } : opportunity));
    const text = renderTerminal({ ...base, opportunities }, { color: false, verbose: false, width: 40 });
    const accounts = text.slice(text.indexOf('Top accounts'), text.indexOf('Invisible opportunities'));
    expect(Math.max(...accounts.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(40);
    expect(accounts).toContain('jordan.blake.studio.with.a.very.long.\naddress@gmail.example');
  });

  test('long addresses break after punctuation', () => {
    const base = buildSampleReport();
    const long = 'jordan.blake.studio.with.a.very.long.address@gmail.example';
    const opportunities = base.opportunities.map((opportunity, index) => (index === 0 ? { ...opportunity, account: long } : opportunity));
    const text = renderTerminal({ ...base, opportunities }, { color: false, verbose: false, width: 80 });
    expect(text).toMatch(/│ jordan\.blake\.studio\. +│/);
    expect(text).toMatch(/│ with\.a\.very\.long\. +│/);
  });

  test('problem counts align right', () => {
    const problem = { code: 'MBOX_BAD_DATE', file: 'a.mbox', where: 'message 3', detail: 'no date' };
    const text = renderTerminal(buildSampleReport({ problems: [problem] }), { color: false, verbose: false, width: 120 });
    expect(text).toMatch(/│ MBOX_BAD_DATE │ +1 │ no date/);
  });

  test('wide enough tables stay tables', () => {
    const text = renderTerminal(report, { color: false, verbose: false, width: 80 });
    expect(text).toMatch(/│ Expansion\s+│/);
  });

  test('same report same text', () => {
    expect(renderTerminal(buildSampleReport(), { color: false, verbose: true })).toBe(
      renderTerminal(buildSampleReport(), { color: false, verbose: true }),
    );
  });
});

describe('renderMarkdown', () => {
  const text = renderMarkdown(buildSampleReport());

  test('headline loss', () => {
    expect(text).toContain('- **Estimated annual loss:** EUR 39,000.00 (EUR 50,700.00 with second-order effects)');
  });

  test('category row', () => {
    expect(text).toContain('| Expansion | 2 | 0 | 2 | 0 |');
  });

  test('assumptions listed', () => {
    expect(text).toContain('- Conversion rate: 10%');
  });

  test('invisible sorted by value', () => {
    const rows = text.split('\n').filter((line) => line.startsWith('| ') && line.includes('EUR'));
    expect(rows[0]).toContain('fromagerie-dubois.example');
    expect(rows[1]).toContain('northwind.example');
  });

  test('html escaped', () => {
    expect(text).toContain('Please move us to the &lt;b&gt;Premium&lt;/b&gt; tier &amp; send');
  });

  test('top ten only', () => {
    const many = renderMarkdown(withManyInvisible(12));
    const rows = many.split('\n').filter((line) => line.startsWith('| account-'));
    expect(rows).toHaveLength(MARKDOWN_TOP_INVISIBLE);
    expect(many).toContain(`## Top invisible opportunities (${MARKDOWN_TOP_INVISIBLE} of 12)`);
  });

  test('pipe escaped', () => {
    expect(escapeMarkdown('a | b\nc')).toBe('a \\| b c');
  });
});

describe('empty audit', () => {
  const empty = buildSampleReport({
    opportunities: [],
    problems: [],
    exclusions: { byKind: {}, messages: [] },
    summary: {
      ...buildSampleReport().summary,
      opportunities: 0,
      covered: 0,
      invisible: 0,
      ambiguous: 0,
      coverageRate: null,
      invisiblePerWeek: 0,
      estimatedAnnualLoss: 0,
      estimatedAnnualLossWithSecondOrder: 0,
      revenueAtRiskCount: 0,
      revenueAtRisk: 0,
      byCategory: [],
    },
    assumptions: { ...buildSampleReport().assumptions, periodStart: null, periodEnd: null },
  });

  test('terminal says none', () => {
    const text = renderTerminal(empty, { color: false, verbose: true });
    expect(text).toContain('None: no buying signal was found.');
    expect(text).toContain('n/a (no opportunities)');
    expect(text).toContain('Period: 8 weeks (no dated messages)');
  });

  test('terminal category zeros', () => {
    const text = renderTerminal(empty, { color: false, verbose: false });
    expect(text).toMatch(/Churn risk\s+│\s+0 │\s+0 │\s+0 │\s+0 │/);
  });

  test('markdown says none', () => {
    expect(renderMarkdown(empty)).toContain('## Top invisible opportunities (0 of 0)');
  });
});

describe('loss figures a reader can redo', () => {
  // 7 invisible pipeline opportunities over 10.01 weeks, as in the bundled sample.
  const base = buildSampleReport();
  const template = base.opportunities.find((item) => item.crm.status === 'invisible' && item.category !== 'churn-risk')!;
  const opportunities = Array.from({ length: 7 }, (_, index) => ({ ...template, id: `opp-${index}` }));
  const report = buildSampleReport({
    opportunities,
    assumptions: { ...base.assumptions, conversionRate: 0.1, ltv: 50_000, periodWeeks: 10.01 },
    summary: {
      ...base.summary,
      invisible: 7,
      invisibleLeads: 7,
      invisiblePerWeek: 0.6993,
      estimatedAnnualLoss: 181_818.18,
      byCategory: base.summary.byCategory.map((row) => ({ ...row, invisible: row.category === template.category ? 7 : 0 })),
    },
  });

  test('formula gives the printed loss', () => {
    const line = describeLossFormula(report);
    expect(line).toBe(
      'estimated annual loss = 7 invisible pipeline leads / 10.01 weeks x 52 weeks x 10% conversion x EUR 50,000.00 LTV = EUR 181,818.18',
    );
    expect(Math.round((7 / 10.01) * 52 * 0.1 * 50_000 * 100) / 100).toBe(181_818.18);
  });

  test('sensitivity cells are computed, not scaled', () => {
    const cells = computeSensitivity(report).flat();
    const at = (conversion: number, factor: number) =>
      cells.find((cell) => cell.conversion === conversion && cell.ltvFactor === factor)?.loss;
    // Scaling the rounded headline gave 727,272.72 here.
    expect(at(0.2, 2)).toBe(727_272.73);
    expect(at(0.1, 1)).toBe(181_818.18);
  });

  test('conversion is printed as given', () => {
    expect(formatExactPercent(0.0375)).toBe('3.75%');
    expect(formatExactPercent(0.1)).toBe('10%');
  });
});

describe('loss per owner', () => {
  // Claire: 3 leads over 8 weeks; Tom: 2 leads over 4 weeks. EUR 1,200 a lead.
  const base = buildSampleReport();
  const owner = (name: string, mailbox: string, weeks: number, leads: number, loss: number) => ({
    owner: name,
    mailboxes: [mailbox],
    periodStart: null,
    periodEnd: null,
    periodWeeks: weeks,
    invisibleLeads: leads,
    invisiblePerWeek: leads / weeks,
    estimatedAnnualLoss: loss,
  });
  const report = buildSampleReport({
    summary: {
      ...base.summary,
      invisiblePerWeek: 0.875,
      estimatedAnnualLoss: 54_600,
      byOwner: [
        owner('claire.martin@vendor.example', 'mail/claire.mbox', 8, 3, 23_400),
        owner('tom.baker@vendor.example', 'mail/tom.mbox', 4, 2, 31_200),
      ],
    },
  });

  test('formulas have a term per owner', () => {
    expect(describeRateFormula(report)).toContain(
      "each over its owner's weeks: 3 / 8 weeks (claire.martin@vendor.example) + 2 / 4 weeks (tom.baker@vendor.example) = 0.875",
    );
    expect(describeLossFormula(report)).toContain(
      'EUR 23,400.00 (claire.martin@vendor.example) + EUR 31,200.00 (tom.baker@vendor.example) = EUR 54,600.00',
    );
  });

  test('sensitivity chosen cell is the headline', () => {
    const chosen = computeSensitivity(report).flat().find((cell) => cell.isChosen);
    expect(chosen?.loss).toBe(54_600);
  });

  test('terminal lists each owner period', () => {
    const text = renderTerminal(report, { color: false, verbose: false });
    expect(text).toContain('Period of owner tom.baker@vendor.example: 4 weeks (no dated messages, so the whole period; mail/tom.mbox)');
    expect(text).toContain("all mailboxes together; the loss uses each owner's own weeks");
  });

  test('json keeps byOwner', () => {
    const json = JSON.parse(renderJson(report)) as AuditReport;
    expect(json.summary.byOwner.map((row) => row.periodWeeks)).toEqual([8, 4]);
  });
});

describe('ambiguous matches are listed', () => {
  const report = buildSampleReport();
  const ambiguous = report.opportunities.filter((item) => item.crm.status === 'ambiguous');

  test('terminal and markdown name the candidates', () => {
    expect(ambiguous.length).toBeGreaterThan(0);
    const terminal = renderTerminal(report, { color: false, verbose: false });
    const markdown = renderMarkdown(report);
    expect(terminal).toContain(`Ambiguous CRM matches (${ambiguous.length})`);
    expect(markdown).toContain(`## Ambiguous CRM matches (${ambiguous.length})`);
    for (const item of ambiguous) {
      expect(terminal).toContain(item.crm.reason);
      expect(markdown).toContain(item.account);
    }
  });
});

describe('headline counts', () => {
  test('pipeline equals leads', () => {
    expect(describeInvisible(buildSampleReport())).toBe('5 (5 pipeline, 0 churn-risk)');
  });

  test('pipeline sharing leads', () => {
    const base = buildSampleReport();
    const report = buildSampleReport({ summary: { ...base.summary, invisibleLeads: 4 } });
    expect(describeInvisible(report)).toBe('5 (5 pipeline in 4 leads, 0 churn-risk)');
    expect(renderMarkdown(report)).toContain('5 (5 pipeline in 4 leads, 0 churn-risk)');
  });

  test('one week singular', () => {
    expect(formatWeeks(1)).toBe('1 week');
    expect(formatWeeks(10.01)).toBe('10.01 weeks');
  });

  test('rounded weeks show the days', () => {
    expect(formatWeeks(61 / 7)).toBe('8.71 weeks (61 days)');
    expect(formatWeeks(70.0835 / 7)).toBe('10.01 weeks (70.0835 days)');
    expect(formatWeeks(9)).toBe('9 weeks');
  });
});

describe('formatMoney', () => {
  test.each<[number, string, string]>([
    [1234.5, 'EUR', 'EUR 1,234.50'],
    [181818.1818, 'EUR', 'EUR 181,818.18'],
    [50000, 'EUR', 'EUR 50,000.00'],
    [1234.5, 'JPY', 'JPY 1,235'],
    [1234.5678, 'KWD', 'KWD 1,234.568'],
    [5.5, 'XYZ', 'XYZ 5.50'],
  ])('%s %s', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });
});

describe('same lead', () => {
  test('zero value names its lead', () => {
    const base = buildSampleReport();
    const [first, ...rest] = base.opportunities;
    const report = { ...base, opportunities: [{ ...first!, estimatedValue: 0, sameLeadAs: 'opp-lead' }, ...rest] };
    expect(renderTerminal(report, { color: false, verbose: false })).toContain('EUR 0.00 (same lead as opp-lead)');
    expect(renderMarkdown(report)).toContain('EUR 0.00 (same lead as opp-lead)');
  });
});

describe('describePeriodRange', () => {
  test('one stretch and several', () => {
    const base = buildSampleReport();
    const span = (start: string, end: string) => ({ start, end, weeks: 0, messages: 1 });
    const one = { ...base.assumptions, periodStart: '2026-09-01T00:00:00.000Z', periodEnd: '2026-11-10T00:00:00.000Z', periodSpans: [span('2026-09-01T00:00:00.000Z', '2026-11-10T00:00:00.000Z')] };
    expect(describePeriodRange({ ...base, assumptions: one })).toBe('2026-09-01 to 2026-11-10');
    const two = { ...one, periodEnd: '2027-06-01T00:00:00.000Z', periodSpans: [...one.periodSpans, span('2027-06-01T00:00:00.000Z', '2027-06-01T00:00:00.000Z')] };
    expect(describePeriodRange({ ...base, assumptions: two })).toBe('2 stretches between 2026-09-01 and 2027-06-01');
  });
});

describe('veto floors in the Detection line', () => {
  function detectionLine(floors: Record<string, Record<string, number>>): string {
    const base = buildSampleReport();
    const report: AuditReport = {
      ...base,
      rules: { ...base.rules, models: ['rules/model-en.json', 'rules/model-fr.json'] },
      assumptions: { ...base.assumptions, modelVeto: { enabled: true, floors } },
    };
    return renderTerminal(report, { color: false, verbose: false }).split('\n').find((line) => line.includes('Detection:')) ?? '';
  }

  test('equal floors are named once', () => {
    const same = { expansion: 0.03, upgrade: 0.03, closing: 0.03, 'new-business': 0.03, referral: 0.03, 'churn-risk': 0.03 };
    expect(detectionLine({ en: same, fr: same })).toContain('below its floor (0.03 for every category)');
  });

  test('unequal floors are listed by category and language', () => {
    const en = { expansion: 0.03, upgrade: 0, closing: 0.05, 'new-business': 0.03, referral: 0.03, 'churn-risk': 0.03 };
    const fr = { ...en, closing: 0.04 };
    const line = detectionLine({ en, fr });
    expect(line).toContain('en: expansion 0.03, closing 0.05, new-business 0.03, referral 0.03, churn-risk 0.03');
    expect(line).toContain('fr: expansion 0.03, closing 0.04');
  });
});
