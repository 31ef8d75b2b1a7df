// JSON report: the AuditReport itself, with keys written in the order the
// schema declares them (map-like records sorted by key), so the same report
// always gives the same bytes whatever order the pipeline built it in.
import type { CrmVerdict, Evidence, Opportunity, Problem } from '../types.js';
import type { AuditReport, CrmInput, Exclusion, MailboxInput, Summary } from './schema.js';

export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(orderReport(report), null, 2)}\n`;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const keys = Object.keys(record).sort();
  return Object.fromEntries(keys.map((key) => [key, record[key] as T]));
}

function orderReport(report: AuditReport): AuditReport {
  const { assumptions: a } = report;
  return {
    schemaVersion: report.schemaVersion,
    sample: report.sample,
    inputs: {
      mailboxes: report.inputs.mailboxes.map(orderMailbox),
      crm: report.inputs.crm === null ? null : report.inputs.crm.map(orderCrmInput),
    },
    owners: [...report.owners],
    rules: { count: report.rules.count, files: [...report.rules.files] },
    redacted: report.redacted,
    assumptions: {
      conversionRate: a.conversionRate,
      ltv: a.ltv,
      currency: a.currency,
      secondOrderMultiplier: a.secondOrderMultiplier,
      periodWeeks: a.periodWeeks,
      periodStart: a.periodStart,
      periodEnd: a.periodEnd,
      periodSpans: a.periodSpans.map((span) => ({
        start: span.start,
        end: span.end,
        weeks: span.weeks,
        messages: span.messages,
      })),
      stageOverrides: {
        open: [...a.stageOverrides.open],
        closedWon: [...a.stageOverrides.closedWon],
        closedLost: [...a.stageOverrides.closedLost],
      },
    },
    summary: orderSummary(report.summary),
    opportunities: report.opportunities.map(orderOpportunity),
    exclusions: {
      byKind: sortKeys(report.exclusions.byKind),
      messages: report.exclusions.messages.map(orderExclusion),
    },
    problems: report.problems.map(orderProblem),
  };
}

function orderMailbox(m: MailboxInput): MailboxInput {
  return {
    path: m.path,
    messages: m.messages,
    skipped: m.skipped,
    excluded: m.excluded,
    firstDate: m.firstDate,
    lastDate: m.lastDate,
  };
}

function orderCrmInput(c: CrmInput): CrmInput {
  return {
    path: c.path,
    rows: c.rows,
    skipped: c.skipped,
    encoding: c.encoding,
    delimiter: c.delimiter,
    columns: sortKeys(c.columns),
    amountTotals: sortKeys(c.amountTotals),
  };
}

function orderSummary(s: Summary): Summary {
  return {
    messages: s.messages,
    opportunities: s.opportunities,
    covered: s.covered,
    invisible: s.invisible,
    ambiguous: s.ambiguous,
    invisibleLeads: s.invisibleLeads,
    coverageRate: s.coverageRate,
    invisiblePerWeek: s.invisiblePerWeek,
    estimatedAnnualLoss: s.estimatedAnnualLoss,
    estimatedAnnualLossWithSecondOrder: s.estimatedAnnualLossWithSecondOrder,
    revenueAtRiskCount: s.revenueAtRiskCount,
    revenueAtRisk: s.revenueAtRisk,
    byCategory: s.byCategory.map((row) => ({
      category: row.category,
      opportunities: row.opportunities,
      covered: row.covered,
      invisible: row.invisible,
      ambiguous: row.ambiguous,
    })),
  };
}

function orderOpportunity(o: Opportunity): Opportunity {
  return {
    id: o.id,
    category: o.category,
    account: o.account,
    owner: o.owner,
    domain: o.domain,
    contacts: [...o.contacts],
    firstSeen: o.firstSeen,
    lastSeen: o.lastSeen,
    quantity: o.quantity,
    confidence: o.confidence,
    crm: orderVerdict(o.crm),
    estimatedValue: o.estimatedValue,
    sameLeadAs: o.sameLeadAs,
    evidence: o.evidence.map(orderEvidence),
  };
}

function orderVerdict(v: CrmVerdict): CrmVerdict {
  return {
    status: v.status,
    record: v.record,
    recordAmount: v.recordAmount,
    recordCurrency: v.recordCurrency,
    account: v.account,
    matchedBy: v.matchedBy,
    reason: v.reason,
    candidates: [...v.candidates],
  };
}

function orderEvidence(e: Evidence): Evidence {
  return {
    messageId: e.messageId,
    mailbox: e.mailbox,
    file: e.file,
    date: e.date,
    from: e.from,
    subject: e.subject,
    rule: e.rule,
    snippet: e.snippet,
    quantity: e.quantity,
    confidence: e.confidence,
    language: e.language,
  };
}

function orderProblem(p: Problem): Problem {
  return { code: p.code, file: p.file, where: p.where, detail: p.detail };
}

function orderExclusion(e: Exclusion): Exclusion {
  return { mailbox: e.mailbox, where: e.where, messageId: e.messageId, kind: e.kind, reason: e.reason };
}
