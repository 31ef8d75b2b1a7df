// The JSON report: a public contract documented in the README. Bump
// SCHEMA_VERSION on any change that removes or renames a field.
import type { Category, Opportunity, Problem } from '../types.js';

export const SCHEMA_VERSION = 1;

export interface MailboxInput {
  path: string;
  /** Messages read and analysed, duplicates of a message in another mailbox included. */
  messages: number;
  /** Messages counted in the file but not analysed (see `problems`). */
  skipped: number;
  /** Messages excluded from detection: automated, bulk, sent by an owner, duplicates. */
  excluded: number;
  /** Earliest and latest message date in this mailbox, or null when no message is dated. */
  firstDate: string | null;
  lastDate: string | null;
  /** Messages attached to this mailbox's messages; absent when there are none. */
  attached?: AttachedCounts;
}

/**
 * Messages attached to others as message/rfc822 parts. Each one read is a message of
 * its own, with its own sender and date, and counts in the mailbox's `messages`.
 */
export interface AttachedCounts {
  /** Attached messages read, duplicates included. */
  read: number;
  /** Of those read, copies of a message read before (same Message-ID), excluded as duplicates. */
  duplicates: number;
  /** Attached messages that could not be read, each with a problem; also counted in `skipped`. */
  skipped: number;
  /**
   * Attached messages left unread because the message that carries them is bulk, automated,
   * chat, spam or deleted mail (a list digest, a bounce). Not in `messages`.
   */
  unopened: number;
}

export interface CrmInput {
  path: string;
  rows: number;
  /** Data rows rejected, each listed in `problems`. */
  skipped: number;
  /** Report footer lines (totals, filters) after the data: ignored, not data rows. */
  footerRows: number;
  encoding: string;
  delimiter: string;
  /** Our field name to the header chosen for it. */
  columns: Record<string, string>;
  /** Sum of parsed amounts per ISO currency; currencies are never added together. */
  amountTotals: Record<string, number>;
  /** Rows whose amount had no currency in the file (no symbol, code or currency column), read in --currency. */
  assumedCurrencyRows: number;
}

export interface Assumptions {
  conversionRate: number;
  ltv: number;
  currency: string;
  secondOrderMultiplier: number;
  /** Length of the period in weeks, unrounded, because the loss divides by the exact span. */
  periodWeeks: number;
  periodStart: string | null;
  periodEnd: string | null;
  /**
   * Stretches of mail, oldest first: message dates more than 13 weeks apart
   * start a new one. periodWeeks is the sum of their lengths (at least 1), so
   * a gap between two exports, or a message with a wrong date far from the
   * rest, does not dilute the weekly rate.
   */
  periodSpans: PeriodSpan[];
  /** Stage names given with --open-stages, --closed-stages and --lost-stages, as typed. */
  stageOverrides: StageOverrideLists;
  /** Money assumptions left at leak's default value, not given (conversionRate, ltv, currency, secondOrderMultiplier), sorted. */
  defaults: DefaultedAssumption[];
  /** Whether the learned model vetoed the rules' findings, and at which floors. */
  modelVeto: ModelVeto;
}

/**
 * The learned model as a veto: a rule's finding of a category in a message is dropped
 * when the model's probability for that category there is below the category's floor.
 */
export interface ModelVeto {
  /** False with --no-model, or when no model file sets a floor above 0. */
  enabled: boolean;
  /** Per model language, the floor of each category (0 vetoes nothing); empty with --no-model. */
  floors: Record<string, Record<string, number>>;
}

export type DefaultedAssumption = 'conversionRate' | 'currency' | 'ltv' | 'secondOrderMultiplier';

export interface StageOverrideLists {
  open: string[];
  closedWon: string[];
  closedLost: string[];
}

export interface PeriodSpan {
  start: string;
  end: string;
  weeks: number;
  /** Dated messages in the span, duplicates included. */
  messages: number;
}

export interface CategorySummary {
  category: Category;
  opportunities: number;
  covered: number;
  invisible: number;
  ambiguous: number;
}

export interface Summary {
  /** Messages read: the sum of `inputs.mailboxes[].messages`, so a duplicate counts in each mailbox it is in. */
  messages: number;
  opportunities: number;
  covered: number;
  invisible: number;
  ambiguous: number;
  /**
   * Invisible pipeline opportunities counted in the loss: one per thread and
   * account, churn risk left out.
   */
  invisibleLeads: number;
  /**
   * Share of opportunities the CRM covers: covered / (covered + invisible + ambiguous),
   * rounded to 4 decimals. Null when there is no opportunity, as the terminal's n/a.
   */
  coverageRate: number | null;
  invisiblePerWeek: number;
  estimatedAnnualLoss: number;
  estimatedAnnualLossWithSecondOrder: number;
  /** Accounts with a churn-risk opportunity: reported as revenue at risk, not as pipeline loss. */
  revenueAtRiskCount: number;
  revenueAtRisk: number;
  byCategory: CategorySummary[];
  /**
   * The loss per mailbox owner: each owner's invisible leads over the weeks of
   * that owner's own mail. The headline figures are the sums over owners.
   */
  byOwner: OwnerSummary[];
}

export interface OwnerSummary {
  /** Mailbox owner address (or --owner domain), or null for the mailboxes with no owner, taken together. */
  owner: string | null;
  /** Paths of the owner's mailboxes, sorted. */
  mailboxes: string[];
  /** First and last date of the owner's mail, or null when none of it is dated. */
  periodStart: string | null;
  periodEnd: string | null;
  /**
   * Weeks of the owner's own mail, measured as periodWeeks is (at least 1). When
   * none of the owner's mail is dated, the whole period's weeks.
   */
  periodWeeks: number;
  /** Invisible pipeline leads counted for this owner. Over all owners they add up to invisibleLeads. */
  invisibleLeads: number;
  /** invisibleLeads / periodWeeks, rounded to 4 decimals. */
  invisiblePerWeek: number;
  /** invisibleLeads / periodWeeks x 52 x conversion x LTV, rounded to the minor unit. */
  estimatedAnnualLoss: number;
}

/** A message read but kept out of detection, with the reason. */
export interface Exclusion {
  mailbox: string;
  where: string;
  messageId: string;
  /** auto-reply, bulk, chat, sent, spam, deleted, owner-side or duplicate. */
  kind: string;
  reason: string;
}

/** A list read in order, with its length: an array, or a store that builds each item when read. */
export interface ReadonlyList<T> extends Iterable<T> {
  readonly length: number;
}

export interface AuditReport {
  schemaVersion: number;
  /** True when no --mbox/--eml was given and the bundled sample was audited. */
  sample: boolean;
  inputs: { mailboxes: MailboxInput[]; crm: CrmInput[] | null };
  owners: string[];
  /** Rule count and files, and the learned model files in use (empty with --no-model). */
  rules: { count: number; files: string[]; models: string[] };
  /** True when --redact replaced personal data in this report. */
  redacted: boolean;
  assumptions: Assumptions;
  summary: Summary;
  opportunities: Opportunity[];
  /** Counts per exclusion kind, then every excluded message. */
  exclusions: { byKind: Record<string, number>; messages: ReadonlyList<Exclusion> };
  problems: Problem[];
}
