// Grouping: one opportunity per thread, customer account and category. Only
// the customer's side counts: mail from an owner or an owner's colleague is
// skipped here, whatever its content.
import { createHash } from 'node:crypto';
import { compareText } from '../compare.js';
import { identifiesNoCompany, normaliseEmail, registrableDomain } from '../match/domains.js';
import { CATEGORIES } from '../types.js';
import type { Category, Evidence, MessageSummary, SignalHit } from '../types.js';
import { StringPool } from './intern.js';
import { isOwnerSide, type Owners } from './owners.js';
import { messageKey } from './threads.js';

/** An opportunity before CRM matching and valuation. */
export interface DraftOpportunity {
  id: string;
  threadId: string;
  category: Category;
  /** Company domain, or the sender's address when it is a free-mail one. */
  accountKey: string;
  domain: string | null;
  contacts: string[];
  /** Display names of the contacts and the companies their signatures name, for company-name matching. */
  contactNames: string[];
  owner: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  quantity: number | null;
  confidence: number;
  evidence: Evidence[];
  /** For a referral: what the mail shows of the company referred; null for other categories. */
  referral: ReferralClues | null;
}

/** Clues in a referral's mail to the company it introduces. */
export interface ReferralClues {
  /**
   * Addresses from From, To and Cc of the thread's signal messages that are
   * not on the owner's side nor on the referrer's registrable domain, sorted:
   * an introduction usually copies the person referred.
   */
  participants: string[];
  /** The referrer's new text in each referral message, sorted, where a company may be named. */
  texts: string[];
}

/** The fields of a message summary that grouping reads. */
export type SignalMessage = Pick<
  MessageSummary,
  | 'id'
  | 'mailbox'
  | 'file'
  | 'index'
  | 'attached'
  | 'date'
  | 'from'
  | 'relayedBy'
  | 'to'
  | 'cc'
  | 'subject'
  | 'hits'
  | 'signatureCompany'
  | 'referralText'
>;

/**
 * Returns the part of a summary that grouping needs, with only the best hit
 * per category, so a message with a signal costs little while the mailbox
 * is read. Grouping the result gives the same opportunities as grouping the summary.
 */
export function toSignalMessage(message: MessageSummary): SignalMessage {
  return {
    id: message.id,
    mailbox: message.mailbox,
    file: message.file,
    index: message.index,
    // Attached messages share their carrier's index, so their position keeps their threads apart.
    ...(message.attached === undefined ? {} : { attached: message.attached }),
    date: message.date,
    from: message.from,
    relayedBy: message.relayedBy,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    hits: bestHitPerCategory(message.hits).map(([, hit]) => hit),
    signatureCompany: message.signatureCompany,
    referralText: message.referralText,
  };
}

export interface GroupingResult {
  opportunities: DraftOpportunity[];
  /** Messages with hits that were ignored because the owner's side wrote them. */
  ownerSideMessages: number;
  /** Messages with hits whose author has no address, so no account can be named. */
  anonymous: SignalMessage[];
}

/** Groups the signal hits of customer messages into opportunities, sorted by first sighting. */
export function groupOpportunities(
  messages: Iterable<SignalMessage>,
  threads: Map<string, string>,
  owners: Owners,
): GroupingResult {
  const drafts = new Map<string, DraftOpportunity>();
  // Each message read back from the spill file has its own copy of every string.
  // Paths, addresses, domains and rule ids repeat across evidence, so the pool keeps one copy of each.
  const pool = new StringPool();
  let ownerSideMessages = 0;
  const anonymous: SignalMessage[] = [];
  const participants = new ThreadParticipants();

  for (const message of messages) {
    if (message.hits.length === 0) continue;
    if (message.from === null || message.from.address === '') {
      anonymous.push(message);
      continue;
    }
    const threadId = pool.intern(threads.get(messageKey(message)) ?? message.id);
    participants.add(threadId, message);
    if (isOwnerSide(message.from.address, owners)) {
      ownerSideMessages += 1;
      continue;
    }
    const sender = pool.intern(normaliseEmail(message.from.address));
    const registered = registrableDomain(sender);
    const senderDomain = registered === null ? null : pool.intern(registered);
    const isCompanyDomain = senderDomain !== null && !identifiesNoCompany(senderDomain);
    const accountKey = isCompanyDomain ? senderDomain : sender;

    for (const [category, hit] of bestHitPerCategory(message.hits)) {
      const key = `${threadId}\u0000${accountKey}\u0000${category}`;
      let draft = drafts.get(key);
      if (draft === undefined) {
        draft = {
          id: opportunityId(key),
          threadId,
          category,
          accountKey,
          domain: isCompanyDomain ? senderDomain : null,
          contacts: [],
          contactNames: [],
          owner: ownerOf(message, owners, pool),
          firstSeen: null,
          lastSeen: null,
          quantity: null,
          confidence: 0,
          evidence: [],
          referral: category === 'referral' ? { participants: [], texts: [] } : null,
        };
        drafts.set(key, draft);
      }
      addEvidence(draft, message, sender, hit, pool);
    }
  }

  const opportunities = [...drafts.values()];
  for (const draft of opportunities) {
    finishDraft(draft);
    if (draft.referral !== null) draft.referral.participants = participants.referredBy(draft, owners);
  }
  opportunities.sort(compareDrafts);
  return { opportunities, ownerSideMessages, anonymous };
}

/** The addresses of each thread's signal messages, for finding the company a referral introduces. */
class ThreadParticipants {
  private readonly byThread = new Map<string, Set<string>>();

  add(threadId: string, message: SignalMessage): void {
    let addresses = this.byThread.get(threadId);
    if (addresses === undefined) {
      addresses = new Set();
      this.byThread.set(threadId, addresses);
    }
    for (const address of [message.from, ...message.to, ...message.cc]) {
      if (address !== null && address.address !== '') addresses.add(normaliseEmail(address.address));
    }
  }

  /**
   * Returns the thread's addresses that can be the person a referral
   * introduces: not the owner's side, not the referrer, and not on the
   * referrer's company domain.
   */
  referredBy(draft: DraftOpportunity, owners: Owners): string[] {
    const addresses = [...(this.byThread.get(draft.threadId) ?? [])];
    return addresses
      .filter((address) => !isOwnerSide(address, owners) && !draft.contacts.includes(address))
      .filter((address) => draft.domain === null || registrableDomain(address) !== draft.domain)
      .sort(compareText);
  }
}

function bestHitPerCategory(hits: SignalHit[]): [Category, SignalHit][] {
  const best = new Map<Category, SignalHit>();
  for (const hit of hits) {
    const current = best.get(hit.category);
    if (current === undefined || isBetterHit(hit, current)) best.set(hit.category, hit);
  }
  return CATEGORIES.filter((category) => best.has(category)).map((category) => [
    category,
    best.get(category) as SignalHit,
  ]);
}

function isBetterHit(candidate: SignalHit, current: SignalHit): boolean {
  if (candidate.confidence !== current.confidence) return candidate.confidence > current.confidence;
  if ((candidate.quantity !== null) !== (current.quantity !== null)) return candidate.quantity !== null;
  return candidate.ruleId < current.ruleId;
}

function ownerOf(message: SignalMessage, owners: Owners, pool: StringPool): string | null {
  for (const address of [...message.to, ...message.cc]) {
    const email = normaliseEmail(address.address);
    if (owners.addresses.includes(email)) return pool.intern(email);
  }
  return owners.byMailbox.get(message.mailbox) ?? null;
}

function addEvidence(
  draft: DraftOpportunity,
  message: SignalMessage,
  sender: string,
  hit: SignalHit,
  pool: StringPool,
): void {
  if (!draft.contacts.includes(sender)) draft.contacts.push(sender);
  const name = pool.intern(message.from?.name.trim() ?? '');
  if (name !== '' && !draft.contactNames.includes(name)) draft.contactNames.push(name);
  const company = message.signatureCompany === null ? null : pool.intern(message.signatureCompany);
  if (company !== null && !draft.contactNames.includes(company)) draft.contactNames.push(company);
  const text = message.referralText;
  if (draft.referral !== null && text !== null && !draft.referral.texts.includes(text)) draft.referral.texts.push(text);
  draft.evidence.push({
    messageId: message.id,
    mailbox: pool.intern(message.mailbox),
    file: pool.intern(message.file),
    date: message.date,
    from: name === '' ? sender : pool.intern(`${name} <${sender}>`),
    ...(message.relayedBy === null ? {} : { relayedBy: pool.intern(message.relayedBy) }),
    subject: message.subject,
    rule: pool.intern(hit.ruleId),
    ...(hit.entry === undefined ? {} : { entry: pool.intern(hit.entry) }),
    snippet: hit.snippet,
    quantity: hit.quantity,
    confidence: hit.confidence,
    language: pool.intern(hit.language),
  });
}

function finishDraft(draft: DraftOpportunity): void {
  draft.evidence.sort(compareEvidence);
  draft.contacts.sort();
  draft.contactNames.sort();
  draft.referral?.texts.sort(compareText);
  const dates = draft.evidence.map((item) => item.date).filter((date) => date !== null);
  draft.firstSeen = dates.length > 0 ? (dates.reduce(minString) as string) : null;
  draft.lastSeen = dates.length > 0 ? (dates.reduce(maxString) as string) : null;
  // The earliest stated quantity is the customer's request; later ones are usually quotes of it.
  draft.quantity = draft.evidence.find((item) => item.quantity !== null)?.quantity ?? null;
  draft.confidence = Math.max(...draft.evidence.map((item) => item.confidence));
}

function compareEvidence(a: Evidence, b: Evidence): number {
  return (
    compareNullableDates(a.date, b.date) ||
    compareText(a.messageId, b.messageId) ||
    compareText(a.mailbox, b.mailbox)
  );
}

function compareDrafts(a: DraftOpportunity, b: DraftOpportunity): number {
  return (
    compareNullableDates(a.firstSeen, b.firstSeen) ||
    compareText(a.accountKey, b.accountKey) ||
    CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) ||
    compareText(a.id, b.id)
  );
}

/** Undated items sort last, so the report opens with what is known. */
function compareNullableDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareText(a, b);
}


function minString(a: string, b: string): string {
  return a < b ? a : b;
}

function maxString(a: string, b: string): string {
  return a > b ? a : b;
}

function opportunityId(key: string): string {
  return `opp-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}
