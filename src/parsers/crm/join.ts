// Joins opportunity, account and contact exports into CRM accounts, on the
// account id where rows carry one and on the normalised account name otherwise.
// Opportunity exports often lack emails and websites, which the other exports add.
// Two different account ids are never one account, and a name joins two rows
// only when their domains do not disagree.
import { identifiesNoCompany, isProfileHost, registrableDomain, splitSites } from '../../match/domains.js';
import { companyKey, nameTokens } from '../../match/names.js';
import type { CrmAccount, CrmOpportunity, Problem } from '../../types.js';
import { compareText } from '../../compare.js';
import type { CrmFile } from './read-file.js';

export interface JoinedCrm {
  opportunities: CrmOpportunity[];
  accounts: CrmAccount[];
  problems: Problem[];
  /**
   * Opportunities known only by an account id that no file gives a name, website or
   * e-mail for: no sender can match them. Each is also a CRM_ACCOUNT_ID_UNKNOWN problem.
   */
  unknownIds: CrmOpportunity[];
}

interface AccountBuilder {
  account: CrmAccount;
  ids: Set<string>;
  domains: Set<string>;
  websiteDomains: Set<string>;
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

/** Folded full name, legal form included, so "Nova GmbH" and "Nova Ltd" differ. */
function fullName(name: string): string {
  return nameTokens(name).join(' ');
}

/** Returns the company domains of a row's websites and emails: free mail, shared domains and profile sites left out. */
export function rowDomains(website: string | null, emails: string[]): string[] {
  // A website on LinkedIn or Facebook is a profile page, not the customer's domain.
  const sites = (website === null ? [] : splitSites(website))
    .map((value) => registrableDomain(value))
    .filter((domain) => domain === null || !isProfileHost(domain));
  const domains = [...sites, ...emails.map((value) => registrableDomain(value))].filter(
    (domain): domain is string => domain !== null && !identifiesNoCompany(domain),
  );
  return [...new Set(domains)];
}

class AccountRegistry {
  private readonly byId = new Map<string, AccountBuilder>();
  private readonly byKey = new Map<string, AccountBuilder[]>();
  private readonly all: AccountBuilder[] = [];

  constructor(private readonly idNames: Map<string, string>) {}

  /**
   * Returns the account for a row's name or id, creating it, or null when both
   * are empty. A row with an id joins the account of that id, or an account
   * with no id yet of the same name. A row without an id joins, by name, the
   * account of the same full name, else the one whose name key is the same.
   * Either way the account's domains must not differ from the row's (`domains`).
   */
  find(name: string, id: string | null, domains: string[] = []): AccountBuilder | null {
    if (id !== null) {
      const known = this.byId.get(id);
      if (known !== undefined) return known;
    }
    // The name recorded for an id wins over the row's own name, so an
    // opportunity and its account export land on the same account.
    const resolved = (id === null ? undefined : this.idNames.get(id)) ?? name;
    if (resolved === '' && id === null) return null;
    const key = resolved === '' ? idKey(id ?? '') : companyKey(resolved) || resolved.toLowerCase();
    const sameKey = (this.byKey.get(key) ?? []).filter((builder) => id === null || builder.ids.size === 0);
    const full = fullName(resolved);
    const agrees = (builder: AccountBuilder): boolean =>
      domains.length === 0 || builder.domains.size === 0 || domains.some((domain) => builder.domains.has(domain));
    // One name on two websites is two companies, so even an exact name needs agreeing domains.
    let builder =
      sameKey.find((item) => fullName(item.account.name) === full && agrees(item)) ??
      sameKey.find((item) => agrees(item));
    if (builder === undefined) {
      const account: CrmAccount = {
        key,
        name: resolved || (id ?? ''),
        ids: [],
        domains: [],
        emails: [],
        opportunities: [],
      };
      builder = { account, ids: new Set(), domains: new Set(), websiteDomains: new Set(), emails: new Set() };
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), builder]);
      this.all.push(builder);
    }
    if (id !== null) {
      builder.ids.add(id);
      this.byId.set(id, builder);
    }
    return builder;
  }

  build(): CrmAccount[] {
    const accounts = this.all.map(({ account, ids, domains, websiteDomains, emails }) => ({
      ...account,
      ids: [...ids].sort(),
      domains: [...domains].sort(),
      websiteDomains: [...websiteDomains].sort(),
      emails: [...emails].sort(),
      opportunities: [...account.opportunities].sort(
        (a, b) => compareText(a.file, b.file) || a.line - b.line,
      ),
    }));
    return accounts.sort(
      (a, b) => compareText(a.key, b.key) || compareText(a.name, b.name) || compareText(a.ids.join(), b.ids.join()),
    );
  }
}

function addWebsite(builder: AccountBuilder, website: string | null): void {
  if (website === null) return;
  for (const domain of rowDomains(website, [])) {
    builder.domains.add(domain);
    builder.websiteDomains.add(domain);
  }
}

function addEmails(builder: AccountBuilder, emails: string[]): void {
  for (const email of emails) builder.emails.add(email);
  for (const domain of rowDomains(null, emails)) builder.domains.add(domain);
}

/**
 * Returns an account name for an opportunity row without an account name or id.
 * It is the company domain of the website or contact (`northwind.example`), or the
 * contact's address for free mail, as the audit names senders the CRM does not know.
 * Returns '' when the row has neither.
 */
function contactAccount(website: string | null, emails: string[]): string {
  return rowDomains(website, emails)[0] ?? emails[0] ?? '';
}

/** Joins the records of all files. Rows that join to no account become problems. */
export function joinCrmFiles(files: CrmFile[]): JoinedCrm {
  const registry = new AccountRegistry(collectIdNames(files));
  const problems: Problem[] = [];
  const opportunities: CrmOpportunity[] = [];
  const idOnly: Array<{ opportunity: CrmOpportunity; builder: AccountBuilder }> = [];

  for (const file of files) {
    for (const row of file.accounts) {
      const builder = registry.find(row.name, row.id, rowDomains(row.website, row.emails));
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
      const domains = rowDomains(row.website, emails);
      const builder =
        registry.find(row.account, row.accountId, domains) ??
        registry.find(contactAccount(row.website, emails), null, domains);
      const opportunity = builder === null ? row : { ...row, account: builder.account.name };
      opportunities.push(opportunity);
      if (builder === null) continue;
      if (builder.account.key.startsWith('id:')) idOnly.push({ opportunity, builder });
      builder.account.opportunities.push(opportunity);
      addWebsite(builder, row.website);
      addEmails(builder, emails);
    }
  }

  for (const file of files) {
    for (const row of file.contacts) {
      const builder = registry.find(row.account, row.accountId, rowDomains(row.website, row.emails));
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
  // Contacts can still give an id-only account an e-mail, so this waits for them.
  const unknownIds = idOnly
    .filter(({ builder }) => builder.domains.size === 0 && builder.emails.size === 0)
    .map(({ opportunity }) => opportunity);
  problems.push(...unknownIds.map(describeUnknownId));
  return { opportunities, accounts: registry.build(), problems, unknownIds };
}

function describeUnknownId(row: CrmOpportunity): Problem {
  return {
    code: 'CRM_ACCOUNT_ID_UNKNOWN',
    file: row.file,
    where: `line ${row.line}`,
    detail:
      `opportunity "${row.name}" names account id ${row.accountId ?? ''}, which no accounts or contacts ` +
      'export among the --crm files gives a name, website or e-mail for, so it cannot cover any signal. ' +
      'Pass the accounts export that holds this id (Account.csv in a Salesforce data export) with another --crm',
  };
}
