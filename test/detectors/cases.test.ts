// Signal expectations of the bug-report cases, with each message's subject
// and body text copied from the case input (after mbox unescaping).
import { describe, expect, test } from 'vitest';
import { classifyMessage, detectSignals, extractNewText, loadRuleSet } from '../../src/detectors/index.js';
import type { Category, SignalHit } from '../../src/types.js';
import { makeMessage, type MessageFields } from './message.js';

const rules = loadRuleSet();

function categories(hits: SignalHit[]): Category[] {
  return [...new Set(hits.map((hit) => hit.category))].sort();
}

function quantities(hits: SignalHit[], category: Category): (number | null)[] {
  return [...new Set(hits.filter((hit) => hit.category === category).map((hit) => hit.quantity))];
}

interface SignalRow {
  name: string;
  message: MessageFields;
  expected: Category[];
  /** Quantity the expansion hit must carry, when the case gives one. */
  quantity?: number;
}

const signalRows: SignalRow[] = [
  {
    name: '001 inbox message 1',
    message: { subject: 'Planning call', text: 'Hi Claire,\n\nCan we move our call to Thursday?\n\nAnna\n' },
    expected: [],
  },
  {
    name: '001 inbox message 2',
    message: {
      subject: 'Seats for 2027',
      text: 'Hi Claire,\n\nQuick update after our budget meeting.\n\nFrom January we want to add 25 more seats to our subscription.\nFrom what I understand the price per seat stays the same, right?\n\nThanks,\nAnna\n',
    },
    expected: ['expansion'],
    quantity: 25,
  },
  {
    name: '001 inbox message 3',
    message: { subject: 'Invoice address', text: 'Hello,\n\nPlease send the invoices to our Lyon office.\n\nTom\n' },
    expected: [],
  },
  {
    name: '001 bare separators message 1',
    message: {
      from: 'pauline.roux@lumiere-events.example',
      subject: 'Salon 2027',
      text: 'Bonjour Claire,\npourriez-vous nous envoyer un devis pour 12 licences supplémentaires ?\nPauline\n',
    },
    expected: ['closing', 'expansion'],
    quantity: 12,
  },
  {
    name: '001 bare separators message 2',
    message: { from: 'pauline.roux@lumiere-events.example', subject: 'Re: Salon 2027', text: 'Merci, bien reçu.\n' },
    expected: [],
  },
  {
    name: '002 escaped From line',
    message: {
      from: 'lucas.girard@durand-btp.example',
      subject: 'Re: Licences',
      text: 'Hi Claire,\n\nFrom next month on we need 10 additional licences for the Nantes site.\n\nLucas\n\nOn Tue, Nov 10, 2026 at 4:10 PM Claire Besson <claire.besson@vendor.example> wrote:\n>From the Lyon side, do you still need the 50 licences I quoted?\n> I can send the updated order form today.\n',
    },
    expected: ['expansion'],
    quantity: 10,
  },
  {
    name: '004 encoded subject',
    message: { subject: 'Renouvellement 2027 : 30 licences supplémentaires', text: 'Bonjour,\n\nVoir objet.\n\nFrançoise\n' },
    expected: ['closing', 'expansion'],
    quantity: 30,
  },
  {
    name: '005 message 1',
    message: { subject: 'Licences', text: 'Nous voulons passer à 40 licences supplémentaires en janvier.' },
    expected: ['expansion'],
    quantity: 40,
  },
  {
    name: '005 message 2',
    message: { subject: 'Devis', text: 'Suite à l’appel, merci de nous envoyer le devis pour l’extension.' },
    expected: ['closing', 'expansion'],
  },
  {
    name: '005 message 3',
    message: { subject: 'Budget', text: 'Budget validé : 12 500 € HT pour l’extension.' },
    expected: ['closing', 'expansion'],
  },
  {
    name: '006 HTML-only body',
    message: { from: 'paul.girard@acme.example', subject: 'Licences', text: 'We would like a quote for 50 additional user licences.' },
    expected: ['closing', 'expansion'],
    quantity: 50,
  },
  {
    name: '006 blank plain part',
    message: { subject: 'Offre', text: 'Nous souhaitons passer à l’offre Entreprise pour 20 utilisateurs.' },
    expected: ['expansion', 'upgrade'],
    quantity: 20,
  },
  {
    name: '008 message b',
    message: { from: 'mathis.leroy@globex.example', subject: 'Point b', text: 'Nous voulons ajouter 6 licences.\n' },
    expected: ['expansion'],
    quantity: 6,
  },
];

describe('case signals', () => {
  test.each(signalRows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const hits = detectSignals(makeMessage(row.message), rules);
    expect(categories(hits)).toEqual(row.expected);
    if (row.quantity !== undefined) expect(quantities(hits, 'expansion')).toContain(row.quantity);
  });
});

const frenchOutlookReply = [
  'Merci, nous revenons vers vous en janvier.',
  '',
  'Hugo',
  '',
  'De\u00a0: Claire Besson <claire.besson@vendor.example>',
  'Envoyé\u00a0: lundi 9 novembre 2026 14:32',
  'À\u00a0: Hugo Marchand <hugo.marchand@durand-btp.example>',
  'Objet\u00a0: Proposition',
  '',
  'Bonjour Hugo,',
  '',
  'Souhaitez-vous ajouter 40 licences avant le renouvellement ?',
  '',
  'Claire',
  '',
].join('\n');

const englishOutlookReply = [
  'Thanks, no changes on our side for now.',
  '',
  'Mia',
  'From: Claire Besson <claire.besson@vendor.example>',
  'Sent: Monday, November 9, 2026 2:32 PM',
  'To: Mia Schulz <mia.schulz@northwind.example>',
  'Subject: Enterprise plan',
  '',
  'Hi Mia,',
  '',
  'Would you like to upgrade 40 users to the Enterprise plan before the renewal?',
  '',
  'Claire',
  '',
].join('\n');

describe('case 017 Outlook history', () => {
  const french = makeMessage({ from: 'hugo.marchand@durand-btp.example', subject: 'RE: Proposition', text: frenchOutlookReply });
  const english = makeMessage({ from: 'mia.schulz@northwind.example', subject: 'RE: Enterprise plan', text: englishOutlookReply });

  test('French block stripped', () => {
    expect(extractNewText(french).replace(/\s+/g, ' ')).toBe('Merci, nous revenons vers vous en janvier. Hugo');
  });

  test('English block stripped', () => {
    expect(extractNewText(english).replace(/\s+/g, ' ')).toBe('Thanks, no changes on our side for now. Mia');
  });

  test('French reply has no signal', () => {
    expect(detectSignals(french, rules)).toEqual([]);
  });

  test('English reply has no signal', () => {
    expect(detectSignals(english, rules)).toEqual([]);
  });
});

describe('case 018 automated mail', () => {
  const outOfOffice = makeMessage({
    from: 'julie.moreau@creche-etoile.example',
    subject: 'Réponse automatique : Renouvellement contrat 2027',
    headers: { 'auto-submitted': 'auto-generated', 'x-auto-response-suppress': 'All' },
    text: "Je suis absente jusqu'au 20 novembre.\nPour le renouvellement ou l'ajout de licences, écrivez à direction@creche-etoile.example.\n",
  });
  const vacation = makeMessage({
    subject: 'Re: Seats for 2027',
    headers: { 'auto-submitted': 'auto-replied' },
    text: 'I am on vacation until Nov 23. For the 25 extra seats please contact Tom.\n',
  });
  const groupReply = makeMessage({
    from: 'achats@globex.example',
    subject: 'Re: Devis postes supplémentaires',
    inReplyTo: '018x@vendor.example',
    headers: {
      'list-id': 'Achats Globex <achats.globex.example>',
      'list-unsubscribe': '<mailto:achats+unsubscribe@globex.example>',
      'auto-submitted': 'no',
    },
    text: 'Bonjour Claire,\n\nNous confirmons la commande de 15 postes supplémentaires.\n\nNadia Ferreira, pour le service achats\n',
  });
  const newsletter = makeMessage({
    from: 'news@saas-digest.example',
    subject: 'Upgrade now: 20% off extra seats',
    headers: { precedence: 'bulk', 'feedback-id': '4821:campaign-77:saas-digest' },
    text: 'Add more seats to your plan this month and save 20%.\n',
  });

  test('Exchange out-of-office is auto-reply', () => {
    expect(classifyMessage(outOfOffice).kind).toBe('auto-reply');
  });

  test('Gmail vacation reply is auto-reply', () => {
    expect(classifyMessage(vacation).kind).toBe('auto-reply');
  });

  test('group-address reply is human', () => {
    expect(classifyMessage(groupReply).kind).toBe('human');
  });

  test('newsletter is bulk', () => {
    expect(classifyMessage(newsletter).kind).toBe('bulk');
  });

  test('group reply signal categories', () => {
    expect(categories(detectSignals(groupReply, rules))).toEqual(['closing', 'expansion']);
  });

  test('group reply quantity', () => {
    expect(quantities(detectSignals(groupReply, rules), 'expansion')).toEqual([15]);
  });
});

const negationRows: [string, Category[], number | null][] = [
  ['We are not planning to add any users this year.', [], null],
  ["Sure, we'll add 15 seats in January, no problem.", ['expansion'], 15],
  ["Nous n'envisageons pas d'ajouter des licences pour le moment.", [], null],
  ['Pas de souci : nous passons à 25 licences au 1er janvier.', ['expansion'], 25],
  ["We don't need the Enterprise plan, but we do want 10 more seats on Pro.", ['expansion'], 10],
  ["Aucune extension du contrat n'est prévue en 2027.", [], null],
];

describe('case 022 negation scope', () => {
  test.each(negationRows)('%s', (text, expected, quantity) => {
    const hits = detectSignals(makeMessage({ subject: '', text }), rules);
    expect(categories(hits)).toEqual(expected);
    if (quantity !== null) expect(quantities(hits, 'expansion')).toEqual([quantity]);
  });
});
