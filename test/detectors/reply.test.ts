// extractNewText: reply history, forwards, signatures and disclaimers go,
// the sender's own lines stay.
import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { extractNewText } from '../../src/detectors/index.js';
import { FIXTURES } from '../helpers/paths.js';
import { readAll } from '../parsers/mail/helpers.js';
import { makeMessage } from './message.js';

function newText(text: string): string {
  return extractNewText(makeMessage({ text })).replace(/\s+/g, ' ').trim();
}

const rows: [string, string, string][] = [
  [
    'quoted lines',
    'We need 10 more seats.\n\n> Would you like 40 licences?\n> Claire\n',
    'We need 10 more seats.',
  ],
  [
    'English wrote header',
    'Yes please.\n\nOn Mon, Nov 9, 2026 at 2:32 PM Claire <claire@vendor.example> wrote:\n> Would you like 40 licences?\n',
    'Yes please.',
  ],
  [
    'French wrote header wrapped',
    "D'accord.\n\nLe lun. 9 nov. 2026 à 14:32, Claire Besson <\nclaire@vendor.example> a écrit :\n\nSouhaitez-vous 40 licences ?\n",
    "D'accord.",
  ],
  [
    'original message separator',
    "Voici le devis signé.\n\n-----Message d'origine-----\nDe : Claire\nObjet : Devis\n\n40 licences ?",
    'Voici le devis signé.',
  ],
  [
    'English original message separator',
    'Signed copy attached.\n\n-----Original Message-----\nFrom: Claire\nSubject: Quote\n\n40 licences?',
    'Signed copy attached.',
  ],
  [
    'forwarded message block',
    'See below.\n\n---------- Forwarded message ---------\nFrom: Bob <bob@x.example>\nSubject: seats\n\nWe need 50 more seats.',
    'See below.',
  ],
  [
    'French forwarded block',
    'Pour info.\n\n-------- Message transféré --------\nDe : Claire\nObjet : Offre\n\n10 licences offertes.',
    'Pour info.',
  ],
  [
    'Outlook block with no-break spaces',
    'Merci.\n\nDe\u00a0: Claire <c@vendor.example>\nEnvoyé\u00a0: lundi\nÀ\u00a0: Hugo\nObjet\u00a0: Devis\n\nSouhaitez-vous 40 licences ?',
    'Merci.',
  ],
  [
    'German Outlook block',
    'Danke.\n\nVon: Claire\nGesendet: Montag\nAn: Hugo\nBetreff: Angebot\n\n40 Lizenzen?',
    'Danke.',
  ],
  [
    'underscore rule before Outlook block',
    'Thanks.\n\n________________________________\nFrom: Claire\nSent: Monday\nTo: Mia\nSubject: plan\n\nupgrade 40 users?',
    'Thanks.',
  ],
  [
    'signature delimiter',
    'Nous voulons 10 licences.\n-- \nHugo Marchand\nDirecteur\n+33 1 23 45 67 89',
    'Nous voulons 10 licences.',
  ],
  [
    'closing and signature block',
    'We want 10 more seats.\n\nBest regards,\nAnna Keller\nHead of IT\n+49 30 1234 5678',
    'We want 10 more seats.',
  ],
  [
    'French closing',
    'Nous confirmons la commande.\n\nCordialement,\nNadia Ferreira\nService achats',
    'Nous confirmons la commande.',
  ],
  [
    'English disclaimer',
    'Please send the quote.\n\nThis e-mail and any attachments are confidential and intended solely for the addressee. We will renew.',
    'Please send the quote.',
  ],
  [
    'French disclaimer',
    "Merci pour le devis.\n\nCe message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires.",
    'Merci pour le devis.',
  ],
  [
    'inline replies kept',
    'Answers below.\n\nOn Mon, Nov 9, 2026, Claire wrote:\n> Do you want 40 seats?\nYes, 40 seats.\n> Start date?\nJanuary.',
    'Answers below. Yes, 40 seats. January.',
  ],
  ['On our side is new text', 'On our side, we want 10 more seats.', 'On our side, we want 10 more seats.'],
  // An attribution written without its colon above ">" lines is still cut: the quote is not new text.
  [
    'attribution without colon cut',
    'Thanks Claire, nothing more for now.\n\nOn Mon, Sep 1, 2026 at 10:00 AM, Claire Martin <claire@vendor.example> wrote\n> we would like to add 40 users and need a quote by Friday.\n',
    'Thanks Claire, nothing more for now.',
  ],
  ['Le comité is new text', 'Le comité a validé le devis.', 'Le comité a validé le devis.'],
  [
    'On paragraph above attribution',
    'Hi Claire,\n\nOn behalf of our team, we would like to add 841 users.\n\nOn Mon, 1 Sep 2026 at 10:00, Claire <claire@vendor.example> wrote:\n> Anything else?\n',
    'Hi Claire, On behalf of our team, we would like to add 841 users.',
  ],
  [
    'On paragraph with no blank line',
    'On behalf of our team, we would like to add 855 users.\nOn Mon, 1 Sep 2026 at 10:00, Claire <claire@vendor.example> wrote:\n> Anything else?\n',
    'On behalf of our team, we would like to add 855 users.',
  ],
  [
    'Le paragraph above attribution',
    "Le mois prochain, il nous faudrait 845 licences.\n\nLe lun. 1 sept. 2026 à 10:00, Claire <claire@vendor.example> a écrit :\n> Autre chose ?\n",
    'Le mois prochain, il nous faudrait 845 licences.',
  ],
  [
    'Le paragraph with no blank line',
    "Le 3 septembre, il nous faudrait 846 licences.\nLe lun. 1 sept. 2026 à 10:00, Claire <claire@vendor.example> a écrit :\n> Autre chose ?\n",
    'Le 3 septembre, il nous faudrait 846 licences.',
  ],
  [
    'Le paragraph above wrapped attribution',
    "Le 3 septembre, il nous faudrait 847 licences.\nLe lun. 1 sept. 2026 à 10:00, Claire Besson <\nclaire@vendor.example> a écrit :\n> Autre chose ?\n",
    'Le 3 septembre, il nous faudrait 847 licences.',
  ],
  [
    'hard-wrapped On paragraph',
    'On behalf of our team, we would like to add 848\nusers to our account.\nOn Mon, 1 Sep 2026 at 10:00, Claire <claire@vendor.example> wrote:\n> Anything else?\n',
    'On behalf of our team, we would like to add 848 users to our account.',
  ],
  [
    'attribution wrapped before a surname',
    'Merci.\n\nLe 1 sept. 2026 à 10:00, Jean\nLe Gall <jean@vendor.example> a écrit :\nSouhaitez-vous 40 licences ?\n',
    'Merci.',
  ],
  [
    'German attribution, verb first',
    'Ja.\n\nAm Mo., 9. Nov. 2026 um 14:32 Uhr schrieb Claire <claire@vendor.example>:\nWollen Sie 40 Lizenzen?\n',
    'Ja.',
  ],
  [
    'On line with sent is new text',
    'On our side, the order form was sent to finance.\nWe need 20 more seats.\n\nThanks',
    'On our side, the order form was sent to finance. We need 20 more seats. Thanks',
  ],
  [
    "l'a écrit is new text",
    "Le comité a validé, comme Paul l'a écrit : 20 licences.\nMerci",
    "Le comité a validé, comme Paul l'a écrit : 20 licences. Merci",
  ],
  ['greeting and name kept', 'Hi Claire,\n\nWe need 10 additional licences.\n\nLucas\n', 'Hi Claire, We need 10 additional licences. Lucas'],  [
    'postscript after closing',
    'Thanks for the call.\n\nBest regards,\nMarc Durand\nDurand BTP\n\nP.S. We will need 5 more seats in March.\n',
    'Thanks for the call. P.S. We will need 5 more seats in March.',
  ],
  [
    'French postscript after closing',
    'Merci.\n\nCordialement,\nMarc\n\nP.-S. : il nous faudra aussi 3 licences.\nPour le site de Lyon.',
    'Merci. P.-S. : il nous faudra aussi 3 licences. Pour le site de Lyon.',
  ],
  [
    'postscript after delimiter',
    'Hi Claire.\n-- \nAnna Keller\nHead of IT\nPS: could you send the quote?',
    'Hi Claire. PS: could you send the quote?',
  ],
  [
    'signature after postscript dropped',
    'Hi.\n\nBest,\nMarc\n\nPPS - send the quote please.\n\n--\nMarc Durand\nProcurement department',
    'Hi. PPS - send the quote please.',
  ],
  [
    'quoted postscript dropped',
    'Thanks.\n\nBest,\nMarc\n\nOn Mon, Nov 9, 2026 at 2:32 PM Claire <claire@vendor.example> wrote:\n> P.S. Would you like 40 seats?\n',
    'Thanks.',
  ],
  [
    'company named PS is no postscript',
    'Thanks.\n\nBest regards,\nMarc\nPS Consulting Ltd\nPSD2: regulated payment institution',
    'Thanks.',
  ],
];

describe('extractNewText', () => {
  test.each(rows)('%s', (_name, text, expected) => {
    expect(newText(text)).toBe(expected);
  });

  test('CRLF line endings', () => {
    expect(newText('We need 5 seats.\r\n\r\n> old text\r\n')).toBe('We need 5 seats.');
  });

  test('empty text', () => {
    expect(newText('')).toBe('');
  });
});

describe('long messages', () => {
  test('lines after the first 1000 are kept', () => {
    const text = `${'Status line.\n'.repeat(1200)}We need 10 more seats.\n`;
    expect(extractNewText(makeMessage({ text }))).toContain('We need 10 more seats.');
  });

  test('history after 1000 lines is cut', () => {
    const text = `${'Status line.\n'.repeat(1200)}On Mon, Nov 9, 2026, Claire wrote:\n> 40 licences?\n`;
    expect(extractNewText(makeMessage({ text }))).not.toContain('40 licences');
  });
});

describe('paragraphs above an attribution', () => {
  test('each reply keeps its request', async () => {
    const run = await readAll({ kind: 'mbox', path: path.join(FIXTURES, 'reply-attribution', 'reply-attribution.mbox') });
    const numbers = run.messages.map((message) => message.subject.replace('Re: Subject ', ''));
    expect(numbers).toEqual(['851', '855', '856', '841', '845', '846']);
    for (const message of run.messages) {
      const number = message.subject.replace('Re: Subject ', '');
      const text = extractNewText(message);
      expect(text).toMatch(new RegExp(`\\b${number} (?:users|licences)`));
      expect(text).not.toMatch(/wrote|a écrit|Autre chose|anything else/i);
    }
  });
});
