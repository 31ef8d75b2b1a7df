// The CRM export that goes with a generated mailbox: one or two
// opportunities for about half of the companies, in the column layout of a
// Salesforce opportunity report.
import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { Company } from './companies.js';
import { PLANS } from './content.js';
import { Random } from './random.js';

export const CRM_COLUMNS = [
  'Opportunity Name',
  'Account Name',
  'Stage',
  'Amount',
  'Close Date',
  'Created Date',
  'Contact Email',
  'Website',
] as const;

/** Share of companies that have at least one opportunity in the CRM. */
const CRM_COVERAGE = 0.5;

const STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'];

function isoDate(utc: number): string {
  return new Date(utc).toISOString().slice(0, 10);
}

function opportunityRow(random: Random, company: Company): string[] {
  const created = Date.UTC(2025, 9, 1) + random.int(0, 330) * 86_400_000;
  const closes = created + random.int(20, 120) * 86_400_000;
  const contact = random.pick(company.contacts);
  // Exports often spell the account without its legal suffix, or the site without "www.".
  const account = random.chance(0.3) ? company.name.replace(/ (Inc\.|Ltd|LLC|Group|Co\.|SA|SAS|SARL)$/, '') : company.name;
  const website = random.chance(0.5) ? `https://www.${company.domain}` : company.domain;
  return [
    `${account} - ${random.pick(PLANS)} ${random.pick(['renewal', 'upgrade', 'expansion', 'new business'])}`,
    account,
    random.pick(STAGES),
    String(random.int(4, 240) * 500),
    isoDate(closes),
    isoDate(created),
    contact.address,
    website,
  ];
}

/** Builds the CRM rows for a seed, sorted by account then opportunity name. */
export function buildCrmRows(companies: Company[], seed: number): string[][] {
  const random = new Random(seed ^ 0x0c0f_fee0);
  const rows: string[][] = [];
  for (const company of companies) {
    if (!random.chance(CRM_COVERAGE)) continue;
    const count = random.chance(0.2) ? 2 : 1;
    for (let i = 0; i < count; i++) rows.push(opportunityRow(random, company));
  }
  // Code-point order, not localeCompare, so the file does not depend on the ICU version.
  const key = (row: string[]) => `${row[1]}\u0000${row[0]}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Writes the CRM CSV and returns its row count. */
export function writeCrm(file: string, companies: Company[], seed: number): number {
  const rows = buildCrmRows(companies, seed);
  writeFileSync(file, stringify([[...CRM_COLUMNS], ...rows]));
  return rows.length;
}
