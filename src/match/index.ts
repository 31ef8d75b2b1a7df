// Account matching: which CRM account a sender belongs to, tried in order of
// certainty (exact email, registrable domain, company name), and whether that
// account's opportunities cover a signal.
import { compareText } from '../compare.js';
import type { CrmData } from '../parsers/crm/index.js';
import type { CrmAccount, CrmOpportunity, CrmVerdict, MatchMethod } from '../types.js';
import { isFreeMailDomain, normaliseEmail, registrableDomain } from './domains.js';
import { companyKey, nameSimilarity, NAME_SIMILARITY_THRESHOLD, NAME_TIE_MARGIN } from './names.js';

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

/** True for a domain that never identifies a customer: free-mail, ISP or the owner's own. */
function isExcludedDomain(domain: string, ownerDomains: Set<string>): boolean {
  return isFreeMailDomain(domain) || ownerDomains.has(domain);
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
        addTo(index.byEmail, normaliseEmail(email), account);
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
  const found = query.emails.flatMap((email) => index.byEmail.get(normaliseEmail(email)) ?? []);
  return decide(found, 'email', 1);
}

function matchByDomain(query: AccountQuery, index: CrmIndex): AccountMatch | null {
  const domains = new Set<string>();
  for (const value of [...query.domains, ...query.emails]) {
    const domain = registrableDomain(value);
    if (domain !== null && !isExcludedDomain(domain, index.ownerDomains)) domains.add(domain);
  }
  const found = [...domains].flatMap((domain) => index.byDomain.get(domain) ?? []);
  return decide(found, 'domain', 1);
}

/** Company keys shorter than this match only when equal, because one letter changes a short name. */
const MIN_FUZZY_NAME_CHARS = 8;

function matchByName(query: AccountQuery, index: CrmIndex): AccountMatch | null {
  const scores = new Map<CrmAccount, number>();
  for (const name of query.names) {
    const key = companyKey(name);
    if (key.length < MIN_NAME_KEY_CHARS) continue;
    // NOTE: only accounts sharing the first character are compared. Jaro-Winkler
    // rewards a common prefix, so names differing there rarely pass the threshold.
    for (const account of index.byInitial.get(key.charAt(0)) ?? []) {
      const score = nameSimilarity(key, account.key);
      // Jaro-Winkler forgives one letter in five: "engie" and "engine" score 0.95.
      const isShort = Math.min(key.length, account.key.length) < MIN_FUZZY_NAME_CHARS;
      const threshold = isShort ? 1 : NAME_SIMILARITY_THRESHOLD;
      if (score >= threshold && score > (scores.get(account) ?? 0))
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

function describeClosed(opportunities: CrmOpportunity[]): string {
  if (opportunities.length === 0) return 'account has no opportunity';
  const count = (status: CrmOpportunity['status']): number =>
    opportunities.filter((item) => item.status === status).length;
  const parts: string[] = [];
  if (count('won') > 0) parts.push(`${count('won')} closed won`);
  if (count('lost') > 0) parts.push(`${count('lost')} closed lost`);
  if (count('unknown') > 0) parts.push(`${count('unknown')} with unknown status`);
  return `account has no open opportunity (${parts.join(', ')})`;
}

/** Returns the verdict of an opportunity that no CRM account matched. */
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
 * Judges whether the CRM already tracks a signal: covered when the matched account
 * has an open opportunity, or one created on or after the signal's date.
 * Opportunities with an unknown status do not cover a signal.
 */
export function judgeCoverage(match: AccountMatch, signalDate: string | null): CrmVerdict {
  if (match.status === 'none' || match.account === undefined) {
    if (match.status === 'ambiguous') {
      const tie = `${match.candidates.length} CRM accounts match equally by ${match.method ?? 'name'}: ${match.candidates.join(', ')}`;
      const agreed = judgeTie(match, signalDate, tie);
      if (agreed !== null) return agreed;
      const reason = tie;
      return {
        status: 'ambiguous',
        record: null,
        recordAmount: null,
        recordCurrency: null,
        account: null,
        matchedBy: match.method ?? null,
        reason,
        candidates: match.candidates,
      };
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
  const agreement = first.status === 'covered' ? 'each has an opportunity covering the signal' : 'none has an open opportunity';
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
  const open = account.opportunities.filter((item) => item.status === 'open').sort(byNewestCreated);
  const [firstOpen] = open;
  if (firstOpen !== undefined) {
    const stage = firstOpen.stage === '' ? '' : ` (${firstOpen.stage})`;
    return {
      ...verdict,
      status: 'covered',
      record: firstOpen.name,
      recordAmount: firstOpen.amount,
      recordCurrency: firstOpen.currency,
      reason: `open opportunity "${firstOpen.name}"${stage}`,
    };
  }

  const day = signalDate === null ? null : signalDate.slice(0, 10);
  const later = account.opportunities
    .filter((item) => day !== null && item.createdDate !== null && item.createdDate >= day)
    .sort(
      (a, b) =>
        compareText(a.createdDate ?? '', b.createdDate ?? '') || compareText(a.name, b.name),
    );
  const [firstLater] = later;
  if (firstLater !== undefined) {
    const reason = `opportunity "${firstLater.name}" created on ${firstLater.createdDate}, on or after the signal`;
    return {
      ...verdict,
      status: 'covered',
      record: firstLater.name,
      recordAmount: firstLater.amount,
      recordCurrency: firstLater.currency,
      reason,
    };
  }
  return {
    ...verdict,
    status: 'invisible',
    record: null,
    recordAmount: null,
    recordCurrency: null,
    reason: describeClosed(account.opportunities),
  };
}
