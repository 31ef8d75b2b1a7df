// Checks on what the user passed, run while auditing: a mailbox given twice,
// and a given owner that no message mentions. Each finding is a Problem, so it
// reaches the report as well as stderr.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { normaliseEmail, registrableDomain } from './match/domains.js';
import type { MailSource } from './parsers/mail-sources.js';
import type { MessageSummary, Problem } from './types.js';

/** Returns the sources with repeats of the same file or folder removed, and records each repeat. */
export function dropRepeatedSources(sources: MailSource[], problems: Problem[]): MailSource[] {
  const seen = new Map<string, string>();
  const unique: MailSource[] = [];
  for (const source of sources) {
    const resolved = resolveReal(source.path);
    const earlier = seen.get(resolved);
    if (earlier !== undefined) {
      // Reading it twice would mark every message a duplicate of itself.
      const detail = `the same mailbox is given twice (also as ${earlier}); read once`;
      problems.push({ code: 'MAILBOX_DUPLICATE_INPUT', file: source.path, where: '-', detail });
      continue;
    }
    seen.set(resolved, source.path);
    unique.push(source);
  }
  return unique;
}

function resolveReal(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** True when the value is an owner domain such as `vendor.example`, not an address. */
export function isOwnerDomain(value: string): boolean {
  return !value.includes('@');
}

/** Records which given owners appear in From or To; a domain owner matches any address on it. */
export class OwnerSightings {
  private readonly addresses: Set<string>;
  private readonly domains: Set<string>;
  private readonly seen = new Set<string>();

  constructor(given: string[]) {
    const normalised = given.map(normaliseEmail);
    this.addresses = new Set(normalised.filter((owner) => !isOwnerDomain(owner)));
    this.domains = new Set(normalised.filter(isOwnerDomain));
  }

  add(message: Pick<MessageSummary, 'from' | 'to'>): void {
    if (this.addresses.size === 0 && this.domains.size === 0) return;
    for (const address of [message.from, ...message.to]) {
      if (address === null || address.address === '') continue;
      const email = normaliseEmail(address.address);
      if (this.addresses.has(email)) this.seen.add(email);
      if (this.domains.size === 0) continue;
      const host = email.slice(email.lastIndexOf('@') + 1);
      if (this.domains.has(host)) this.seen.add(host);
      const domain = registrableDomain(email);
      if (domain !== null && this.domains.has(domain)) this.seen.add(domain);
    }
  }

  has(owner: string): boolean {
    return this.seen.has(normaliseEmail(owner));
  }
}

/** Returns one problem per given owner that no message is from or to. */
export function checkGivenOwners(given: string[], sightings: OwnerSightings): Problem[] {
  const problems: Problem[] = [];
  for (const owner of [...new Set(given.map(normaliseEmail))].sort()) {
    if (sightings.has(owner)) continue;
    problems.push({
      code: 'OWNER_NOT_SEEN',
      file: '--owner',
      where: '-',
      detail:
        `${owner} is not in From or To of any message, so the owner's own mail ` +
        'may count as customer mail; check the address',
    });
  }
  return problems;
}
