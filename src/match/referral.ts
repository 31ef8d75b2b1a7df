// Referrals: "my former colleague at Keller Bau is looking for a ledger tool"
// is Keller Bau's deal, not the referrer's. So the CRM is checked for the
// company referred when the mail shows which one it is, and for the referrer's
// account only when it does not.
import { compareText } from '../compare.js';
import type { ReferralClues } from '../pipeline/opportunities.js';
import type { CrmAccount, CrmVerdict, MatchMethod } from '../types.js';
import { identifiesNoCompany, registrableDomain } from './domains.js';
import { ambiguousVerdict, judgeCoverage, matchAccount, unmatchedVerdict } from './index.js';
import type { AccountMatch, CrmIndex } from './index.js';
import { companyKey, nameWords } from './names.js';

/** Start of a referral's reason when the mail shows no company to check. */
const NOT_NAMED =
  "referred company not named (no thread participant on another domain, no CRM account name in the text), so the referrer's account is checked";

/** Shortest account key looked for in a referral's text, as for name matching. */
const MIN_NAME_KEY_CHARS = 3;

/** The company a referral introduces, and how the mail shows it. */
export interface ReferredCompany {
  /** The CRM account's name, or the participant's registrable domain when the CRM has no account for it. */
  name: string;
  source: 'participant' | 'text';
  /** The match to judge coverage with, `none` when the CRM has no account for the company. */
  match: AccountMatch;
  /**
   * Company domains of participants that no CRM account has, when participants with CRM accounts
   * are on the thread too: then either may be the company referred.
   */
  unknownDomains?: string[];
}

/** The verdict of a referral and the company it was checked against, null when none was named. */
export interface ReferralVerdict {
  verdict: CrmVerdict;
  referredCompany: ReferredCompany | null;
}

/** The referrer as the mail and the CRM show it, whose accounts and names are never the company referred. */
export interface Referrer {
  match: AccountMatch;
  /** The referrer's display names, signature company and domain label. */
  names: string[];
}

/**
 * Judges a referral against the company it introduces: first a thread
 * participant on another domain than the referrer, as an introduction
 * usually copies the person referred, else a CRM account named in the
 * referrer's text. When the mail shows neither, the referrer's account is
 * judged, as for any other signal.
 */
export function judgeReferral(
  clues: ReferralClues,
  referrer: Referrer,
  index: CrmIndex,
  signalDate: string | null,
): ReferralVerdict {
  const excluded = excludedAccounts(referrer, index);
  const referred = referredByParticipant(clues.participants, excluded, index) ?? referredByText(clues.texts, excluded, index);
  if (referred === null) {
    const verdict = judgeCoverage(referrer.match, signalDate);
    return {
      verdict: { ...verdict, reason: `${NOT_NAMED}: ${verdict.reason}` },
      referredCompany: null,
    };
  }
  const how = referred.source === 'participant' ? 'copied on the thread' : 'named in the mail';
  const verdict =
    referred.unknownDomains !== undefined
      ? judgeMixed(referred, referred.unknownDomains, signalDate)
      : referred.match.status === 'none'
        ? unmatchedVerdict('no CRM account')
        : judgeCoverage(referred.match, signalDate);
  return {
    verdict: { ...verdict, reason: `referred company ${referred.name} (${how}): ${verdict.reason}` },
    referredCompany: referred,
  };
}

/**
 * Judges a referral whose thread copies people of CRM accounts and of companies the CRM lacks.
 * Either may be the company referred. When no account covers the signal, both readings give
 * invisible; otherwise the referral is ambiguous, left out of coverage and the loss, so that a
 * covered customer copied on an introduction neither hides nor invents a lead.
 */
function judgeMixed(referred: ReferredCompany, unknownDomains: string[], signalDate: string | null): CrmVerdict {
  const known = judgeCoverage(referred.match, signalDate);
  const accounts = referred.match.candidates.join(', ');
  const unknown = unknownDomains.join(', ');
  if (known.status === 'invisible') {
    return unmatchedVerdict(`no covering opportunity for ${accounts}, and no CRM account for ${unknown}`);
  }
  const reason = `unclear which company is referred: ${accounts} (${known.status}: ${known.reason}) or ${unknown} (no CRM account)`;
  return ambiguousVerdict(reason, [...referred.match.candidates, ...unknownDomains], known.matchedBy);
}

/**
 * Returns the accounts a referral cannot introduce: the referrer's own, those
 * named like the referrer, and the owner's company (an account on an owner
 * domain or named after one).
 */
function excludedAccounts(referrer: Referrer, index: CrmIndex): Set<CrmAccount> {
  const excluded = new Set<CrmAccount>(matchedAccounts(referrer.match));
  const ownNames = new Set(
    [...referrer.names, ...[...index.ownerDomains].map(domainLabel)].map(companyKey).filter((key) => key !== ''),
  );
  for (const account of index.accounts) {
    if (ownNames.has(account.key) || account.domains.some((domain) => index.ownerDomains.has(domain))) {
      excluded.add(account);
    }
  }
  return excluded;
}

function matchedAccounts(match: AccountMatch): CrmAccount[] {
  if (match.status === 'matched' && match.account !== undefined) return [match.account];
  return match.tied ?? [];
}

/** Returns the first label of a registrable domain: `keller-bau` for `keller-bau.example`. */
function domainLabel(domain: string): string {
  return domain.split('.')[0] ?? domain;
}

/**
 * Finds the company of the thread's participants: the CRM accounts they
 * match, else their company domains that no account has. A free-mail
 * participant counts only through a CRM contact address.
 */
function referredByParticipant(participants: string[], excluded: Set<CrmAccount>, index: CrmIndex): ReferredCompany | null {
  const accounts = new Map<CrmAccount, MatchMethod>();
  const unknownDomains = new Set<string>();
  for (const email of participants) {
    const domain = registrableDomain(email);
    const query = { emails: [email], domains: domain === null ? [] : [domain], names: domain === null ? [] : [domainLabel(domain)] };
    const match = matchAccount(query, index);
    const found = matchedAccounts(match);
    for (const account of found) {
      if (!excluded.has(account) && !accounts.has(account)) accounts.set(account, match.method ?? 'email');
    }
    const isCompany = domain !== null && !identifiesNoCompany(domain) && !index.ownerDomains.has(domain);
    if (found.length === 0 && isCompany) unknownDomains.add(domain);
  }
  if (accounts.size > 0 && unknownDomains.size > 0) {
    const fromKnown = fromAccounts(accounts, 'participant');
    const unknown = [...unknownDomains].sort(compareText);
    return { ...fromKnown, name: [fromKnown.name, ...unknown].join(' or '), unknownDomains: unknown };
  }
  if (accounts.size > 0) return fromAccounts(accounts, 'participant');
  if (unknownDomains.size === 0) return null;
  const name = [...unknownDomains].sort(compareText).join(' or ');
  return { name, source: 'participant', match: { status: 'none', candidates: [] } };
}

/**
 * Finds the CRM accounts whose name the referral's text writes as whole
 * words, folded as company names are compared ("Keller Bau GmbH" is found in
 * "a colleague at keller bau"). A name found inside a longer one that is
 * also found ("Nova" in "Nova Systems") does not count.
 */
function referredByText(texts: string[], excluded: Set<CrmAccount>, index: CrmIndex): ReferredCompany | null {
  // An empty word between two texts keeps a name from spanning them.
  const words = texts.flatMap((text) => [...nameWords(text), '']);
  const positions = new Map<string, number[]>();
  words.forEach((word, position) => {
    if (word === '') return;
    const list = positions.get(word);
    if (list === undefined) positions.set(word, [position]);
    else list.push(position);
  });

  const spans: { account: CrmAccount; start: number; end: number }[] = [];
  for (const account of index.accounts) {
    // NOTE: an account named with one everyday word ("Ledger", "Finance") is found wherever
    // the text uses that word. The match line names the account, so a reader can check it.
    if (excluded.has(account) || account.key.startsWith('id:') || account.key.length < MIN_NAME_KEY_CHARS) continue;
    const keyWords = account.key.split(' ');
    for (const start of positions.get(keyWords[0] as string) ?? []) {
      if (keyWords.every((word, offset) => words[start + offset] === word)) {
        spans.push({ account, start, end: start + keyWords.length });
      }
    }
  }
  const isInsideLonger = (span: (typeof spans)[number]) =>
    spans.some((other) => other !== span && other.start <= span.start && other.end >= span.end && other.end - other.start > span.end - span.start);
  const accounts = new Map<CrmAccount, MatchMethod>();
  for (const span of spans) {
    if (!isInsideLonger(span)) accounts.set(span.account, 'name');
  }
  return accounts.size === 0 ? null : fromAccounts(accounts, 'text');
}

/** Returns one referred company for one account, or an ambiguous one naming each account. */
function fromAccounts(accounts: Map<CrmAccount, MatchMethod>, source: ReferredCompany['source']): ReferredCompany {
  const sorted = [...accounts.keys()].sort((a, b) => compareText(a.name, b.name));
  const candidates = sorted.map((account) => account.name);
  const method = accounts.get(sorted[0] as CrmAccount) ?? 'name';
  if (sorted.length === 1) {
    return { name: candidates[0] as string, source, match: { status: 'matched', account: sorted[0], method, candidates, score: 1 } };
  }
  return { name: candidates.join(' or '), source, match: { status: 'ambiguous', method, candidates, tied: sorted, score: 1 } };
}
