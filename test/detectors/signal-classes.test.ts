// Signal classes the rules describe rather than memorise, the known false
// positives of each class, and the `yieldsTo` rule field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkRuleRows } from '../../src/commands/rules-check.js';
import { detectSignals, explainText, loadRuleSet } from '../../src/detectors/index.js';
import { splitSentences } from '../../src/detectors/sentences.js';
import { tokenize } from '../../src/detectors/tokens.js';
import type { Category } from '../../src/types.js';
import { makeMessage } from './message.js';

const rules = loadRuleSet();

function categoriesOf(text: string, language: string): Category[] {
  return [...new Set(explainText(text, rules, { language }).hits.map((hit) => hit.category))].sort();
}

// Each row: the class, a sentence in wording no rule row contains, its language, the categories.
const classes: [string, string, string, Category[]][] = [
  ['people onto the account', 'Once the Leeds crew starts, could you get them onto our plan?', 'en', ['expansion']],
  ['hires set up on the product', 'Can the two new buyers be set up on the portal as well?', 'en', ['expansion']],
  ['their own logins', 'Could the Madrid team get their own logins instead of sharing ours?', 'en', ['expansion']],
  ['limit to a decimal amount', 'Could we discuss raising the overdraft to 2.5m for the winter?', 'en', ['expansion']],
  ['entity into the cash pool', 'Please bring the Irish company into the cash pool next month.', 'en', ['expansion']],
  ['feature only on a higher tier', 'Is data residency only on the Enterprise tier?', 'en', ['upgrade']],
  ['add-on on top of the plan', 'What would that add on top of what we pay now?', 'en', ['closing', 'upgrade']],
  ['fee per unit', "What's the yearly fee per terminal?", 'en', ['closing']],
  ['papers to sign', 'Could you send whatever needs signing before Friday?', 'en', ['closing']],
  ['named competitor', 'We will be moving to Freshdesk after the summer.', 'en', ['churn-risk']],
  ['competitor proposal', 'We have to get a quote from another vendor before we renew.', 'en', ['churn-risk']],
  ['notice before a decision', 'How much notice would you need if we choose to cancel?', 'en', ['churn-risk']],
  ['cheaper elsewhere', 'Their fees are well below what we pay you.', 'en', ['churn-risk']],
  ['asking to see the product', 'Would you be able to show us the platform on Thursday?', 'en', ['new-business']],
  ['two parties introduced', 'Connecting you two, as promised at the conference.', 'en', ['referral']],
  ['personnes à équiper', 'Nous voudrions leur attribuer un accès chacun dès lundi.', 'fr', ['expansion']],
  ['accès des arrivants', "Il faudrait que les stagiaires aient leurs accès avant la rentrée.", 'fr', ['expansion']],
  ['montant visé', 'Serait-il possible de passer à 80 k€ pour la saison ?', 'fr', ['expansion']],
  ['fonction réservée', "L'export comptable n'est disponible qu'avec la formule Premium ?", 'fr', ['upgrade']],
  ['signature', 'Comment fait-on pour signer avant la fin du mois ?', 'fr', ['closing']],
  ['frais', 'Quels sont vos frais pour un virement international ?', 'fr', ['closing']],
  ['concurrent nommé', 'Nos équipes passent sur Qonto à la rentrée.', 'fr', ['churn-risk']],
  ['moins cher ailleurs', "On nous propose un taux d'un demi-point de moins que votre offre.", 'fr', ['churn-risk']],
  ['logins for named people', 'Please set up logins for Ana and Bilal, who start next week.', 'en', ['expansion']],
  ['staff who will use the system', 'Its staff should start using your system in April.', 'en', ['expansion']],
  ['passive limit request', 'Could the overdraft be increased to 750k over the summer?', 'en', ['expansion']],
  ['outgrowing the plan', "We're outgrowing the Growth plan, what does the next one up give us?", 'en', ['upgrade']],
  ['tier only, after an alternative', 'Can we get SAML without changing plans, or is it Enterprise only?', 'en', ['upgrade']],
  ['papers for signature', 'Please send the final version for signature.', 'en', ['closing']],
  ['supplier registration', 'Our procurement portal needs you registered as a supplier first.', 'en', ['closing']],
  ['signed with a named product', 'The group has signed with Zendesk, so we will migrate in Q2.', 'en', ['churn-risk']],
  ['the mail is the notice', 'Our contract says 60 days; please take this as our notice.', 'en', ['churn-risk']],
  ['spend cut with the tool listed', 'We must cut software spend and your tool is on the list.', 'en', ['churn-risk']],
  ['new company asking for an account', "We're setting up a new company and need an account; what would you need?", 'en', ['new-business']],
  ['contact told about the owner', "I've told my brother about you, he runs a haulage firm and will call you.", 'en', ['referral']],
  ['site covered by the contract', 'La nouvelle usine de Brno doit aussi être couverte par notre contrat.', 'fr', ['expansion']],
  ["à l'étroit dans l'offre", "Nous sommes à l'étroit dans la formule Pro, que propose l'offre du dessus ?", 'fr', ['upgrade']],
  ['aller de l’avant', "Nous souhaitons aller de l'avant, pouvez-vous nous envoyer les documents ?", 'fr', ['closing']],
  ['offre gratuite', 'Suite aux coupes budgétaires, nous devrons passer à l’offre gratuite.', 'fr', ['churn-risk']],
  ['menace conditionnelle', "Si le problème n'est pas réglé ce mois-ci, nous résilierons.", 'fr', ['churn-risk']],
];

// Each row: the false-positive class, a sentence, its language.
const nearMisses: [string, string, string][] = [
  ['article read as a count', "Notre expert-comptable a besoin d'un accès en lecture.", 'fr'],
  ['signed copy for the records', "Voici l'exemplaire signé de l'accord de traitement des données.", 'fr'],
  ['signed agreement for the files', 'Attached is the signed copy of the DPA for your files.', 'en'],
  ['advice voice', 'You may want to buy extra storage before prices rise.', 'en'],
  ['typo look-alike', 'This relates to the competitive analysis we discussed.', 'en'],
  ['a date, not an ending', 'We need the export fixed through to the end of our contract.', 'en'],
  ['budget freeze alone', 'Budget is frozen until the spring.', 'en'],
  ['depuis before a fault', 'Depuis la mise en production, les alertes ne partent plus.', 'fr'],
  ['a finished pilot', "Le pilote est concluant, merci à toute l'équipe.", 'fr'],
  ['an integration, not a move', 'We sync our contacts to HubSpot every night.', 'en'],
  ['a vendor selection seminar', 'There are risks in selecting a software vendor.', 'en'],
  ["a customer's own supplier form", 'Our new supplier asks for our account details on their vendor form.', 'en'],
  ['a deal of the customer’s own', 'We signed the aerospace contract on Friday.', 'en'],
  ['a quote already settled', 'Le devis envoyé en mars a été validé et réglé.', 'fr'],
  ['a RIB for the customer', "Pourriez-vous m'envoyer un RIB avec le nouveau nom de la société ?", 'fr'],
];

describe('signal classes', () => {
  test.each(classes)('%s', (_name, text, language, expected) => {
    expect(categoriesOf(text, language)).toEqual(expected);
  });

  test.each(nearMisses)('no signal: %s', (_name, text, language) => {
    expect(categoriesOf(text, language)).toEqual([]);
  });

  test('depuis far from the request', () => {
    const text = "Depuis l'ouverture du cabinet, nous voulons ajouter 3 licences.";
    expect(categoriesOf(text, 'fr')).toEqual(['expansion']);
  });
});

describe('numbers and sentences', () => {
  const english = rules.packs.find((pack) => pack.language === 'en');

  test('decimal amount is a number', () => {
    if (english === undefined) throw new Error('no English pack');
    const token = tokenize(english.settings, 'to 3.5m', null).find((candidate) => candidate.text === '3.5');
    expect(token?.number).toBe(3.5);
  });

  test('amount with a unit letter keeps its number', () => {
    if (english === undefined) throw new Error('no English pack');
    const numbers = tokenize(english.settings, 'to 750k', null).map((token) => token.number);
    expect(numbers).toEqual([null, 750, null]);
  });

  test('French article is no quantity', () => {
    const hits = explainText('Il nous faut un compte supplémentaire pour la filiale.', rules, { language: 'fr' }).hits;
    expect(hits.map((hit) => hit.category)).toContain('expansion');
    expect(hits.every((hit) => hit.quantity === null)).toBe(true);
  });

  test('lower-case sentence after a full stop', () => {
    expect(splitSentences('the team went from 22 to 9. is there any way to drop seats?')).toEqual([
      'the team went from 22 to 9.',
      'is there any way to drop seats?',
    ]);
  });

  test('abbreviation keeps the sentence', () => {
    expect(splitSentences('We have approx. eighty users, e.g. two sites.')).toEqual(['We have approx. eighty users, e.g. two sites.']);
  });

  test('past cue of one sentence spares the next', () => {
    const text = 'we had layoffs last week. can you move us down to the basic plan?';
    expect(detectSignals(makeMessage({ text }), rules).map((hit) => hit.category)).toEqual(['churn-risk']);
  });
});

function writeRuleFile(content: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-yields-'));
  const file = path.join(folder, 'extra.yaml');
  writeFileSync(file, content);
  return file;
}

describe('yieldsTo', () => {
  const renewal = 'About the renewal offer for the FX facility: we will not renew it.';

  test('renewal yields to churn-risk', () => {
    const explanation = explainText(renewal, rules, { language: 'en' });
    expect(explanation.hits.map((hit) => hit.ruleId)).toEqual(['en-churn-cancel']);
    const miss = explanation.nearMisses.find((candidate) => candidate.ruleId === 'en-closing-renewal' && candidate.reason === 'yielded');
    expect(miss?.cue).toBe('churn-risk fires in the same text');
  });

  test('quotes sought elsewhere are a churn risk', () => {
    const text = 'If this is not fixed by the 30th I am to start the cancellation process and get quotes elsewhere.';
    expect(explainText(text, rules, { language: 'en' }).hits.map((hit) => hit.ruleId)).toContain('en-churn-cancel');
    const request = explainText('Could you get us a quote for the Leeds office?', rules, { language: 'en' }).hits;
    expect(request.map((hit) => hit.ruleId)).toEqual(['en-closing-quote']);
  });

  test('rule fires when nothing it yields to fires', () => {
    const hits = explainText('We will renew for another two years.', rules, { language: 'en' }).hits;
    expect(hits.map((hit) => hit.ruleId)).toEqual(['en-closing-renewal']);
  });

  test('yield reaches across sentences of a message', () => {
    const text = 'We would like to book a demo of your platform.\n\nCould you also put together a quote?';
    const categories = new Set(detectSignals(makeMessage({ text }), rules).map((hit) => hit.category));
    expect([...categories]).toEqual(['new-business']);
  });

  test('trial seats yield to new business', () => {
    const text = 'Could you give us a sandbox account for two weeks so our five planners can try it?';
    const explanation = explainText(text, rules, { language: 'en' });
    expect(explanation.hits.map((hit) => hit.category)).toEqual(['new-business']);
    const miss = explanation.nearMisses.find((candidate) => candidate.ruleId === 'en-expansion-add-seats');
    expect(miss?.cue).toBe('new-business fires in the same sentence');
    const essai = "Pourriez-vous nous ouvrir un compte d'essai pour un mois, pour nos trois comptables ?";
    expect(explainText(essai, rules, { language: 'fr' }).hits.map((hit) => hit.category)).toEqual(['new-business']);
  });

  test('in-sentence yield spares other sentences', () => {
    const text = 'We would like to book a demo of the planning module.\n\nWe also need 10 more user licences from March.';
    const categories = new Set(detectSignals(makeMessage({ text }), rules).map((hit) => hit.category));
    expect(categories.has('expansion')).toBe(true);
  });

  test('yieldsInSentence rejects its own category', () => {
    const file = writeRuleFile('language: en\nrules:\n  - id: en-x\n    category: closing\n    weight: 0.5\n    yieldsInSentence: [closing]\n    phrases: [a b]\n');
    expect(() => loadRuleSet([file])).toThrow(/rule en-x \(line 3\): field "yieldsInSentence" must not list the rule's own category/);
  });

  test('unknown category is rejected', () => {
    const file = writeRuleFile('language: en\nrules:\n  - id: en-x\n    category: closing\n    weight: 0.5\n    yieldsTo: [sales]\n    phrases: [a b]\n');
    expect(() => loadRuleSet([file])).toThrow(/rule en-x \(line 3\): field "yieldsTo" item "sales"/);
  });

  test('own category is rejected', () => {
    const file = writeRuleFile('language: en\nrules:\n  - id: en-x\n    category: closing\n    weight: 0.5\n    yieldsTo: [closing]\n    phrases: [a b]\n');
    expect(() => loadRuleSet([file])).toThrow(/rule en-x \(line 3\): field "yieldsTo" must not list the rule's own category/);
  });

  test('rules check names the yield', () => {
    const file = writeRuleFile(
      'language: en\nrules:\n  - id: en-test-widget-quote\n    category: closing\n    weight: 0.5\n    yieldsTo: [churn-risk]\n    phrases: ["widget quote"]\n    fires: ["Send the widget quote, we will not renew the rest."]\n    misses: ["No widgets."]\n',
    );
    const { failures } = checkRuleRows(loadRuleSet([file]), [file]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.detail).toBe('expected to fire, but it does not (it yields to another category: churn-risk fires in the same text)');
  });
});

describe('reply to a quoted proposal', () => {
  const quoted = '\n\nOn Thu, 26 Nov 2026 at 10:00, Claire Martin <claire.martin@vendor.example> wrote:\n> Would you like me to add five\n> more seats for the new carers?';

  test('yes takes up the proposal', () => {
    const hits = explainText(`Sounds good, thanks.${quoted}`, rules, { language: 'en' }).hits;
    expect(hits.map((hit) => hit.ruleId)).toEqual(['en-expansion-add-seats']);
    expect(hits[0]?.snippet).toBe('Sounds good, thanks.');
    expect(hits[0]?.quantity).toBe(5);
    expect(hits[0]?.confidence).toBe(0.72);
  });

  test('quote markers leave the proposal', () => {
    const phrase = explainText(`Yes please.${quoted}`, rules, { language: 'en' }).hits[0]?.phrase ?? '';
    expect(phrase).toContain('Would you like me to add five more seats for the new carers?"');
  });

  test('hedged yes takes up nothing', () => {
    expect(explainText(`Yes I saw it, but not this year.${quoted}`, rules, { language: 'en' }).hits).toEqual([]);
  });

  test('yes with a refusal takes up nothing', () => {
    // The yes accepts a meeting time, and the next sentence declines the seats.
    expect(explainText(`Yes, Tuesday works. We will not add seats this year though.${quoted}`, rules, { language: 'en' }).hits).toEqual([]);
    const french = "Oui, jeudi c'est parfait. Pour les licences, nous n'en prendrons pas.\n\nLe jeu. 26 nov. 2026 à 10:00, Claire a écrit :\n> Souhaitez-vous passer à l'offre Entreprise ?";
    expect(categoriesOf(french, 'fr')).toEqual([]);
  });

  test('reply without a yes takes up nothing', () => {
    expect(explainText(`Thanks, I will check with Mark.${quoted}`, rules, { language: 'en' }).hits).toEqual([]);
  });

  test('oui accepte la proposition', () => {
    const text = "Oui, allons-y.\n\nLe jeu. 26 nov. 2026 à 10:00, Claire a écrit :\n> Souhaitez-vous passer à l'offre Entreprise ?";
    expect(categoriesOf(text, 'fr')).toEqual(['upgrade']);
  });

  test('detectSignals takes up the proposal', () => {
    const hits = detectSignals(makeMessage({ text: `Yes, go ahead.${quoted}` }), rules);
    expect(hits.map((hit) => hit.category)).toEqual(['expansion']);
  });
});
