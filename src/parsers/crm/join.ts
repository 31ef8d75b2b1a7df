// Joins opportunity, account and contact exports into CRM accounts, on the
// account id where rows carry one and on the normalised account name otherwise.
// Opportunity exports often lack emails and websites, which the other exports add.
import { isFreeMailDomain, registrableDomain } from '../../match/domains.js';
import { companyKey } from '../../match/names.js';
import type { CrmAccount, CrmOpportunity, Problem } from '../../types.js';
import { compareText } from '../../compare.js';
import type { CrmFile } from './read-file.js';

export interface JoinedCrm {
  opportunities: CrmOpportunity[];
  accounts: CrmAccount[];
  problems: Problem[];
}

interface AccountBuilder {
  account: CrmAccount;
  ids: Set<string>;
  domains: Set<string>;
  emails: Set<string>;
}

/** Key of an account known only by its id, kept apart from name keys by the prefix. */
function idKey(id: string): string {
  return `id:${id}`;
}

/** Maps account ids to names. Account exports go first so their names win over names on deals. */
function collectIdNames(files: CrmFile[]): Map<string, string> {
  const pairs: Array<readonly [string | null, string]> = [
    ...files.flatMap((file) => file.accounts.map((row) => [row.id, row.name] as const)),
    ...files.flatMap((file) =>
      file.opportunities.map((row) => [row.accountId, row.account] as const),
    ),
    ...files.flatMap((file) => file.contacts.map((row) => [row.accountId, row.account] as const)),
  ];
  const names = new Map<string, string>();
  for (const [id, name] of pairs) {
    if (id !== null && name !== '' && !names.has(id)) names.set(id, name);
  }
  return names;
}

class AccountRegistry {
  private readonly builders = new Map<string, AccountBuilder>();

  constructor(private readonly idNames: Map<string, string>) {}

  /** Returns the account for a name or id, creating it, or null when both are empty. */
  find(name: string, id: string | null): AccountBuilder | null {
    // The name recorded for an id wins over the row's own name, so an
    // opportunity and its account export land on the same key.
    const resolved = (id === null ? undefined : this.idNames.get(id)) ?? name;
    if (resolved === '' && id === null) return null;
    const key = resolved === '' ? idKey(id ?? '') : companyKey(resolved) || resolved.toLowerCase();
    let builder = this.builders.get(key);
    if (builder === undefined) {
      const account: CrmAccount = {
        key,
        name: resolved || (id ?? ''),
        ids: [],
        domains: [],
        emails: [],
        opportunities: [],
      };
      builder = { account, ids: new Set(), domains: new Set(), emails: new Set() };
      this.builders.set(key, builder);
    }
    if (id !== null) builder.ids.add(id);
    return builder;
  }

  build(): CrmAccount[] {
    const accounts = [...this.builders.values()].map(({ account, ids, domains, emails }) => ({
      ...account,
      ids: [...ids].sort(),
      domains: [...domains].sort(),
      emails: [...emails].sort(),
      opportunities: [...account.opportunities].sort(
        (a, b) => compareText(a.file, b.file) || a.line - b.line,
      ),
    }));
    return accounts.sort((a, b) => compareText(a.key, b.key));
  }
}

function addWebsite(builder: AccountBuilder, website: string | null): void {
  if (website === null) return;
  const domain = registrableDomain(website);
  if (domain !== null && !isFreeMailDomain(domain)) builder.domains.add(domain);
}

function addEmails(builder: AccountBuilder, emails: string[]): void {
  for (const email of emails) {
    builder.emails.add(email);
    const domain = registrableDomain(email);
    if (domain !== null && !isFreeMailDomain(domain)) builder.domains.add(domain);
  }
}

/**
 * Returns an account name for an opportunity row without an account name or id.
 * It is the company domain of the website or contact (`northwind.example`), or the
 * contact's address for free mail, as the audit names senders the CRM does not know.
 * Returns '' when the row has neither.
 */
function contactAccount(website: string | null, emails: string[]): string {
  const domains = [website, ...emails]
    .filter((value): value is string => value !== null)
    .map((value) => registrableDomain(value))
    .filter((domain): domain is string => domain !== null && !isFreeMailDomain(domain));
  return domains[0] ?? emails[0] ?? '';
}

/** Joins the records of all files. Rows that join to no account become problems. */
export function joinCrmFiles(files: CrmFile[]): JoinedCrm {
  const registry = new AccountRegistry(collectIdNames(files));
  const problems: Problem[] = [];
  const opportunities: CrmOpportunity[] = [];

  for (const file of files) {
    for (const row of file.accounts) {
      const builder = registry.find(row.name, row.id);
      if (builder === null) {
        problems.push({
          code: 'CRM_EMPTY_ACCOUNT',
          file: file.path,
          where: `line ${row.line}`,
          detail: 'account row has no name or id; row skipped',
        });
        continue;
      }
      addWebsite(builder, row.website);
      addEmails(builder, row.emails);
    }
  }

  for (const file of files) {
    for (const [position, row] of file.opportunities.entries()) {
      const emails = file.opportunityEmails[position] ?? [];
      const builder = registry.find(row.account, row.accountId) ?? registry.find(contactAccount(row.website, emails), null);
      const opportunity = builder === null ? row : { ...row, account: builder.account.name };
      opportunities.push(opportunity);
      if (builder === null) continue;
      builder.account.opportunities.push(opportunity);
      addWebsite(builder, row.website);
      addEmails(builder, emails);
    }
  }

  for (const file of files) {
    for (const row of file.contacts) {
      const builder = registry.find(row.account, row.accountId);
      if (builder === null) {
        problems.push({
          code: 'CRM_CONTACT_NO_ACCOUNT',
          file: file.path,
          where: `line ${row.line}`,
          detail: 'contact has no account name or id; its emails match no account',
        });
        continue;
      }
      addWebsite(builder, row.website);
      addEmails(builder, row.emails);
    }
  }
  return { opportunities, accounts: registry.build(), problems };
}
