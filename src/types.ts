// Typed records passed between the pipeline stages:
// message -> signal -> opportunity -> verdict -> report.
// Every stage is a plain function over these records, so a stage can move to a
// worker thread without changing its inputs or outputs.

/** Signal categories, in the order reports list them. */
export const CATEGORIES = [
  'expansion',
  'upgrade',
  'closing',
  'new-business',
  'referral',
  'churn-risk',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** A skipped message or row, or any other input fault, counted in the report. */
export interface Problem {
  /** Stable machine-readable code, such as `MBOX_NO_HEADERS` or `CSV_RAGGED_ROW`. */
  code: string;
  file: string;
  /** Position: `message 12 (byte 40961)`, `line 7`, or `-` for the whole file. */
  where: string;
  detail: string;
}

export interface Address {
  /** Lower-cased address, or an empty string when the header had only a name. */
  address: string;
  name: string;
}

export type DateSource = 'header' | 'envelope' | 'none';
export type TextSource = 'plain' | 'html' | 'none';

/** One parsed message, as the detectors see it. */
export interface MailMessage {
  /** Message-ID without angle brackets, or a stable id derived from the content. */
  id: string;
  hasMessageId: boolean;
  /** Input path as given on the command line. */
  mailbox: string;
  /** File the message was read from: the mbox itself, or one file of an --eml folder scan. */
  file: string;
  /** Zero-based position of the message in its mailbox or folder scan. */
  index: number;
  /** Byte offset of the message in an mbox file, or null for single files. */
  offset: number | null;
  /**
   * For a message attached to another one (message/rfc822), its 1-based position among
   * that message's attached messages, dotted when nested ("2.1"). Its `index` and `offset`
   * are those of the mailbox message that carries it. Absent for a mailbox message.
   */
  attached?: string;
  /** ISO 8601 UTC, or null when neither the Date header nor the envelope gave one. */
  date: string | null;
  dateSource: DateSource;
  from: Address | null;
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  /** Gmail's X-GM-THRID, when the export carries it. */
  gmailThreadId: string | null;
  /** Gmail's X-Gmail-Labels, split on commas. */
  gmailLabels: string[];
  /**
   * Header fields the classifiers read, lower-cased names, values unfolded and decoded.
   * Repeated fields are joined with `, `.
   */
  headers: Record<string, string>;
  /** Best text body: text/plain when it has content, else the HTML converted to text. */
  text: string;
  textSource: TextSource;
}

/** Kind of a message for signal purposes. Only `human` mail can carry a customer signal. */
export type MessageKind = 'human' | 'auto-reply' | 'bulk' | 'chat' | 'sent' | 'spam' | 'deleted';

export interface Classification {
  kind: MessageKind;
  /** Why the message got its kind, such as `Auto-Submitted: auto-replied`. */
  reason: string;
}

/** A rule firing on one sentence of a message's new text. */
export interface SignalHit {
  ruleId: string;
  category: Category;
  language: string;
  /** The rule phrase or pattern that matched, as written in the rule file. */
  phrase: string;
  /** The sentence of new text that carries the signal, whitespace collapsed. */
  snippet: string;
  /** Quantity captured next to the phrase ("15 licences" gives 15), or null. */
  quantity: number | null;
  /** Between 0 and 1: the rule weight adjusted by context. */
  confidence: number;
  /** For a rule made from `--catalog`: the entry that matched, such as `addons[1] "Payroll Export"`. */
  entry?: string;
}

/** The compact per-message record that survives after the text is dropped. */
export interface MessageSummary {
  id: string;
  hasMessageId: boolean;
  mailbox: string;
  file: string;
  index: number;
  offset: number | null;
  /** Position among attached messages, as MailMessage.attached. */
  attached?: string;
  date: string | null;
  dateSource: DateSource;
  /**
   * The author: From, or Reply-To when a discussion list rewrote From to its own
   * address or when a web form's robot sent the visitor's request.
   */
  from: Address | null;
  /** The web form's robot address in From when `from` is the visitor in Reply-To, else null. */
  relayedBy: string | null;
  to: Address[];
  cc: Address[];
  /** Posting address of the discussion list that delivered the message, never a mailbox owner. */
  listAddress: string | null;
  subject: string;
  inReplyTo: string | null;
  references: string[];
  gmailThreadId: string | null;
  classification: Classification;
  hits: SignalHit[];
  /** Company named with a legal form in the signature, read only on messages with hits. */
  signatureCompany: string | null;
  /** Author of a message forwarded inline in this one's text, read on human mail only; absent when none. */
  forwardedFrom?: string;
  /**
   * The customer's new text, kept only on messages with a referral hit, so the
   * CRM can be searched for the referred company's name; else null.
   */
  referralText: string | null;
}

export interface Evidence {
  messageId: string;
  mailbox: string;
  /** The file inside the mailbox: differs from `mailbox` only for --eml folder scans. */
  file: string;
  date: string | null;
  from: string;
  /** The web form's robot address that sent the message on behalf of `from` (its Reply-To). */
  relayedBy?: string;
  subject: string;
  rule: string;
  /** For a rule made from `--catalog`: the catalogue entry that matched. */
  entry?: string;
  snippet: string;
  quantity: number | null;
  confidence: number;
  language: string;
}

export type CrmStatus = 'open' | 'won' | 'lost' | 'unknown';

/** One opportunity row from a CRM export, after column mapping and value parsing. */
export interface CrmOpportunity {
  file: string;
  /** 1-based physical line number of the row in the file. */
  line: number;
  name: string;
  account: string;
  accountId: string | null;
  stage: string;
  status: CrmStatus;
  amount: number | null;
  currency: string | null;
  closeDate: string | null;
  /** A won or lost deal's close date set aside as after the export day (`--crm-exported-on`); closeDate is then null. */
  closeDateSetAside?: string;
  createdDate: string | null;
  owner: string | null;
  contactEmail: string | null;
  /** The contact person's name from a contact-name column, or null. */
  contactName: string | null;
  website: string | null;
}

/** A CRM account with everything the matcher may compare against. */
export interface CrmAccount {
  /** Normalised account name used as the join key. */
  key: string;
  name: string;
  ids: string[];
  /** Registrable domains from websites and contact emails. */
  domains: string[];
  /** The registrable domains of its websites alone: a name match from another company domain is rejected. */
  websiteDomains?: string[];
  /** Lower-cased contact emails with plus-tags removed. */
  emails: string[];
  opportunities: CrmOpportunity[];
}

export type VerdictStatus = 'covered' | 'invisible' | 'ambiguous';
export type MatchMethod = 'email' | 'domain' | 'name';

export interface CrmVerdict {
  status: VerdictStatus;
  /** Name of the CRM opportunity (or account) that covers the signal, else null. */
  record: string | null;
  /** Amount and ISO currency of that CRM opportunity, when the export has them. */
  recordAmount: number | null;
  recordCurrency: string | null;
  /** Matched CRM account name, else null. */
  account: string | null;
  matchedBy: MatchMethod | null;
  /** Reason for the verdict, such as `no open opportunity (2 closed won)`. */
  reason: string;
  /** Accounts that matched equally well, for ambiguous verdicts. */
  candidates: string[];
}

export interface Opportunity {
  id: string;
  category: Category;
  /** Matched CRM account name, else the sender's company domain or free-mail address. */
  account: string;
  /** Mailbox owner the customer wrote to, or null when no owner is known. */
  owner: string | null;
  domain: string | null;
  contacts: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  /**
   * True when every dated message of the opportunity has a date left out of
   * the period as a stray (MAIL_DATES_STRAY), so its lead is not in the annual loss.
   */
  outsidePeriod: boolean;
  quantity: number | null;
  confidence: number;
  crm: CrmVerdict;
  /**
   * For a referral: the company referred, as its CRM account name or, when the
   * CRM has no account for it, its mail domain. Null for other categories and
   * for a referral that names no company, which is checked against the
   * referrer's account instead.
   */
  referredCompany: string | null;
  /**
   * Value in the loss: conversion x LTV, the full LTV for churn risk, or 0
   * when another opportunity of the same thread and account carries it.
   */
  estimatedValue: number;
  /**
   * Id of the opportunity of the same thread and account that is valued
   * instead of this one (one customer request is one lead, whatever
   * categories it touches), or null when this one is valued.
   */
  sameLeadAs: string | null;
  evidence: Evidence[];
}
