// Mailbox owners: mail they send never creates a customer signal, and their
// company domains mark internal mail.
import { compareText } from '../compare.js';
import { isFreeMailDomain, normaliseEmail, registrableDomain } from '../match/domains.js';
import type { MessageSummary, Problem } from '../types.js';

// Robot senders: the whole local part ("noreply@", "bounce+abc@", "do_not_reply@") or a
// "-noreply" ending ("googlecommunityteam-noreply@"). A person's address that merely contains
// such a word ("john.noreply@", "notification.team.lead@") stays a candidate.
const ROBOT_LOCAL_PART =
  /^(?:no[-_.]?reply\d*|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre|mailer[-_.]?daemon|postmaster|bounces?|newsletters?|notify|notifications?|alerts?|automated|marketing)$|[-_]no[-_]?reply\d*$/i;

/** Tells whether an address's local part, plus-tag removed, is a robot sender's. */
function isRobot(address: string): boolean {
  const local = (address.split('@')[0] ?? '').split('+')[0] ?? '';
  return ROBOT_LOCAL_PART.test(local);
}

/** Tells whether an address can be detected as a mailbox owner: seen on direct mail and not a robot. */
function isOwnerCandidate(address: string, direct: Set<string>): boolean {
  return direct.has(address) && !isRobot(address);
}

/** The part of Owners that decides whether a sender is on the owners' side. */
export type OwnerSide = Pick<Owners, 'addresses' | 'domains'>;

export interface Owners {
  /** Owner addresses, sorted. */
  addresses: string[];
  /** Owner address per mailbox path. */
  byMailbox: Map<string, string>;
  /** Registrable domains of the owners, free-mail providers excluded, sorted. */
  domains: string[];
  /** Mailboxes whose tie another mailbox's clear owner settled, so they need no OWNER_TIED warning. */
  settled: ReadonlySet<string>;
}

/** Tied addresses named in a warning. The rest are only counted, so a mass mailing gives one short line. */
const MAX_LISTED_ADDRESSES = 5;

/** Joins sorted addresses with commas, naming the first few and counting the others. */
export function listAddresses(addresses: readonly string[]): string {
  if (addresses.length <= MAX_LISTED_ADDRESSES) return addresses.join(', ');
  const others = addresses.length - MAX_LISTED_ADDRESSES;
  return `${addresses.slice(0, MAX_LISTED_ADDRESSES).join(', ')} and ${others} other ${others === 1 ? 'address' : 'addresses'}`;
}

/** Counts, per mailbox, how often each address appears across From and To. */
export class AddressCounter {
  private readonly countsByMailbox = new Map<string, Map<string, number>>();
  /** Addresses seen, per mailbox, on messages that no discussion list delivered. */
  private readonly directByMailbox = new Map<string, Set<string>>();
  private readonly messagesByMailbox = new Map<string, number>();

  /**
   * Counts the message's From and To addresses. A discussion list's own
   * address is left out, because it is on every post but is no owner's address.
   */
  add(message: Pick<MessageSummary, 'mailbox' | 'from' | 'to' | 'listAddress'>): void {
    let counts = this.countsByMailbox.get(message.mailbox);
    if (counts === undefined) {
      counts = new Map();
      this.countsByMailbox.set(message.mailbox, counts);
    }
    let direct = this.directByMailbox.get(message.mailbox);
    if (direct === undefined) {
      direct = new Set();
      this.directByMailbox.set(message.mailbox, direct);
    }
    this.messagesByMailbox.set(message.mailbox, (this.messagesByMailbox.get(message.mailbox) ?? 0) + 1);
    const seen = new Set<string>();
    if (message.listAddress !== null) seen.add(normaliseEmail(message.listAddress));
    for (const address of [message.from, ...message.to]) {
      if (address === null || address.address === '') continue;
      const email = normaliseEmail(address.address);
      if (seen.has(email)) continue;
      seen.add(email);
      counts.set(email, (counts.get(email) ?? 0) + 1);
      if (message.listAddress === null) direct.add(email);
    }
  }

  /**
   * Finds each mailbox's owner as the address that appears most often across
   * From and To, unless owners were given. Ties go to the alphabetically first address.
   * Only an address seen on mail that no discussion list delivered can be
   * detected as the owner, because list posts are addressed to the list and
   * their authors are the other subscribers. A mailbox of list posts alone
   * therefore has no detected owner.
   *
   * A detected owner is an owner in every mailbox, so a tie is settled with the
   * other mailboxes: a tied address that is the clear owner of another mailbox
   * wins. A tie that no other mailbox settles gives no owner when other mailboxes
   * have clear owners, because a coin flip would hide one customer's mail in every
   * mailbox. A lone tied mailbox keeps the alphabetically first address.
   */
  owners(given: string[]): Owners {
    const givenAddresses = [...new Set(given.map(normaliseEmail))].sort();
    const byMailbox = new Map<string, string>();
    const tied = new Map<string, string[]>();
    for (const [mailbox, counts] of [...this.countsByMailbox].sort(([a], [b]) => compareText(a, b))) {
      // Given owners: the one seen in this mailbox, else any of them. None given: every address.
      const givenHere = givenAddresses.filter((address) => counts.has(address));
      const direct = this.directByMailbox.get(mailbox) ?? new Set<string>();
      let candidates = [...counts.keys()].filter((address) => isOwnerCandidate(address, direct));
      if (givenAddresses.length > 0) candidates = givenHere.length > 0 ? givenHere : givenAddresses;
      const best = pickMostFrequent(counts, candidates);
      if (best === null) continue;
      const top = candidates.filter((address) => counts.get(address) === counts.get(best));
      if (givenAddresses.length === 0 && top.length > 1) tied.set(mailbox, top.sort());
      else byMailbox.set(mailbox, best);
    }
    const clear = new Set(byMailbox.values());
    const settled = new Set<string>();
    for (const [mailbox, top] of tied) {
      const owner = top.find((address) => clear.has(address));
      if (owner !== undefined) {
        byMailbox.set(mailbox, owner);
        settled.add(mailbox);
      } else if (clear.size === 0) {
        byMailbox.set(mailbox, top[0] ?? '');
      }
    }

    const addresses =
      givenAddresses.length > 0 ? givenAddresses : [...new Set(byMailbox.values())].sort();
    return { addresses, byMailbox, domains: ownerDomains(addresses), settled };
  }

  /**
   * Returns the owners detected so far that a mailbox of at least `minMessages` messages
   * shows without doubt: no tie, on at least half of its messages. Given owners are
   * returned whole, because the final owners are then the given ones.
   */
  clearOwners(given: string[], minMessages: number): OwnerSide {
    const owners = this.owners(given);
    if (given.length > 0) return owners;
    const doubtful = new Set(this.describeGuesses(owners).map((problem) => problem.file));
    const addresses = new Set<string>();
    for (const [mailbox, owner] of owners.byMailbox) {
      if ((this.messagesByMailbox.get(mailbox) ?? 0) >= minMessages && !doubtful.has(mailbox)) addresses.add(owner);
    }
    return { addresses: [...addresses].sort(), domains: ownerDomains([...addresses]) };
  }

  /** Problems of each mailbox's detected owner; see checkDetectedOwners. */
  describeGuesses(owners: Owners): Problem[] {
    const problems: Problem[] = [];
    for (const [mailbox, counts] of [...this.countsByMailbox].sort(([a], [b]) => compareText(a, b))) {
      const messages = this.messagesByMailbox.get(mailbox) ?? 0;
      const owner = owners.byMailbox.get(mailbox) ?? null;
      const hint = 'pass the mailbox owner with --owner (an address or a domain, repeatable)';
      const direct = this.directByMailbox.get(mailbox) ?? new Set<string>();
      const candidates = [...counts].filter(([address]) => isOwnerCandidate(address, direct));
      // A loop, not Math.max(...list): a mailbox can have more addresses than the call stack has room for.
      let topCount = 0;
      for (const [, count] of candidates) if (count > topCount) topCount = count;
      const top = candidates.filter(([, count]) => count === topCount).map(([address]) => address).sort();
      if (owner === null && top.length > 1) {
        problems.push({
          code: 'OWNER_TIED',
          file: mailbox,
          where: '-',
          detail:
            `${listAddresses(top)} appear as often (${topCount} ${topCount === 1 ? 'message' : 'messages'}) and none owns ` +
            `another mailbox, so no owner was taken here and every sender of this mailbox counts as a customer; ${hint}`,
        });
        continue;
      }
      if (owner === null) {
        problems.push({
          code: 'OWNER_NOT_FOUND',
          file: mailbox,
          where: '-',
          detail: `no mailbox owner was found, so every sender counts as a customer; ${hint}`,
        });
        continue;
      }
      const ownerCount = counts.get(owner) ?? 0;
      const tied = top.filter((address) => address !== owner);
      // A tie settled by another mailbox's clear owner needs no warning; an alphabetical pick does.
      const isSettled = owners.settled.has(mailbox);
      if (tied.length > 0 && !isSettled) {
        problems.push({
          code: 'OWNER_TIED',
          file: mailbox,
          where: '-',
          detail:
            `${owner} was taken as the owner, but ${listAddresses(tied)} ${tied.length === 1 ? 'appears' : 'appear'} as often ` +
            `(${ownerCount} ${ownerCount === 1 ? 'message' : 'messages'}), and that mail then counts as a customer's; ${hint}`,
        });
      } else if (ownerCount < messages * MIN_OWNER_SHARE) {
        problems.push({
          code: 'OWNER_WEAK',
          file: mailbox,
          where: '-',
          detail:
            `${owner}, taken as the owner, appears on only ${ownerCount} of ${messages} messages, as in a shared ` +
            `or team mailbox; the other staff's mail then counts as customers'; ${hint}`,
        });
      }
    }
    return problems;
  }
}

/** Returns the registrable domains of owner addresses, free-mail providers left out, sorted. */
function ownerDomains(addresses: readonly string[]): string[] {
  const domains = new Set<string>();
  for (const address of addresses) {
    const domain = registrableDomain(address);
    if (domain !== null && !isFreeMailDomain(domain)) domains.add(domain);
  }
  return [...domains].sort();
}

/** Messages before the first update of an OwnerHint. */
const HINT_INTERVAL = 256;

/**
 * Growth of the gap between two updates. An update reads every address seen so far.
 * Updates a fixed number of messages apart would cost time growing with the square of
 * the mailbox, and growing gaps keep the total linear.
 */
const HINT_INTERVAL_GROWTH = 1.5;

/** Messages a mailbox must have before its detected owner joins an OwnerHint. */
const HINT_MIN_MESSAGES = 200;

/**
 * Owners known while the mail is still being read, so that their own mail can
 * skip detection. Given owners are known from the start. A detected owner joins
 * once its mailbox shows it without doubt, and the hint is updated at growing
 * intervals. The hint can still be wrong, so the caller checks
 * every skipped sender against the final owners.
 */
export class OwnerHint {
  private side: OwnerSide | null;
  private seen = 0;
  private nextUpdate = HINT_INTERVAL;

  constructor(
    private readonly counter: AddressCounter,
    private readonly given: string[],
  ) {
    this.side = given.length > 0 ? counter.clearOwners(given, HINT_MIN_MESSAGES) : null;
  }

  current(): OwnerSide | null {
    return this.side;
  }

  /** Counts one message added to the counter and updates the hint at growing intervals. */
  noteMessage(): void {
    if (this.given.length > 0) return;
    this.seen += 1;
    if (this.seen < this.nextUpdate) return;
    this.nextUpdate = Math.ceil(this.seen * HINT_INTERVAL_GROWTH);
    const side = this.counter.clearOwners([], HINT_MIN_MESSAGES);
    this.side = side.addresses.length === 0 ? null : side;
  }
}

/** Share of a mailbox's messages the detected owner must appear on to be a confident guess. */
const MIN_OWNER_SHARE = 0.5;

/**
 * Returns the problems of a detected owner that the reader must check. No
 * owner found means every sender counts as a customer. A tie, or an owner on
 * under half of the mailbox's messages (a shared inbox), is a weak guess.
 * Given owners raise no problem here.
 */
export function checkDetectedOwners(counter: AddressCounter, owners: Owners, given: string[]): Problem[] {
  if (given.length > 0) return [];
  return counter.describeGuesses(owners);
}


export function detectOwners(messages: MessageSummary[], given: string[]): Owners {
  const counter = new AddressCounter();
  for (const message of messages) counter.add(message);
  return counter.owners(given);
}

function pickMostFrequent(counts: Map<string, number>, candidates: string[]): string | null {
  let best: string | null = null;
  let bestCount = -1;
  for (const candidate of [...candidates].sort()) {
    const count = counts.get(candidate) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** True when the address is an owner or belongs to an owner's company domain. */
export function isOwnerSide(email: string, owners: OwnerSide): boolean {
  const address = normaliseEmail(email);
  if (owners.addresses.includes(address)) return true;
  const domain = registrableDomain(address);
  return domain !== null && owners.domains.includes(domain);
}
