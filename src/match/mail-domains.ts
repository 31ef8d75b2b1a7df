// Domains added to the email-providers list (npm), which misses some European
// providers, the ISPs' mail domains and the privacy relays. Each entry was
// checked absent from email-providers 2.26; an entry that a later version adds
// is harmless. Registrable domains only, lower case.

/** Free-mail and ISP mail domains: an address there is a person, not a company. */
export const EXTRA_FREE_MAIL_DOMAINS: readonly string[] = [
  // Privacy-minded mail providers
  'posteo.de', 'posteo.net', 'posteo.at', 'posteo.ch', 'posteo.eu', 'posteo.org',
  'tuta.io', 'tuta.com', 'tutamail.com', 'tutanota.com', 'tutanota.de', 'keemail.me',
  'fastmail.com', 'startmail.com', 'disroot.org', 'riseup.net', 'kolabnow.com',
  'zohomail.com', 'zohomail.eu',
  // European ISPs and portals
  'xs4all.nl', 'ziggo.nl', 'gmx.ch', 'proximus.be', 'scarlet.be', 'vodafone.de',
  'a1.net', 'telefonica.net', 'movistar.es', 'sunrise.ch', 'bbox.fr',
];

/** Relays that hide a person's address behind a random one: never a company. */
export const MAIL_RELAY_DOMAINS: readonly string[] = [
  'duck.com', // DuckDuckGo Email Protection
  'mozmail.com', // Firefox Relay
  'simplelogin.com', 'simplelogin.co', 'simplelogin.fr', 'slmail.me', 'aleeas.com',
  'passmail.net', 'passmail.com', 'passinbox.com', // Proton Pass
  'anonaddy.me', 'anonaddy.com', 'addy.io',
];

/**
 * Sector domains where many separate organisations have addresses: two NHS
 * trusts on nhs.net are different customers. Registrable domains only, so a
 * public suffix such as vic.gov.au, whose subdomains already differ, is not here.
 */
export const SHARED_DOMAINS: readonly string[] = [
  'nhs.net', // NHS England and Wales: every trust, practice and body
  'nhs.scot', // NHS Scotland boards
  'hscni.net', // Health and Social Care Northern Ireland trusts
  'nsw.gov.au', // New South Wales government agencies and health districts
  'gouv.qc.ca', // Quebec government bodies
  'gov.bc.ca', // British Columbia government ministries
  'bund.de', // German federal authorities
  'admin.ch', // Swiss federal offices
  'europa.eu', // EU institutions and agencies
  'mail.mil', // US Department of Defense components
  'gencat.cat', // Catalan government departments
  'gva.es', // Valencian regional government and schools
  'madrid.org', // Madrid regional government, hospitals and schools
];

/**
 * Sites where a CRM website cell points at a company's profile page
 * (linkedin.com/company/foo-bakery), not at the company's own domain: such a
 * cell tells nothing about the customer's mail domain.
 */
export const PROFILE_HOSTS: readonly string[] = [
  'linkedin.com', 'facebook.com', 'instagram.com', 'twitter.com', 'x.com', 'xing.com',
  'youtube.com', 'tiktok.com', 'pinterest.com', 'google.com', 'yelp.com',
];
