// classifyMessage: automated-mail headers first, then subject and opening text.
import { describe, expect, test } from 'vitest';
import { classifyMessage, detectSignals, loadRuleSet } from '../../src/detectors/index.js';
import { readMailSource } from '../../src/parsers/mail-sources.js';
import type { MessageKind } from '../../src/types.js';
import { corpusPath } from '../helpers/paths.js';
import { makeMessage, type MessageFields } from './message.js';

const rows: [string, MessageFields, MessageKind][] = [
  ['plain reply', { subject: 'Re: seats', text: 'We need 5 seats.' }, 'human'],
  ['Auto-Submitted auto-replied', { text: 'Hi', headers: { 'auto-submitted': 'auto-replied' } }, 'auto-reply'],
  ['Auto-Submitted auto-generated', { text: 'Hi', headers: { 'auto-submitted': 'auto-generated' } }, 'auto-reply'],
  ['Auto-Submitted with parameters', { text: 'Hi', headers: { 'auto-submitted': 'auto-replied; owner-email="a@b.example"' } }, 'auto-reply'],
  ['Auto-Submitted no', { text: 'Hi', headers: { 'auto-submitted': 'no' } }, 'human'],
  ['Auto-Submitted No with spaces', { text: 'Hi', headers: { 'auto-submitted': ' No ' } }, 'human'],
  ['X-Autoreply', { text: 'Hi', headers: { 'x-autoreply': 'yes' } }, 'auto-reply'],
  ['X-Autorespond', { text: 'Hi', headers: { 'x-autorespond': 'vacation' } }, 'auto-reply'],
  ['Precedence bulk', { text: 'Hi', headers: { precedence: 'bulk' } }, 'bulk'],
  ['Precedence junk', { text: 'Hi', headers: { precedence: 'junk' } }, 'bulk'],
  ['Precedence list alone', { text: 'Hi', headers: { precedence: 'list' } }, 'human'],
  ['list post with list footer', { subject: '[Users] Planning to buy', text: 'We plan to buy two units.\n\n_______________________________________________\nUsers mailing list -- users@lists.vendor.example\nTo unsubscribe send an email to users-leave@lists.vendor.example', headers: { precedence: 'list', 'list-id': '<users.lists.vendor.example>', 'list-post': '<mailto:users@lists.vendor.example>', 'list-unsubscribe': '<mailto:users-leave@lists.vendor.example>' } }, 'human'],
  ['list post with campaign header', { text: 'Big sale', headers: { precedence: 'list', 'list-post': '<mailto:users@lists.vendor.example>', 'feedback-id': '1:2:3' } }, 'bulk'],
  ['list without posting address', { subject: 'News', text: 'Read more', headers: { precedence: 'list', 'list-post': 'NO', 'list-unsubscribe': '<mailto:u@x.example>' } }, 'bulk'],
  ['list post with marketing footer', { text: 'Deals inside. You are receiving this email because you subscribed.', headers: { 'list-post': '<mailto:users@lists.vendor.example>' } }, 'bulk'],
  ['Feedback-ID', { text: 'Hi', headers: { 'feedback-id': '1:2:3' } }, 'bulk'],
  ['no-reply sender', { from: 'no-reply@saas.example', text: 'Your invoice' }, 'bulk'],
  ['List-Unsubscribe on a reply', { subject: 'Re: Devis', text: 'Ok', inReplyTo: 'x@vendor.example', headers: { 'list-unsubscribe': '<mailto:u@x.example>' } }, 'human'],
  ['List-Id alone', { subject: 'Commande', text: 'Ok', headers: { 'list-id': 'achats <achats.x.example>' } }, 'human'],
  ['List-Unsubscribe on a fresh message', { subject: 'News', text: 'Read more', headers: { 'list-unsubscribe': '<mailto:u@x.example>' } }, 'bulk'],
  ['subject Automatic reply', { subject: 'Automatic reply: Seats', text: 'Thanks' }, 'auto-reply'],
  ['subject Réponse automatique', { subject: 'Réponse automatique : Contrat', text: 'Merci' }, 'auto-reply'],
  ['subject Absence', { subject: 'Absence : Devis', text: 'Merci' }, 'auto-reply'],
  ['subject Out of Office', { subject: 'Out of Office: plan', text: 'Thanks' }, 'auto-reply'],
  ['subject about an absence', { subject: 'Absence de Paul lundi', text: 'Paul sera absent.' }, 'human'],
  ["subject Message d'absence", { subject: "Message d'absence", text: 'Nous traiterons votre message à notre retour.' }, 'auto-reply'],
  ['subject Out of office notice', { subject: 'Out of office notice', text: 'Thanks' }, 'auto-reply'],
  ['subject about an absence message', { subject: "Message d'absence à corriger", text: 'Le texte contient une faute.' }, 'human'],
  ['English out-of-office text', { subject: 'Re: seats', text: "I'm out of the office until Monday." }, 'auto-reply'],
  ['French out-of-office text', { subject: 'Re: devis', text: 'Je suis absente jusqu’au 20 novembre.' }, 'auto-reply'],
  ['person mentioning a holiday', { subject: 'Re: seats', text: "I'm on vacation next week, so please send the quote for 12 seats today." }, 'human'],
  ['personne en congés la semaine prochaine', { subject: 'Re: devis', text: 'Je serai en congés la semaine prochaine, merci de m’envoyer le devis aujourd’hui.' }, 'human'],
  ['out-of-office with another contact', { subject: 'Re: x', text: 'I am currently out of the office. For urgent matters please contact Tom.' }, 'auto-reply'],
  ['suppress header with absence wording', { subject: 'Re: x', text: 'Away until the 3rd.', headers: { 'x-auto-response-suppress': 'All' } }, 'auto-reply'],
  ['suppress header alone', { subject: 'Re: x', text: 'We need 5 seats.', headers: { 'x-auto-response-suppress': 'All' } }, 'human'],
  ['Gmail Sent label', { text: 'Hi', gmailLabels: ['Sent', 'Important'] }, 'sent'],
  ['alerts sender', { from: 'alerts@equityalert.example', text: 'Shares of ACME rose 4%.' }, 'bulk'],
  ['newsletter local part', { from: 'daily_news_html.um.a.1.3871@lists.money.example', text: 'Top stories' }, 'bulk'],
  ['reply subdomain', { from: 'media_grok@reply.standard.example', text: 'This week in tech' }, 'bulk'],
  ['removal footer', { from: 'tom@deals.example', text: 'Great fares. To be removed from this list, reply STOP.' }, 'bulk'],
  ['receiving-this footer', { from: 'tom@air.example', text: 'You are receiving this e-mail because you joined.' }, 'bulk'],
  ['French newsletter footer', { from: 'lettre@vin-hebdo.example', subject: 'Vin Hebdo n°412', text: 'Notre comparatif de huit logiciels. Demandez une démo à chaque éditeur.\n\nVous recevez cette lettre car vous êtes abonné(e) à Vin Hebdo.' }, 'bulk'],
  ['customer citing a letter it received', { from: 'anne@cave-durand.example', subject: 'Votre courrier', text: 'Bonjour, nous avons bien reçu votre lettre sur les nouveaux tarifs. Pouvez-vous nous envoyer un devis pour 3 postes ?' }, 'human'],
  ['info sender with click here', { from: 'info@standard.example', text: 'Click here for the report.' }, 'bulk'],
  ['info sender alone', { from: 'info@bakery.example', text: 'Please send a quote for 7 licences.' }, 'human'],
  ['footer only in quoted history', { subject: 'Re: offer', inReplyTo: 'x@vendor.example', text: 'We want the Enterprise plan.\n\nOn Mon, 2 Nov 2026, Claire wrote:\n> To unsubscribe from this list, click here.' }, 'human'],
  ['Gmail Chat label', { text: 'Hi', gmailLabels: ['Chat'] }, 'chat'],
  // Mail the user threw away or the server filtered still sits in exports.
  ['Thunderbird deleted', { text: 'We need 15 more seats.', headers: { 'x-mozilla-status': '0009' } }, 'deleted'],
  ['Thunderbird read only', { text: 'We need 15 more seats.', headers: { 'x-mozilla-status': '0001' } }, 'human'],
  ['Maildir trashed flag', { text: 'We need 15 more seats.', file: 'Mail/cur/1757000005.M5P1.host:2,ST' }, 'deleted'],
  ['Maildir new/ trashed flag', { text: 'We need 15 more seats.', file: 'Mail/new/1757000005.M5P1.host:2,T' }, 'deleted'],
  ['Maildir seen flag', { text: 'We need 15 more seats.', file: 'Mail/cur/1757000005.M5P1.host:2,RS' }, 'human'],
  ['Maildir keyword t, not a flag', { text: 'We need 15 more seats.', file: 'Mail/cur/1757000005.M5P1.host:2,St' }, 'human'],
  ['T flag outside cur or new', { text: 'We need 15 more seats.', file: 'Mail/archive/1757000005.M5P1.host:2,T' }, 'human'],
  ['spam flag', { text: 'Claim your prize: upgrade now', headers: { 'x-spam-flag': 'YES' } }, 'spam'],
  ['spam flag no', { text: 'We need 15 more seats.', headers: { 'x-spam-flag': 'NO' } }, 'human'],
  ['spam status', { text: 'Claim your prize', headers: { 'x-spam-status': 'Yes, score=12.3 required=5.0' } }, 'spam'],
  ['Gmail Spam label', { text: 'Hi', gmailLabels: ['Spam', 'Opened'] }, 'spam'],
  ['Gmail Trash label', { text: 'Hi', gmailLabels: ['Trash'] }, 'deleted'],
  ['Gmail Corbeille label', { text: 'Bonjour', gmailLabels: ['Corbeille'] }, 'deleted'],
  ['Gmail Promotions category', { text: 'Sale', gmailLabels: ['Opened', 'Category Promotions'] }, 'bulk'],
  // Newsletters and promotions of the early 2000s carry no bulk header at all.
  ['subscription notice at the top', { from: 'memberservices@travel.example', subject: 'Fare watcher update', text: '* CHANGE OR CANCEL MY SUBSCRIPTION TO FAREWATCHER EMAIL?\n\nFares to Paris fell to $420.' }, 'bulk'],
  ['continue-receiving footer', { from: 'jane@reports.example', subject: 'Online update', text: 'Resubscribe now and get one year for $19. If you do not wish to continue receiving updates from us, reply.' }, 'bulk'],
  ['remove-reply footer', { from: 'city@finder.example', subject: 'City guide', text: 'Buy some tickets! To stop these mails, reply to this message with "remove" in the subject.' }, 'bulk'],
  ['shared sender with subscription wording', { from: 'moneyadm2@timeinc.example', subject: 'Sivy on Stocks: Parts for planes', text: 'Sign up for a FREE trial issue of our magazine.' }, 'bulk'],
  ['shared sender with promotional subject', { from: 'partners@stakes.example', subject: '50% Hotel Discount Notice #7734228', text: 'Your new 50% Hotel Discount Card is ready to be downloaded!' }, 'bulk'],
  ['subscription options with links', { from: 'today@clicks.example', subject: 'The week ahead', text: `For subscription options, see the bottom of this mailing.\n${'http://clicks.example/article\n'.repeat(8)}` }, 'bulk'],
  ['many links alone', { from: 'tom@fool.example', subject: 'Roundtable', text: 'http://fool.example/a\n'.repeat(16) }, 'bulk'],
  ['broker statement', { from: 'globalfin@home.example', subject: 'trades for Mon 6/4', text: 'If anyone feels they receive these in error please reply to have you removed from the list.\nFUTURES TRADING INVOLVES A SUBSTANTIAL RISK OF LOSS.\nIF THE MARKET MOVES AGAINST YOUR POSITION, YOU MAY BE CALLED UPON.\nPAST RESULTS ARE NOT NECESSARILY INDICATIVE OF FUTURE RESULTS.' }, 'bulk'],
  ['free trial with risk disclaimer', { from: 'mnelson@price.example', subject: 'FREE TRIAL - Live signals', text: 'See live signals. Past performance is not indicative of future results.' }, 'bulk'],
  ['customer cancelling from info sender', { from: 'info@bakery.example', subject: 'Our subscription', text: 'We want to cancel our subscription to the Pro plan at the end of the month.' }, 'human'],
  ['customer asking about a free trial', { subject: 'Free trial for our team?', text: 'Could we get a free trial for 12 users before we buy?' }, 'human'],
  ['customer signature with links', { subject: 'Quote for 40 seats', text: 'Please send a quote for 40 seats.\n\nAnna Keller\nhttps://northwind.example\nhttps://northwind.example/contact\nwww.northwind.example/blog' }, 'human'],
  ['customer subject on a deal', { subject: 'Negotiated rate deals for 2002', text: 'We would like to renew the transport contract at the negotiated rate.' }, 'human'],
  ['list post quoting a digest', { subject: 'Re: [Users] Overrun on USB', inReplyTo: 'x@lists.vendor.example', text: 'Thanks, does anyone know a way in C++?\n\nSend Users mailing list submissions to\n users@lists.vendor.example\nTo subscribe or unsubscribe via the World Wide Web, visit http://lists.vendor.example/listinfo', headers: { 'list-post': '<mailto:users@lists.vendor.example>' } }, 'human'],
];

describe('classifyMessage', () => {
  test.each(rows)('%s', (_name, fields, kind) => {
    expect(classifyMessage(makeMessage(fields)).kind).toBe(kind);
  });

  test('reason names the weak cues together', () => {
    const message = makeMessage({ from: 'info@standard.example', text: 'Click here for the report.' });
    expect(classifyMessage(message).reason).toBe('shared sender info@standard.example and "click here" in the text');
  });

  test('info sender in HTML alone is human', () => {
    const message = { ...makeMessage({ from: 'info@bakery.example', subject: 'Devis', text: 'Could you send us a quote for 12 seats?' }), textSource: 'html' as const };
    expect(classifyMessage(message).kind).toBe('human');
  });

  test('info sender in HTML with content cue is bulk', () => {
    const message = { ...makeMessage({ from: 'info@standard.example', subject: 'Our news', text: 'Read the report. Click here.' }), textSource: 'html' as const };
    expect(classifyMessage(message).kind).toBe('bulk');
  });

  test('reason names one strong cue alone', () => {
    const message = makeMessage({ from: 'partners@stakes.example', subject: 'News', text: 'To unsubscribe, click here.' });
    expect(classifyMessage(message).reason).toBe('mass-mail footer "to unsubscribe"');
  });

  test('sender as only recipient adds a cue', () => {
    const fields = { from: 'aschram@courses.example', subject: 'Quick Look class: FREE textbook', text: 'Seats are still available in the October class.' };
    const broadcast = { ...makeMessage(fields), to: [{ address: 'aschram@courses.example', name: '' }] };
    expect(classifyMessage(makeMessage(fields)).kind).toBe('human');
    expect(classifyMessage(broadcast).kind).toBe('bulk');
  });

  test('mass recipients alone stay human', () => {
    const to = Array.from({ length: 29 }, (_, index) => ({ address: `trader${index}@enron.example`, name: '' }));
    const memo = { ...makeMessage({ subject: 'New FERC Policy on Negotiated Rate Deals', text: 'FERC issued its policy today.' }), to };
    expect(classifyMessage(memo).kind).toBe('human');
  });

  test('reason names the header', () => {
    const message = makeMessage({ text: 'Hi', headers: { 'auto-submitted': 'auto-replied' } });
    expect(classifyMessage(message).reason).toBe('Auto-Submitted: auto-replied');
  });
});

describe('discussion list corpus', () => {
  test('buy-license posts stay human', async () => {
    const file = corpusPath('mbox', 'usrp-users-list_buy-license-threads.mboxrd.mbox');
    const { messages } = readMailSource({ kind: 'mbox', path: file }, []);
    const kinds: string[] = [];
    for await (const message of messages) kinds.push(classifyMessage(message).kind);
    expect(kinds.length).toBe(13);
    expect(kinds.filter((kind) => kind !== 'human')).toEqual([]);
  });

  test('planning to buy is new-business', async () => {
    const file = corpusPath('mbox', 'usrp-users-list_buy-license-threads.mboxrd.mbox');
    const { messages } = readMailSource({ kind: 'mbox', path: file }, []);
    const rules = loadRuleSet();
    const categories = new Set<string>();
    for await (const message of messages) {
      if (message.subject !== '[USRP-users] Planning to buy USRP') continue;
      for (const hit of detectSignals(message, rules)) categories.add(hit.category);
    }
    expect([...categories]).toEqual(['new-business']);
  });
});
