// Ordinary customer mail borrows buying words for the customer's own business: a
// client's order placed with it, a supplier's discount, a new bookkeeper introduced.
// `blockerPatterns` are blockers in pattern syntax, so one entry covers the forms such a
// clause takes. A match sets its clause aside, as a surface blocker does.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet } from '../../src/detectors/index.js';

const rules = loadRuleSet();

function categories(text: string, language: string): string[] {
  return explainText(text, rules, { language }).hits.map((hit) => hit.category);
}

function blockedBy(text: string, language: string): string[] {
  return explainText(text, rules, { language })
    .nearMisses.filter((miss) => miss.reason === 'blocked')
    .map((miss) => miss.cue);
}

const ordinary: [string, string, string][] = [
  ['en', 'a client ordering from the customer', 'One of our clients has placed a big order with us for March.'],
  ['en', "a client's purchase order on an invoice", "Our client's purchase order number needs to appear on the invoice."],
  ['en', 'a new bookkeeper introduced', 'I would like to introduce our new bookkeeper, who will send you the invoices from now on.'],
  ['fr', 'un client qui passe commande au client', 'Un de nos clients nous a passé une grosse commande pour avril.'],
  ['fr', "un client qui règle son bon de commande", 'Notre client de Lyon a enfin réglé son bon de commande, 12 400 € en dollars.'],
  ['fr', "la remise d'une boutique sur ses articles", 'Soldes de janvier : remise sur la collection'],
  ['fr', "la remise d'un fournisseur au client", 'Notre fournisseur nous accorde une remise de 3 % pour paiement comptant.'],
  ['fr', 'une nouvelle comptable présentée', 'Je vous présente notre nouvelle comptable, qui gérera désormais les factures.'],
  ['en', 'the fee of a routine item', 'What is the fee for a replacement card?'],
  ['fr', 'un devis transformé en facture', 'Comment transformer un devis en facture dans le logiciel ?'],
  ['fr', "un visiteur attendu à l'accueil", "Merci de vous présenter à l'accueil avec une pièce d'identité."],
];

describe('blocker patterns', () => {
  test.each(ordinary)('%s: %s fires nothing', (language, _name, text) => {
    expect(categories(text, language)).toEqual([]);
    expect(blockedBy(text, language).length).toBeGreaterThan(0);
  });

  // The request in another clause or sentence still counts: a blocker covers its own clause.
  test.each([
    ['en', 'One of our clients placed an order with us last week. Could you send a quote for five more seats?', 'closing'],
    ['fr', 'Un de nos clients nous a passé commande. Pourriez-vous nous envoyer un devis pour 5 licences supplémentaires ?', 'closing'],
    ['fr', 'Le devis du fournisseur est en pièce jointe.', 'closing'],
    ['en', 'Could you introduce us to your new reporting module with a demo?', 'new-business'],
  ])('%s: a request beside them still fires (%s)', (language, text, category) => {
    expect(categories(text, language)).toContain(category);
  });

  test('a --rules file adds its own blocker patterns to the pack', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-blocker-patterns-')), 'extra.yaml');
    writeFileSync(file, 'language: en\ncontext:\n  blockerPatterns: ["our|the printer *3 quote"]\nrules: []\n');
    const text = 'The printer sent a quote for the new brochures.';
    expect(explainText(text, loadRuleSet(), { language: 'en' }).hits.map((hit) => hit.category)).toContain('closing');
    const extended = explainText(text, loadRuleSet([file]), { language: 'en' });
    expect(extended.hits).toEqual([]);
    expect(extended.nearMisses.map((miss) => miss.cue)).toContain('our|the printer *3 quote');
  });

  test('a malformed entry names the field', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'leak-blocker-patterns-')), 'broken.yaml');
    writeFileSync(file, 'language: en\ncontext:\n  blockerPatterns: ["quote *9 printer"]\nrules: []\n');
    expect(() => loadRuleSet([file])).toThrow(/blockerPatterns/);
  });
});
