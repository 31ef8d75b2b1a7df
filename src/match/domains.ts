// Domain identity: registrable domains from the Public Suffix List (tldts) and
// free-mail providers from the email-providers list, with the providers,
// relays and shared sector domains that list lacks. Comparisons are label-wise
// on registrable domains, never substring matches.
import { domainToASCII } from 'node:url';
import { requirePackage } from '../require-package.js';
import { EXTRA_FREE_MAIL_DOMAINS, MAIL_RELAY_DOMAINS, PROFILE_HOSTS, SHARED_DOMAINS } from './mail-domains.js';

const { getDomain, parse } = requirePackage('tldts') as typeof import('tldts');

const freeMailDomains = new Set<string>([
  ...(requirePackage('email-providers/all.json') as string[]),
  ...EXTRA_FREE_MAIL_DOMAINS,
  ...MAIL_RELAY_DOMAINS,
]);
const sharedDomains = new Set<string>(SHARED_DOMAINS);
const profileHosts = new Set<string>(PROFILE_HOSTS);

/** True for a social or listing site, whose pages a website cell may name instead of the company's site. */
export function isProfileHost(domain: string): boolean {
  return profileHosts.has(domain.toLowerCase());
}

/** Returns the host of a URL, bare host or email address: lower-cased, without `www.`, port or path. */
export function hostOf(value: string): string | null {
  // Angle brackets and `mailto:` come from addresses pasted into CRM cells.
  // Zero-width and other format characters come along when a site is pasted from a web page.
  let text = value
    .replace(/\p{Cf}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/^<|>$/g, '')
    .replace(/^mailto:/, '');
  if (text === '') return null;
  const at = text.lastIndexOf('@');
  if (at >= 0) text = text.slice(at + 1);
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  text = text
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '');
  text = text.replace(/^www\./, '');
  // Internationalised names (`café.example`) are compared in their punycode form.
  if (/[^\x00-\x7f]/.test(text)) text = domainToASCII(text);
  if (!/^[a-z0-9.-]+$/.test(text) || !text.includes('.')) return null;
  return text;
}

/** Returns the registrable domain (`mail.acme.co.uk` gives `acme.co.uk`), or null. */
export function registrableDomain(value: string): string | null {
  const host = hostOf(value);
  if (host === null) return null;
  return getDomain(host, { allowPrivateDomains: false }) ?? null;
}

/** Top-level domains reserved for examples and tests (RFC 2606), which real exports do not use but fixtures do. */
const RESERVED_TLDS = new Set(['example', 'test', 'invalid', 'localhost']);

/** True when a host ends in a public suffix of the ICANN list or a reserved test domain, not "node.js". */
export function hasPublicSuffix(value: string): boolean {
  const host = hostOf(value);
  if (host === null) return false;
  return parse(host).isIcann === true || RESERVED_TLDS.has(host.split('.').at(-1) ?? '');
}

/** True for free-mail, ISP and privacy-relay domains, which never identify a company. */
export function isFreeMailDomain(domain: string): boolean {
  return freeMailDomains.has(domain.toLowerCase());
}

/** True for a domain many unrelated organisations have addresses on, such as `nhs.net`. */
export function isSharedDomain(domain: string): boolean {
  return sharedDomains.has(domain.toLowerCase());
}

/**
 * True for a registrable domain that does not show which customer wrote: free
 * mail, a privacy relay or a shared sector domain. Two addresses on it are no
 * evidence of one account.
 */
export function identifiesNoCompany(domain: string): boolean {
  return isFreeMailDomain(domain) || isSharedDomain(domain);
}

/** Gmail's domains: the same mailbox on both, whatever dots its local part has. */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * Returns the key that compares a contact address with a sender: the
 * normalised address, and for Gmail without dots in the local part and on
 * `gmail.com`, because Gmail delivers `j.smith@googlemail.com` to
 * `jsmith@gmail.com`.
 */
export function emailMatchKey(email: string): string {
  const normalised = normaliseEmail(email);
  const at = normalised.lastIndexOf('@');
  if (at <= 0 || !GMAIL_DOMAINS.has(normalised.slice(at + 1))) return normalised;
  return `${normalised.slice(0, at).replace(/\./g, '')}@gmail.com`;
}

/**
 * Splits a website cell into its sites: "a.example, b.example" or
 * "a.example; b.example" or one per line. Returns each part, readable or not.
 */
export function splitSites(cell: string): string[] {
  return cell
    .replace(/\p{Cf}/gu, '')
    .split(/[,;\s]+/)
    .filter((part) => part !== '');
}

/** Lower-cases an email address and removes a `+tag` from its local part. */
export function normaliseEmail(email: string): string {
  const text = email.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0) return text;
  const local = text.slice(0, at).replace(/\+.*$/, '');
  return `${local}@${text.slice(at + 1)}`;
}
