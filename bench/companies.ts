// The customer directory: about 300 companies under `.example` domains, each
// with a few contacts. It depends on the seed only, never on the corpus size,
// so the CRM export matches every mailbox generated with the same seed.
import {
  EN_COMPANY_HEADS,
  EN_COMPANY_SUFFIXES,
  EN_COMPANY_TRADES,
  FIRST_NAMES,
  FR_COMPANY_HEADS,
  FR_COMPANY_NAMES,
  FR_COMPANY_SUFFIXES,
  JOB_TITLES,
  LAST_NAMES,
} from './content.js';
import type { Language } from './content.js';
import { Random } from './random.js';

export const COMPANY_COUNT = 300;

/** Share of companies that write in French. */
const FRENCH_SHARE = 0.4;

export interface Contact {
  first: string;
  last: string;
  name: string;
  address: string;
  title: string;
}

export interface Company {
  name: string;
  domain: string;
  language: Language;
  contacts: Contact[];
}

/** Lower-case ASCII slug: accents removed, words joined by dashes. */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function companyName(random: Random, language: Language): { name: string; base: string } {
  if (language === 'en') {
    const base = `${random.pick(EN_COMPANY_HEADS)} ${random.pick(EN_COMPANY_TRADES)}`;
    return { name: `${base} ${random.pick(EN_COMPANY_SUFFIXES)}`, base };
  }
  const base = `${random.pick(FR_COMPANY_HEADS)} ${random.pick(FR_COMPANY_NAMES)}`;
  return { name: `${base} ${random.pick(FR_COMPANY_SUFFIXES)}`, base };
}

function localPart(random: Random, first: string, last: string): string {
  const firstSlug = slugify(first);
  const lastSlug = slugify(last);
  const style = random.int(0, 3);
  if (style === 0) return `${firstSlug[0] ?? 'x'}.${lastSlug}`;
  if (style === 1) return firstSlug;
  return `${firstSlug}.${lastSlug}`;
}

function makeContacts(random: Random, language: Language, domain: string): Contact[] {
  const contacts: Contact[] = [];
  const used = new Set<string>();
  const count = random.int(1, 4);
  while (contacts.length < count) {
    const first = random.pick(FIRST_NAMES[language]);
    const last = random.pick(LAST_NAMES[language]);
    const address = `${localPart(random, first, last)}@${domain}`;
    if (used.has(address)) continue;
    used.add(address);
    contacts.push({ first, last, name: `${first} ${last}`, address, title: random.pick(JOB_TITLES[language]) });
  }
  return contacts;
}

/** Builds the company directory for a seed; names and domains are unique. */
export function buildCompanies(seed: number): Company[] {
  const random = new Random(seed ^ 0x5eed_c0de);
  const companies: Company[] = [];
  const domains = new Set<string>();
  while (companies.length < COMPANY_COUNT) {
    const language: Language = random.chance(FRENCH_SHARE) ? 'fr' : 'en';
    const { name, base } = companyName(random, language);
    const domain = `${slugify(base)}.example`;
    if (domains.has(domain)) continue;
    domains.add(domain);
    companies.push({ name, domain, language, contacts: makeContacts(random, language, domain) });
  }
  return companies;
}
