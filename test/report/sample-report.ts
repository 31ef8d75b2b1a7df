// Hand-built audit reports for the renderer tests, shaped like pipeline output:
// English and French evidence, two mailbox owners, every category, covered,
// invisible and ambiguous verdicts, and parser problems.
import { unmatchedVerdict } from '../../src/match/index.js';
import type { Category, CrmVerdict, Evidence, Opportunity } from '../../src/types.js';
import { SCHEMA_VERSION, type AuditReport, type OwnerSummary } from '../../src/report/schema.js';

const CLAIRE = 'claire.martin@vendor.example';
const TOM = 'tom.baker@vendor.example';

interface EvidenceSeed {
  date: string;
  from: string;
  subject: string;
  snippet: string;
  rule: string;
  language: 'en' | 'fr';
  quantity?: number;
}

function evidence(seed: EvidenceSeed, index: number, mailbox: string): Evidence {
  return {
    messageId: `msg-${seed.date.slice(0, 10)}-${index}@mail.example`,
    mailbox,
    file: mailbox,
    date: seed.date,
    from: seed.from,
    subject: seed.subject,
    rule: seed.rule,
    snippet: seed.snippet,
    quantity: seed.quantity ?? null,
    confidence: 0.9,
    language: seed.language,
  };
}

const INVISIBLE: CrmVerdict = unmatchedVerdict('no CRM account matches the sender domain');

function covered(account: string, record: string): CrmVerdict {
  return {
    status: 'covered',
    record,
    recordAmount: 24000,
    recordCurrency: 'EUR',
    account,
    matchedBy: 'domain',
    reason: `open opportunity "${record}"`,
    candidates: [],
  };
}

interface OpportunitySeed {
  id: string;
  category: Category;
  account: string;
  domain: string | null;
  owner: string | null;
  crm: CrmVerdict;
  estimatedValue: number;
  evidence: EvidenceSeed[];
}

function opportunity(seed: OpportunitySeed): Opportunity {
  const mailbox = seed.owner === TOM ? 'mail/tom.mbox' : 'mail/claire.mbox';
  const items = seed.evidence.map((item, index) => evidence(item, index, mailbox));
  const dates = items.map((item) => item.date ?? '').sort();
  const contacts = [...new Set(seed.evidence.map((item) => item.from.replace(/^.*<|>$/g, '')))];
  const quantities = items.flatMap((item) => (item.quantity === null ? [] : [item.quantity]));
  return {
    id: seed.id,
    category: seed.category,
    account: seed.account,
    owner: seed.owner,
    domain: seed.domain,
    contacts: contacts.sort(),
    firstSeen: dates[0] ?? null,
    lastSeen: dates[dates.length - 1] ?? null,
    outsidePeriod: false,
    quantity: quantities[0] ?? null,
    confidence: 0.9,
    crm: seed.crm,
    estimatedValue: seed.estimatedValue,
    sameLeadAs: null,
    referredCompany: null,
    evidence: items,
  };
}

const OPPORTUNITIES: OpportunitySeed[] = [
  {
    id: 'opp-001',
    category: 'expansion',
    account: 'northwind.example',
    domain: 'northwind.example',
    owner: CLAIRE,
    crm: INVISIBLE,
    estimatedValue: 1800,
    evidence: [
      {
        date: '2026-09-08T09:12:00.000Z',
        from: 'Anna Lindqvist <anna.lindqvist@northwind.example>',
        subject: 'Re: seats for the Oslo team',
        snippet: 'We need another 20 seats for the Oslo office before October.',
        rule: 'en.expansion.more-seats',
        language: 'en',
        quantity: 20,
      },
      {
        date: '2026-09-15T14:40:00.000Z',
        from: 'Anna Lindqvist <anna.lindqvist@northwind.example>',
        subject: 'Re: seats for the Oslo team',
        snippet: 'Can you send a quote for the 20 extra seats? Call me on +47 22 33 44 55.',
        rule: 'en.expansion.quote-request',
        language: 'en',
        quantity: 20,
      },
    ],
  },
  {
    id: 'opp-002',
    category: 'upgrade',
    account: 'Fromagerie Dubois SARL',
    domain: 'fromagerie-dubois.example',
    owner: CLAIRE,
    crm: covered('Fromagerie Dubois SARL', 'Dubois - Enterprise 2027'),
    estimatedValue: 1200,
    evidence: [
      {
        date: '2026-09-10T08:05:00.000Z',
        from: 'Jean Dubois <jean.dubois@fromagerie-dubois.example>',
        subject: "Passage à l'offre Entreprise",
        snippet: "Nous souhaitons passer à l'offre Entreprise dès janvier.",
        rule: 'fr.upgrade.passer-offre',
        language: 'fr',
      },
    ],
  },
  {
    id: 'opp-003',
    category: 'closing',
    account: 'globex-logistics.example',
    domain: 'globex-logistics.example',
    owner: TOM,
    crm: INVISIBLE,
    estimatedValue: 1200,
    evidence: [
      {
        date: '2026-09-22T16:30:00.000Z',
        from: 'Marc Lefèvre <marc.lefevre@globex-logistics.example>',
        subject: 'Bon de commande',
        snippet: 'Le bon de commande signé part demain ; IBAN FR76 3000 6000 0112 3456 7890 189.',
        rule: 'fr.closing.bon-de-commande',
        language: 'fr',
      },
    ],
  },
  {
    id: 'opp-004',
    category: 'new-business',
    account: 'k.osei@gmail.example',
    domain: null,
    owner: TOM,
    crm: INVISIBLE,
    estimatedValue: 1200,
    evidence: [
      {
        date: '2026-10-02T11:00:00.000Z',
        from: 'Kwame Osei <k.osei@gmail.example>',
        subject: 'Pricing for a team of 12',
        snippet: 'We are a team of 12 and would like pricing for the annual plan.',
        rule: 'en.new-business.pricing-request',
        language: 'en',
        quantity: 12,
      },
    ],
  },
  {
    id: 'opp-005',
    category: 'referral',
    account: 'Initech GmbH',
    domain: 'initech.example',
    owner: CLAIRE,
    crm: {
      status: 'ambiguous',
      record: null,
      recordAmount: null,
      recordCurrency: null,
      account: null,
      matchedBy: 'name',
      reason: 'two accounts match the company name equally',
      candidates: ['Initech GmbH', 'Initech Ltd'],
    },
    estimatedValue: 1200,
    evidence: [
      {
        date: '2026-10-06T10:20:00.000Z',
        from: 'Petra Vogel <petra.vogel@initech.example>',
        subject: 'Introduction',
        snippet: 'My colleague at Umbrella is looking for the same tool, I gave her your address.',
        rule: 'en.referral.introduction',
        language: 'en',
      },
    ],
  },
  {
    id: 'opp-006',
    category: 'churn-risk',
    account: 'Acme Corp',
    domain: 'acme.example',
    owner: TOM,
    crm: covered('Acme Corp', 'Acme - Renewal 2026'),
    estimatedValue: 12000,
    evidence: [
      {
        date: '2026-10-12T13:45:00.000Z',
        from: 'Wile Coyote <wile@acme.example>',
        subject: 'Contract end',
        snippet: 'We are evaluating other vendors before our contract ends in December.',
        rule: 'en.churn-risk.evaluating-vendors',
        language: 'en',
      },
    ],
  },
  {
    id: 'opp-007',
    category: 'expansion',
    account: 'fromagerie-dubois.example',
    domain: 'fromagerie-dubois.example',
    owner: CLAIRE,
    crm: INVISIBLE,
    estimatedValue: 2700,
    evidence: [
      {
        date: '2026-10-20T07:55:00.000Z',
        from: 'Jean Dubois <jean.dubois@fromagerie-dubois.example>',
        subject: '15 licences supplémentaires',
        snippet: 'Il nous faudrait 15 licences supplémentaires pour la boutique de Lyon.',
        rule: 'fr.expansion.licences-supplementaires',
        language: 'fr',
        quantity: 15,
      },
    ],
  },
  {
    id: 'opp-008',
    category: 'upgrade',
    account: 'hooli.example',
    domain: 'hooli.example',
    owner: null,
    crm: INVISIBLE,
    estimatedValue: 1200,
    evidence: [
      {
        date: '2026-10-27T12:00:00.000Z',
        from: 'gavin@hooli.example',
        subject: '<script>alert("x")</script> upgrade & "pricing"',
        snippet: 'Please move us to the <b>Premium</b> tier & send the invoice to ops@hooli.example.',
        rule: 'en.upgrade.move-tier',
        language: 'en',
      },
    ],
  },
];

/** Builds the sample report; `overrides` replaces top-level fields. */
export function buildSampleReport(overrides: Partial<AuditReport> = {}): AuditReport {
  const report = buildReport(overrides);
  // Unless a test gives owners, all mail counts as one group, rebuilt from the figures the
  // test set, so a test that changes the leads or the weeks needs no owner rows.
  const givenOwners = overrides.summary?.byOwner ?? [];
  if (givenOwners.length > 1 || givenOwners.some((owner) => owner.owner !== null)) return report;
  const { summary, assumptions } = report;
  const byOwner: OwnerSummary[] = [
    {
      owner: null,
      mailboxes: report.inputs.mailboxes.map((mailbox) => mailbox.path),
      periodStart: assumptions.periodStart,
      periodEnd: assumptions.periodEnd,
      periodWeeks: assumptions.periodWeeks,
      invisibleLeads: summary.invisibleLeads,
      invisiblePerWeek: summary.invisiblePerWeek,
      estimatedAnnualLoss: summary.estimatedAnnualLoss,
    },
  ];
  return { ...report, summary: { ...summary, byOwner } };
}

function buildReport(overrides: Partial<AuditReport>): AuditReport {
  const opportunities = OPPORTUNITIES.map(opportunity);
  return {
    schemaVersion: SCHEMA_VERSION,
    sample: false,
    inputs: {
      mailboxes: [
        {
          path: 'mail/claire.mbox',
          messages: 412,
          skipped: 2,
          excluded: 1,
          firstDate: '2026-09-07T00:00:00.000Z',
          lastDate: '2026-11-01T23:59:59.000Z',
        },
        {
          path: 'mail/tom.mbox',
          messages: 233,
          skipped: 1,
          excluded: 1,
          firstDate: '2026-09-14T08:00:00.000Z',
          lastDate: '2026-10-30T17:00:00.000Z',
        },
      ],
      crm: [
        {
          path: 'crm/opportunities.csv',
          rows: 58,
          skipped: 1,
          footerRows: 0,
          encoding: 'windows-1252',
          delimiter: ';',
          columns: { account: 'Account Name', amount: 'Amount', name: 'Opportunity Name', stage: 'Stage' },
          amountTotals: { EUR: 412500 },
          assumedCurrencyRows: 0,
        },
      ],
    },
    owners: [CLAIRE, TOM],
    rules: { count: 146, files: ['rules/en.yaml', 'rules/fr.yaml'], models: ['rules/model-en.json', 'rules/model-fr.json'] },
    redacted: false,
    assumptions: {
      conversionRate: 0.1,
      ltv: 12000,
      currency: 'EUR',
      secondOrderMultiplier: 1.3,
      defaults: [],
      modelVeto: { enabled: false, floors: {} },
      periodWeeks: 8,
      periodStart: '2026-09-07T00:00:00.000Z',
      periodEnd: '2026-11-01T23:59:59.000Z',
      periodSpans: [{ start: '2026-09-07T00:00:00.000Z', end: '2026-11-01T23:59:59.000Z', weeks: 8, messages: 40 }],
      stageOverrides: { open: [], closedWon: [], closedLost: [] },
    },
    summary: {
      messages: 645,
      opportunities: 8,
      covered: 2,
      invisible: 5,
      ambiguous: 1,
      invisibleLeads: 5,
      coverageRate: 0.25,
      invisiblePerWeek: 0.625,
      estimatedAnnualLoss: 39000,
      estimatedAnnualLossWithSecondOrder: 50700,
      revenueAtRiskCount: 1,
      revenueAtRisk: 12000,
      byCategory: [
        { category: 'expansion', opportunities: 2, covered: 0, invisible: 2, ambiguous: 0 },
        { category: 'upgrade', opportunities: 2, covered: 1, invisible: 1, ambiguous: 0 },
        { category: 'closing', opportunities: 1, covered: 0, invisible: 1, ambiguous: 0 },
        { category: 'new-business', opportunities: 1, covered: 0, invisible: 1, ambiguous: 0 },
        { category: 'referral', opportunities: 1, covered: 0, invisible: 0, ambiguous: 1 },
        { category: 'churn-risk', opportunities: 1, covered: 1, invisible: 0, ambiguous: 0 },
      ],
      byOwner: [],
    },
    opportunities,
    exclusions: {
      byKind: { 'auto-reply': 1, bulk: 1 },
      messages: [
        {
          mailbox: 'mail/claire.mbox',
          where: 'message 40 (byte 150211)',
          messageId: 'ooo-40@northwind.example',
          kind: 'auto-reply',
          reason: 'Auto-Submitted: auto-replied',
        },
        {
          mailbox: 'mail/tom.mbox',
          where: 'message 7 (byte 20480)',
          messageId: 'news-7@lists.example',
          kind: 'bulk',
          reason: 'Precedence: bulk',
        },
      ],
    },
    problems: [
      {
        code: 'MBOX_NO_HEADERS',
        file: 'mail/claire.mbox',
        where: 'message 12 (byte 40961)',
        detail: 'no header block before the body',
      },
      {
        code: 'MBOX_NO_HEADERS',
        file: 'mail/claire.mbox',
        where: 'message 3 (byte 9120)',
        detail: 'no header block before the body',
      },
      {
        code: 'MESSAGE_TRUNCATED',
        file: 'mail/tom.mbox',
        where: 'message 88 (byte 1048576)',
        detail: 'message from tom.baker@vendor.example over 64 MiB was cut',
      },
      {
        code: 'CSV_RAGGED_ROW',
        file: 'crm/opportunities.csv',
        where: 'line 7',
        detail: 'row has 9 fields, header has 11',
      },
    ],
    ...overrides,
  };
}
