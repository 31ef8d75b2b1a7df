// A supplier selling to the mailbox owner writes buying words too ("add 10
// more agents", "updated quote"), so a message with a supplier offer fires nothing.
import { describe, expect, test } from 'vitest';
import { detectSignals, explainText, loadRuleSet } from '../../src/detectors/index.js';
import { makeMessage } from './message.js';

const rules = loadRuleSet();

const offers: [string, string][] = [
  [
    'percentage off an invoice',
    'As a CloudDesk customer since 2024, Vendor qualifies for our autumn offer: if you add 10 more agents or move to our Enterprise tier before 30 November, we will take 20% off your next annual invoice.\n\nReply to this message and your account manager will send you an updated quote.',
  ],
  ['discount on extra licences', 'If you add more users before 30 September I can give you 30% off the extra licences.'],
  ['remise sur réservation', 'Pour toute réservation avant le 28 février, nous vous accordons 15 % de remise sur le stand.'],
  // A seller's time-limited promotion on its own seats and plans.
  ['percentage off the first year', 'Move to Fleetly Plus before the end of the month and get 15% off your first year, with three more drivers included.'],
  ['upgrade offered by the seller', 'Until 30 June we can add five more users and upgrade you to the Business plan for the price you pay today.'],
  ['conditional upgrade with seats', 'If you upgrade your workspace before 1 May, we will add ten extra seats at no charge.'],
  ['rest of the term', 'You can add up to 8 more seats at 10% off for the rest of your contract term.'],
  ['licences offertes', 'Passez à la formule Équipe avant le 15 : deux licences supplémentaires offertes pour votre équipe.'],
  ['remise à nos clients', 'Jusqu\'au 30 avril, nous offrons à nos clients 15 % de remise sur tout poste supplémentaire.'],
  ['pourcentage sur vos utilisateurs', 'Élodie, -20 % sur vos utilisateurs supplémentaires ce mois-ci'],
  ['remise la première année', 'Passez au module Stock avant vendredi : 25 % de remise la première année.'],
];

const customers: [string, string][] = [
  ['request for a discount', 'We would like to add 10 more agents. Could you take 20% off the quote?'],
  ['demande de remise', 'Nous voulons ajouter 2 caisses au contrat. Pouvez-vous nous faire une remise ?'],
  ['customer asking for a reply with the quote', 'We need 12 more seats. Please reply to this email with the quote and I will send the purchase order.'],
  ['client qui demande une réponse', 'Il nous faut 5 postes de plus. Merci de répondre à ce message avec votre devis.'],
  ['customer asking for a percentage off', 'Could you do 15% off our renewal if we add 20 users?'],
  ['customer moving someone to bcc', 'Thanks Fiona (moving you to bcc). We need 12 more seats next month.'],
  ['client qui demande des licences offertes', 'Nous voulons 3 licences supplémentaires. Pouvez-vous en offrir une ?'],
  ['customer asking for a percentage off the price', 'Could you take 10% off your price if we add 20 users?'],
  ['client qui demande une remise la première année', 'Nous voulons ajouter 4 postes. Pourriez-vous nous faire une remise sur la première année ?'],
  ['client qui demande des licences offertes pour son équipe', 'Il nous faut 3 licences supplémentaires offertes pour notre équipe, comme convenu.'],
  ['client qui demande de descendre', 'Pouvez-vous descendre à 0,03 € l\'unité si nous prenons 10 licences de plus ?'],
  ['acheteur dont le dossier est sur demande', 'Nous lançons une consultation pour 250 cartes affaires ; le dossier de consultation est disponible sur simple demande.'],
];

// A cold pitch to the mailbox owner, then a sentence of it that would fire a
// rule on its own ("contracts", "quote", "purchase").
const pitches: [string, string, string][] = [
  ['self-introduction', 'At the outset let me introduce myself.', 'Creative business models and contracts, covering various risks and performance sharing based service level agreements.'],
  ['letter introducing services', 'I am writing to you to introduce our IT services.', 'Creative business models and contracts, covering various risks and performance sharing based service level agreements.'],
  ['own services listed', 'Our services include custom development and support.', 'Creative business models and contracts, covering various risks and performance sharing based service level agreements.'],
  ['vendor wanting to be a supplier', 'We would like to discuss becoming one of your primary vendors.', 'Creative business models and contracts, covering various risks and performance sharing based service level agreements.'],
  ['supplier preparing its quote', 'Please let me know the number of licensed users so I can give you a quote.', 'Please send us a quote for site licensing fees.'],
  ['course seats on sale', 'There are still available seats in the October class.', 'The ticket office will be prepared to accept ticket orders on Monday.'],
  ['ticket office option', 'You have the option to buy up to 20 tickets.', 'The ticket office will be prepared to accept ticket orders on Monday.'],
  ['recruiter asking for a referral', 'Please reply if you know someone who might be intrigued by this opportunity.', 'The role covers negotiating volume discounts with key accounts.'],
  ['présentation du fournisseur', 'Permettez-moi de me présenter.', 'Pouvez-vous nous envoyer un devis pour 10 licences ?'],
  ['remise de fidélité', 'Pour votre renouvellement, nous vous proposons une remise de 15 % sur toute commande.', 'Pouvez-vous nous envoyer un devis pour 10 licences ?'],
  ['devis du fournisseur', 'Je peux aussi vous envoyer un devis directement.', 'Pouvez-vous nous envoyer un devis pour 10 licences ?'],
  ['order form on reply', 'The offer ends on 31 October. Just reply to this email and I will send the order form.', 'We would like to add 10 more users to our plan.'],
  ['add-on free at first', 'Renew before March and the reporting add-on is free for the first three months.', 'We would like to add 10 more users to our plan.'],
  ['baisse de prix du fournisseur', 'Pour un engagement de trois ans, nous pouvons descendre à 0,04 € l\'unité.', 'Pouvez-vous nous envoyer un devis pour 10 licences ?'],
  ['devis sur simple réponse', 'Je vous envoie notre brochure et un devis sur simple réponse.', 'Pouvez-vous nous envoyer un devis pour 10 licences ?'],
  ['bon de commande sur réponse', 'Il vous suffit de répondre à ce message pour recevoir le bon de commande.', 'Pouvez-vous nous envoyer un devis pour 10 licences ?'],
];

describe('supplier pitches', () => {
  test.each(pitches)('%s fires nothing', (_name, pitch, buying) => {
    expect(detectSignals(makeMessage({ text: buying }), rules).length).toBeGreaterThan(0);
    expect(detectSignals(makeMessage({ text: `${pitch}\n\n${buying}` }), rules)).toEqual([]);
  });

  test('volume discounts in vendor voice', () => {
    const explanation = explainText('We do offer volume discounts to our customers.', rules, {});
    expect(explanation.hits).toEqual([]);
    expect(explanation.nearMisses.map((miss) => [miss.ruleId, miss.reason])).toEqual([['en-closing-discount', 'vendor-offer']]);
  });

  test('customer asking for volume discounts', () => {
    const hits = detectSignals(makeMessage({ text: 'Do you offer volume discounts? We need 40 seats.' }), rules);
    expect(hits.map((hit) => hit.ruleId)).toContain('en-closing-discount');
  });

  test('customer describing its own products', () => {
    const hits = detectSignals(makeMessage({ text: 'Our products are sold in 40 stores, so we need 40 more seats.' }), rules);
    expect(hits.map((hit) => hit.category)).toContain('expansion');
  });
});

describe('supplier offers', () => {
  test.each(offers)('%s fires nothing', (_name, text) => {
    expect(detectSignals(makeMessage({ from: 'partners@clouddesk.example', text }), rules)).toEqual([]);
  });

  test.each(customers)('%s still fires', (_name, text) => {
    expect(detectSignals(makeMessage({ text }), rules).length).toBeGreaterThan(0);
  });
});
