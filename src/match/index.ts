// Account matching: which CRM account a sender belongs to, tried in order of
// certainty (exact email, registrable domain, company name), and whether that
// account's opportunities cover a signal.
import { compareText } from '../compare.js';
import type { CrmData } from '../parsers/crm/index.js';
import type { CrmAccount, CrmOpportunity, CrmVerdict, MatchMethod } from '../types.js';
import { LEAD_WINDOW_WEEKS } from '../pipeline/leads.js';
import { emailMatchKey, identifiesNoCompany, registrableDomain } from './domains.js';
import { companyKey, nameSimilarity, NAME_SIMILARITY_THRESHOLD, NAME_TIE_MARGIN, sameWords } from './names.js';

export { companyKey, nameSimilarity, NAME_SIMILARITY_THRESHOLD } from './names.js';

/** Shortest company key compared by name, because shorter ones ("ab", "x") match by chance. */
const MIN_NAME_KEY_CHARS = 3;

export interface CrmIndex {
  accounts: CrmAccount[];
  byEmail: Map<string, CrmAccount[]>;
  byDomain: Map<string, CrmAccount[]>;
  /** Accounts by the first character of their key, for name comparison. */
  byInitial: Map<string, CrmAccount[]>;
  ownerDomains: Set<string>;
}

/** Sender emails, their domains, and candidate company names (display name, signature company, domain label). */
export interface AccountQuery {
  emails: string[];
  domains: string[];
  names: string[];
}

export interface AccountMatch {
  status: 'matched' | 'ambiguous' | 'none';
  account?: CrmAccount;
  method?: MatchMethod;
  /** Names of the accounts that matched equally well, sorted. One entry when matched. */
  candidates: string[];
  /** The accounts that matched equally well, when ambiguous. */
  tied?: CrmAccount[];
  /** Name similarity for name matches, and 1 for email and domain matches. */
  score?: number;
}

function addTo(map: Map<string, CrmAccount[]>, key: string, account: CrmAccount): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [account]);
  else if (!list.includes(account)) list.push(account);
}

/** True for a domain that never identifies a customer: free-mail, a relay, a shared sector domain or the owner's own. */
function isExcludedDomain(domain: string, ownerDomains: Set<string>): boolean {
  return identifiesNoCompany(domain) || ownerDomains.has(domain);
}

/** Indexes CRM accounts by contact email, registrable domain and name initial. */
export function buildCrmIndex(data: CrmData, options: { ownerDomains: string[] }): CrmIndex {
  const ownerDomains = new Set(
    options.ownerDomains.map((domain) => registrableDomain(domain) ?? domain.toLowerCase()),
  );
  const index: CrmIndex = {
    accounts: data.accounts,
    byEmail: new Map(),
    byDomain: new Map(),
    byInitial: new Map(),
    ownerDomains,
  };
  for (const account of data.accounts) {
    for (const email of account.emails) {
      // The owner's colleagues can appear as CRM contacts but are never the customer.
      const domain = registrableDomain(email);
      if (domain === null || !ownerDomains.has(domain))
        addTo(index.byEmail, emailMatchKey(email), account);
    }
    for (const domain of account.domains) {
      if (!isExcludedDomain(domain, ownerDomains)) addTo(index.byDomain, domain, account);
    }
    if (!account.key.startsWith('id:') && account.key.length >= MIN_NAME_KEY_CHARS) {
      addTo(index.byInitial, account.key.charAt(0), account);
    }
  }
  return index;
}

function sortedNames(accounts: CrmAccount[]): string[] {
  return accounts.map((account) => account.name).sort(compareText);
}

function decide(accounts: CrmAccount[], method: MatchMethod, score: number): AccountMatch | null {
  const unique = [...new Set(accounts)];
  if (unique.length === 0) return null;
  const candidates = sortedNames(unique);
  if (unique.length > 1) return { status: 'ambiguous', method, candidates, score, tied: unique };
  return { status: 'matched', account: unique[0], method, candidates, score };
}

function matchByEmail(query: AccountQuery, index: CrmIndex): AccountMatch | null {
  const found = query.emails.flatMap((email) => index.byEmail.get(emailMatchKey(email)) ?? []);
  return decide(found, 'email', 1);
}

/** Returns the sender's registrable domains that can identify a customer. */
function companyDomains(query: AccountQuery, index: CrmIndex): Set<string> {
  const domains = new Set<string>();
  for (const value of [...query.domains, ...query.emails]) {
    const domain = registrableDomain(value);
    if (domain !== null && !isExcludedDomain(domain, index.ownerDomains)) domains.add(domain);
  }
  return domains;
}

function matchByDomain(query: AccountQuery, index: CrmIndex): AccountMatch | null {
  const found = [...companyDomains(query, index)].flatMap((domain) => index.byDomain.get(domain) ?? []);
  return decide(found, 'domain', 1);
}

/**
 * True when the CRM gives the account a website and the sender writes from
 * another company domain: a similar name does not outweigh two websites.
 * Contact e-mails do not count here, as a company can write from several domains.
 */
function hasOtherDomain(account: CrmAccount, senderDomains: Set<string>): boolean {
  const websites = account.websiteDomains ?? [];
  return senderDomains.size > 0 && websites.length > 0 && !websites.some((domain) => senderDomains.has(domain));
}

/** Company keys shorter than this match only when equal, because one letter changes a short name. */
const MIN_FUZZY_NAME_CHARS = 8;

function matchByName(query: AccountQuery, index: CrmIndex): AccountMatch | null {
  const scores = new Map<CrmAccount, number>();
  const senderDomains = companyDomains(query, index);
  for (const name of query.names) {
    const key = companyKey(name);
    if (key.length < MIN_NAME_KEY_CHARS) continue;
    // NOTE: only accounts sharing the first character are compared. Jaro-Winkler
    // rewards a common prefix, so names differing there rarely pass the threshold.
    for (const account of index.byInitial.get(key.charAt(0)) ?? []) {
      if (hasOtherDomain(account, senderDomains)) continue;
      const score = nameSimilarity(key, account.key);
      // Jaro-Winkler forgives one letter in five: "engie" and "engine" score 0.95.
      const isShort = Math.min(key.length, account.key.length) < MIN_FUZZY_NAME_CHARS;
      const threshold = isShort ? 1 : NAME_SIMILARITY_THRESHOLD;
      // "Deutsche Bahn" is not "Deutsche Bank": each word must be the same word.
      if (score >= threshold && score > (scores.get(account) ?? 0) && sameWords(key, account.key))
        scores.set(account, score);
    }
  }
  if (scores.size === 0) return null;
  const best = Math.max(...scores.values());
  const tied = [...scores]
    .filter(([, score]) => score >= best - NAME_TIE_MARGIN)
    .map(([account]) => account);
  return decide(tied, 'name', Math.round(best * 1000) / 1000);
}

/** Finds the sender's CRM account: by email, then domain, then company name. */
export function matchAccount(query: AccountQuery, index: CrmIndex): AccountMatch {
  return (
    matchByEmail(query, index) ??
    matchByDomain(query, index) ??
    matchByName(query, index) ?? { status: 'none', candidates: [] }
  );
}

function byNewestCreated(a: CrmOpportunity, b: CrmOpportunity): number {
  return compareText(b.createdDate ?? '', a.createdDate ?? '') || compareText(a.name, b.name);
}

function byFirstCreated(a: CrmOpportunity, b: CrmOpportunity): number {
  return compareText(a.createdDate ?? '', b.createdDate ?? '') || compareText(a.name, b.name);
}

const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** Days the CRM may take to record a deal after the customer wrote: the lead window. */
const COVER_WINDOW_DAYS = LEAD_WINDOW_WEEKS * 7;

/** Whole days from one ISO day to another, negative when `to` is earlier. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/** Coverage of a signal's day by one CRM opportunity, with the dates that decided it. */
interface Coverage {
  covers: boolean;
  /** Reason naming the dates: "created on 2026-08-01 and closed won on 2026-10-15". */
  reason: string;
  /** Days between the deciding date and the signal, to explain the nearest one that does not cover. */
  distance: number;
}

function outcome(item: CrmOpportunity): string {
  if (item.status === 'won') return 'closed won';
  if (item.status === 'lost') return 'closed lost';
  return 'closed';
}

/**
 * Tells whether an opportunity covers a signal on `day`. The CRM tracked a deal
 * around the signal when the opportunity was created no later than the lead
 * window after it and was not closed before it. An open one whose expected
 * close date lies more than the lead window before the signal is stale. A
 * missing date keeps the rule without it: an open opportunity with no dates
 * covers, and a closed one with no close date covers only when created on or
 * after the signal.
 */
function coverageOf(item: CrmOpportunity, day: string): Coverage {
  const created = item.createdDate;
  const closed = item.closeDate;
  const sinceCreated = created === null ? null : daysBetween(day, created);

  if (sinceCreated !== null && sinceCreated > COVER_WINDOW_DAYS) {
    return {
      covers: false,
      reason: `"${item.name}" was created on ${created}, more than ${LEAD_WINDOW_WEEKS} weeks after the signal`,
      distance: sinceCreated,
    };
  }

  if (item.status === 'open') {
    const sinceClose = closed === null ? null : daysBetween(closed, day);
    if (sinceClose !== null && sinceClose > COVER_WINDOW_DAYS) {
      return {
        covers: false,
        reason: `"${item.name}" is open but was expected to close on ${closed}, more than ${LEAD_WINDOW_WEEKS} weeks before the signal`,
        distance: sinceClose,
      };
    }
    const dates = [
      created === null ? 'no creation date' : `created on ${created}`,
      closed === null ? 'no close date' : `expected to close on ${closed}`,
    ];
    return { covers: true, reason: dates.join(', '), distance: 0 };
  }

  if (closed !== null && closed < day) {
    return {
      covers: false,
      reason: `"${item.name}" was ${outcome(item)} on ${closed}, before the signal`,
      distance: daysBetween(closed, day),
    };
  }
  if (sinceCreated !== null && sinceCreated >= 0) {
    const close = closed === null ? ', no close date' : ` and ${outcome(item)} on ${closed}`;
    return { covers: true, reason: `created on ${created}, on or after the signal${close}`, distance: 0 };
  }
  if (sinceCreated !== null && closed !== null) {
    return {
      covers: true,
      reason: `created on ${created} and ${outcome(item)} on ${closed}, open on the signal's date`,
      distance: 0,
    };
  }
  // A closed opportunity without a close date, or without a creation date, does
  // not show whether it was open when the customer wrote.
  const missing =
    closed !== null
      ? 'no creation date'
      : item.closeDateSetAside === undefined
        ? 'no close date'
        : `its close date ${item.closeDateSetAside} set aside, as it is after the export day (--crm-exported-on)`;
  const createdText = created === null ? '' : ` created on ${created}, before the signal,`;
  return {
    covers: false,
    reason: `"${item.name}" is ${outcome(item)}${createdText} with ${missing}${item.closeDateSetAside === undefined ? ' in the CRM' : ''}`,
    distance: created === null ? Number.MAX_SAFE_INTEGER : daysBetween(created, day),
  };
}

function describeCounts(opportunities: CrmOpportunity[]): string {
  const count = (status: CrmOpportunity['status']): number =>
    opportunities.filter((item) => item.status === status).length;
  const parts: string[] = [];
  if (count('open') > 0) parts.push(`${count('open')} open`);
  if (count('won') > 0) parts.push(`${count('won')} closed won`);
  if (count('lost') > 0) parts.push(`${count('lost')} closed lost`);
  if (count('unknown') > 0) parts.push(`${count('unknown')} with unknown status`);
  return parts.join(', ');
}

/** Coverage that failed, with the status of the opportunity it belongs to. */
interface Miss extends Coverage {
  status: CrmOpportunity['status'];
}

/**
 * Explains why no opportunity covers: the counts per status, then the dates of
 * the opportunity nearest to the signal. When that one is closed and the
 * account has open ones, the nearest open one is named too, because the reader
 * expects an open deal to cover. Without a signal date only open opportunities
 * cover, so the counts alone explain it.
 */
function describeUncovered(opportunities: CrmOpportunity[], misses: Miss[]): string {
  if (opportunities.length === 0) return 'account has no opportunity';
  const hasOpen = opportunities.some((item) => item.status === 'open');
  const head = hasOpen ? 'no opportunity of the account covers the signal' : 'account has no open opportunity';
  const sorted = [...misses].sort((a, b) => a.distance - b.distance || compareText(a.reason, b.reason));
  const nearest = sorted[0];
  const nearestOpen = sorted.find((miss) => miss.status === 'open');
  const named = nearest === undefined ? [] : [nearest];
  if (nearestOpen !== undefined && nearestOpen !== nearest) named.push(nearestOpen);
  return `${head} (${describeCounts(opportunities)})${named.map((miss) => `; ${miss.reason}`).join('')}`;
}

/** Returns the verdict of an opportunity that no CRM account matched. */
/** Builds the verdict of a signal that could belong to several companies: left out of coverage and the loss. */
export function ambiguousVerdict(reason: string, candidates: string[], matchedBy: MatchMethod | null): CrmVerdict {
  return {
    status: 'ambiguous',
    record: null,
    recordAmount: null,
    recordCurrency: null,
    account: null,
    matchedBy,
    reason,
    candidates,
  };
}

export function unmatchedVerdict(reason: string): CrmVerdict {
  return {
    status: 'invisible',
    record: null,
    recordAmount: null,
    recordCurrency: null,
    account: null,
    matchedBy: null,
    reason,
    candidates: [],
  };
}

/**
 * Judges whether the CRM already tracks a signal: covered when the matched
 * account has an opportunity open around the signal's date (see coverageOf).
 * Opportunities with an unknown status count as closed ones.
 */
export function judgeCoverage(match: AccountMatch, signalDate: string | null): CrmVerdict {
  if (match.status === 'none' || match.account === undefined) {
    if (match.status === 'ambiguous') {
      const tie = `${match.candidates.length} CRM accounts match equally by ${match.method ?? 'name'}: ${match.candidates.join(', ')}`;
      const agreed = judgeTie(match, signalDate, tie);
      if (agreed !== null) return agreed;
      return ambiguousVerdict(tie, match.candidates, match.method ?? null);
    }
    return unmatchedVerdict('no CRM account');
  }

  return judgeAccount(match.account, match.method ?? null, match.candidates, signalDate);
}

/**
 * Judges each account of a tie. When all give the same status, which one is
 * meant does not change the verdict: it is that status, with no account named,
 * instead of an ambiguous match left out of both coverage and the loss.
 */
function judgeTie(match: AccountMatch, signalDate: string | null, tie: string): CrmVerdict | null {
  const verdicts = (match.tied ?? []).map((account) =>
    judgeAccount(account, match.method ?? null, match.candidates, signalDate),
  );
  const [first] = verdicts;
  if (first === undefined || verdicts.some((item) => item.status !== first.status)) return null;
  const agreement = first.status === 'covered' ? 'each has an opportunity covering the signal' : 'none has an opportunity covering the signal';
  return {
    status: first.status,
    record: null,
    recordAmount: null,
    recordCurrency: null,
    account: null,
    matchedBy: match.method ?? null,
    reason: `${tie}; ${agreement}`,
    candidates: match.candidates,
  };
}

function judgeAccount(
  account: CrmAccount,
  matchedBy: MatchMethod | null,
  candidates: string[],
  signalDate: string | null,
): CrmVerdict {
  const verdict = { account: account.name, matchedBy, candidates };
  const day = signalDate === null ? null : signalDate.slice(0, 10);
  const covered = (item: CrmOpportunity, dates: string): CrmVerdict => {
    const stage = item.stage === '' ? '' : ` (${item.stage})`;
    const kind = item.status === 'open' ? 'open opportunity' : 'opportunity';
    return {
      ...verdict,
      status: 'covered',
      record: item.name,
      recordAmount: item.amount,
      recordCurrency: item.currency,
      reason: `${kind} "${item.name}"${stage}${dates === '' ? '' : `, ${dates}`}`,
    };
  };

  const open = account.opportunities.filter((item) => item.status === 'open').sort(byNewestCreated);
  if (day === null) {
    // Without the signal's date no date can be compared: an open opportunity covers.
    const [firstOpen] = open;
    if (firstOpen !== undefined) return covered(firstOpen, 'no signal date to compare');
    return uncovered(verdict, describeUncovered(account.opportunities, []));
  }
  const closed = account.opportunities.filter((item) => item.status !== 'open').sort(byFirstCreated);
  const misses: Miss[] = [];
  for (const item of [...open, ...closed]) {
    const coverage = coverageOf(item, day);
    if (coverage.covers) return covered(item, coverage.reason);
    misses.push({ ...coverage, status: item.status });
  }
  return uncovered(verdict, describeUncovered(account.opportunities, misses));
}

function uncovered(
  verdict: Pick<CrmVerdict, 'account' | 'matchedBy' | 'candidates'>,
  reason: string,
): CrmVerdict {
  return { ...verdict, status: 'invisible', record: null, recordAmount: null, recordCurrency: null, reason };
}
