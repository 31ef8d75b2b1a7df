// The customer's company as its signature names it ("Joe Bloggs / Procurement
// Manager / Pyramid Construction Inc."), a name the CRM can be matched on when
// the sender writes from free mail or a domain unlike the company name.
import { endsWithLegalForm } from '../match/names.js';
import { linesAboveHistory } from './reply.js';

/** Lines read above the quoted history, from the bottom: a signature is short. */
const SIGNATURE_LINES = 12;

/** Maximum length of a signature line read, so a sentence of the body is not taken for a name. */
const MAX_LINE_CHARS = 80;

// Separators inside one signature line: "Joe Bloggs | Pyramid Construction Inc.",
// "Joe Bloggs, Pyramid Construction Inc.".
const SEGMENT_SEPARATOR = /\s+[|·•–—-]\s+|\s*\|\s*|,\s+/;
const BAR_SEPARATOR = /\s+[|·•–—-]\s+|\s*\|\s*/;

// "Sent from my iPhone", "Envoyé de mon iPhone", "Sent from Outlook for Android".
const MOBILE_FOOTER = /^(?:sent from|envoy[ée] de(?:puis)?|gesendet von) (?:my|mon|mein|outlook|yahoo|mail)\b/i;

// Footer lines that name a company without being its signature: registration and
// address notices, and former or parent companies.
const FOOTER_LINE =
  /\b(?:registered|registration|company (?:no|number)|office|siège|capital|rcs|siret|vat|tva|formerly|anciennement|part of|partner of|member of|subsidiary|filiale)\b/i;

// Lower-case words a company name may contain: "Bank of Ireland plc", "Caisse de Crédit SA".
const NAME_CONNECTORS = new Set(['&', 'and', 'of', 'the', 'for', 'de', 'du', 'des', 'la', 'le', 'et', 'en', 'und', 'von']);

/** Tells whether every word before the legal form is capitalised, a digit group or a connector. */
function isCapitalised(candidate: string): boolean {
  return candidate.split(/\s+/).slice(0, -1).every((word) => /^[\p{Lu}\p{N}]/u.test(word) || NAME_CONNECTORS.has(word.toLowerCase()));
}

/** Returns the company named by a legal form in the signature of the message's own text, or null. */
export function findSignatureCompany(text: string): string | null {
  const above = linesAboveHistory(text).map((line) => line.trim());
  // A phone's footer ends the sender's text: lines below it come from the message replied to.
  const footer = above.findIndex((line) => MOBILE_FOOTER.test(line));
  const own = (footer === -1 ? above : above.slice(0, footer)).filter((line) => line !== '');
  for (const line of own.slice(-SIGNATURE_LINES)) {
    if (line.length > MAX_LINE_CHARS || FOOTER_LINE.test(line)) continue;
    // A comma splits "Joe Bloggs, Pyramid Construction Inc." but not an address ("Unit 4, Acme Park Ltd").
    const separator = /\d/.test(line) ? BAR_SEPARATOR : SEGMENT_SEPARATOR;
    for (const segment of line.split(separator)) {
      const candidate = segment.trim();
      // A number standing alone marks an address ("Unit 4, Acme Park Ltd"), not a name ("3M Company" stays).
      if (/\b\d+\b/.test(candidate)) continue;
      if (/^\p{Lu}/u.test(candidate) && isCapitalised(candidate) && endsWithLegalForm(candidate)) return candidate;
    }
  }
  return null;
}
