// Domain identity: registrable domains from the Public Suffix List (tldts) and
// free-mail providers from the email-providers list. Comparisons are label-wise
// on registrable domains, never substring matches.
import { createRequire } from 'node:module';
import { domainToASCII } from 'node:url';
import { getDomain, parse } from 'tldts';

const require = createRequire(import.meta.url);
const freeMailDomains = new Set<string>(require('email-providers/all.json') as string[]);

/** Returns the host of a URL, bare host or email address: lower-cased, without `www.`, port or path. */
export function hostOf(value: string): string | null {
  // Angle brackets and `mailto:` come from addresses pasted into CRM cells.
  let text = value
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

/** True for free-mail and ISP domains, which never identify a company. */
export function isFreeMailDomain(domain: string): boolean {
  return freeMailDomains.has(domain.toLowerCase());
}

/** Lower-cases an email address and removes a `+tag` from its local part. */
export function normaliseEmail(email: string): string {
  const text = email.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0) return text;
  const local = text.slice(0, at).replace(/\+.*$/, '');
  return `${local}@${text.slice(at + 1)}`;
}
