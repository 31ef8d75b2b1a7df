// JSON report: the AuditReport itself, with keys written in the order the
// schema declares them (map-like records sorted by key), so the same report
// always gives the same bytes whatever order the pipeline built it in.
//
// The report is written in chunks: each opportunity, exclusion and problem is
// ordered and serialised when its turn comes, so writing never keeps the whole
// document as one string. The chunks join to exactly what
// `JSON.stringify(orderedReport, null, 2)` returns.
import type { CrmVerdict, Evidence, Opportunity, Problem } from '../types.js';
import type { AttachedCounts, AuditReport, CrmInput, Exclusion, MailboxInput, Summary } from './schema.js';

/** Characters gathered before a chunk is handed out: few writes, little memory. */
const CHUNK_CHARS = 64 * 1024;

/** Spaces per nesting level, as `JSON.stringify(value, null, 2)` writes them. */
const INDENT = '  ';

export function renderJson(report: AuditReport): string {
  return [...renderJsonChunks(report)].join('');
}

/** Yields the JSON report in chunks of about CHUNK_CHARS characters; they join to `renderJson`. */
export function* renderJsonChunks(report: AuditReport): Generator<string> {
  let pending: string[] = [];
  let pendingChars = 0;
  for (const piece of streamValue(orderReport(report), '')) {
    pending.push(piece);
    pendingChars += piece.length;
    if (pendingChars >= CHUNK_CHARS) {
      yield pending.join('');
      pending = [];
      pendingChars = 0;
    }
  }
  pending.push('\n');
  yield pending.join('');
}

/** A JSON array whose elements are produced one at a time while it is written. */
class LazyArray {
  constructor(readonly items: Iterable<unknown>) {}
}

function* mapLazily<T>(items: Iterable<T>, order: (item: T) => unknown): Generator<unknown> {
  for (const item of items) yield order(item);
}

/**
 * Writes `value` at the nesting given by `indent`: plain objects and lazy
 * arrays member by member, anything else (array elements included) with one
 * JSON.stringify call whose line breaks are indented to this depth. JSON.stringify
 * escapes line breaks inside strings, so every raw newline it returns is layout.
 */
function* streamValue(value: unknown, indent: string): Generator<string> {
  if (value instanceof LazyArray) {
    yield* streamArray(value.items, indent);
  } else if (isPlainObject(value)) {
    yield* streamObject(value, indent);
  } else {
    yield indentLines(JSON.stringify(value, null, 2), indent);
  }
}

function* streamArray(items: Iterable<unknown>, indent: string): Generator<string> {
  const inner = indent + INDENT;
  let isFirst = true;
  for (const item of items) {
    yield isFirst ? `[\n${inner}` : `,\n${inner}`;
    // JSON.stringify writes null for an array element it cannot represent.
    yield item === undefined || typeof item === 'function' ? 'null' : indentLines(JSON.stringify(item, null, 2), inner);
    isFirst = false;
  }
  yield isFirst ? '[]' : `\n${indent}]`;
}

function* streamObject(record: Record<string, unknown>, indent: string): Generator<string> {
  const inner = indent + INDENT;
  let isFirst = true;
  for (const [key, member] of Object.entries(record)) {
    // JSON.stringify leaves out members it cannot represent.
    if (member === undefined || typeof member === 'function') continue;
    yield `${isFirst ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* streamValue(member, inner);
    isFirst = false;
  }
  yield isFirst ? '{}' : `\n${indent}}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function indentLines(text: string, indent: string): string {
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const keys = Object.keys(record).sort();
  return Object.fromEntries(keys.map((key) => [key, record[key] as T]));
}

/** Returns the report in schema key order, its long lists as lazy arrays. */
function orderReport(report: AuditReport): Record<string, unknown> {
  const { assumptions: a } = report;
  return {
    schemaVersion: report.schemaVersion,
    sample: report.sample,
    inputs: {
      mailboxes: report.inputs.mailboxes.map(orderMailbox),
      crm: report.inputs.crm === null ? null : report.inputs.crm.map(orderCrmInput),
    },
    owners: [...report.owners],
    rules: { count: report.rules.count, files: [...report.rules.files], models: [...report.rules.models] },
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
      defaults: [...a.defaults],
      modelVeto: { enabled: a.modelVeto.enabled, floors: Object.fromEntries(Object.entries(a.modelVeto.floors).map(([language, floors]) => [language, { ...floors }])) },
    },
    summary: orderSummary(report.summary),
    opportunities: new LazyArray(mapLazily(report.opportunities, orderOpportunity)),
    exclusions: {
      byKind: sortKeys(report.exclusions.byKind),
      messages: new LazyArray(mapLazily(report.exclusions.messages, orderExclusion)),
    },
    problems: new LazyArray(mapLazily(report.problems, orderProblem)),
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
    ...(m.attached === undefined ? {} : { attached: orderAttached(m.attached) }),
  };
}

function orderAttached(counts: AttachedCounts): AttachedCounts {
  return { read: counts.read, duplicates: counts.duplicates, skipped: counts.skipped, unopened: counts.unopened };
}

function orderCrmInput(c: CrmInput): CrmInput {
  return {
    path: c.path,
    rows: c.rows,
    skipped: c.skipped,
    footerRows: c.footerRows,
    encoding: c.encoding,
    delimiter: c.delimiter,
    columns: sortKeys(c.columns),
    amountTotals: sortKeys(c.amountTotals),
    assumedCurrencyRows: c.assumedCurrencyRows,
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
    byOwner: s.byOwner.map((row) => ({
      owner: row.owner,
      mailboxes: [...row.mailboxes],
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      periodWeeks: row.periodWeeks,
      invisibleLeads: row.invisibleLeads,
      invisiblePerWeek: row.invisiblePerWeek,
      estimatedAnnualLoss: row.estimatedAnnualLoss,
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
    outsidePeriod: o.outsidePeriod,
    quantity: o.quantity,
    confidence: o.confidence,
    crm: orderVerdict(o.crm),
    referredCompany: o.referredCompany,
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
    ...(e.relayedBy === undefined ? {} : { relayedBy: e.relayedBy }),
    subject: e.subject,
    rule: e.rule,
    ...(e.entry === undefined ? {} : { entry: e.entry }),
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
