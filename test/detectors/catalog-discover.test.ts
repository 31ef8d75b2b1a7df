// Offer catalogue discovery: the plans, add-ons and units a mailbox names in
// frames, the bar a name must pass, the order of the plans, and the rules an
// unordered catalogue makes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { discoverCatalog, formatDiscovered, type DiscoveryMessage } from '../../src/detectors/catalog-discover.js';
import { explainText, loadRuleSet, parseCatalog } from '../../src/detectors/index.js';
import { runEval } from '../../eval/run.js';

/** Messages of one thread each, keyed t1, t2… */
function mail(...texts: string[]): DiscoveryMessage[] {
  return texts.map((text, index) => ({ thread: `t${index + 1}`, id: `m${index + 1}`, where: `message ${index + 1}`, text }));
}

function names(messages: DiscoveryMessage[]): { plans: string[]; addons: string[]; units: string[] } {
  const catalog = discoverCatalog(messages).catalog;
  return {
    plans: catalog?.plans.map((entry) => entry.name) ?? [],
    addons: catalog?.addons.map((entry) => entry.name) ?? [],
    units: catalog?.units.map((entry) => entry.name) ?? [],
  };
}

describe('catalogue discovery', () => {
  test('English plans and add-ons', () => {
    const found = names(
      mail(
        'Our Business plan includes the Video Interviews add-on for up to ten roles.',
        'Thanks. How much more is the Video Interviews add-on if we stay on the Starter plan?',
        'We would rather upgrade to Business next quarter.',
        'The Starter plan is fine for now.',
      ),
    );
    expect(found.plans).toEqual(['Business', 'Starter']);
    expect(found.addons).toEqual(['Video Interviews']);
  });

  test('French offers and modules', () => {
    const found = names(
      mail(
        "L'offre Étude comprend le module Archivage et l'option maintenance incluse.",
        "Pouvez-vous nous dire le prix du module Archivage si nous restons sur l'offre Étude ?",
        "Nous aimerions passer en Cabinet l'an prochain, avec l'option maintenance.",
        "Passer en Cabinet nous coûterait combien par mois ?",
      ),
    );
    expect(found.plans).toEqual(['Cabinet', 'Étude']);
    expect(found.addons).toEqual(['module Archivage', 'option maintenance']);
  });

  test('name seen once is dropped', () => {
    const found = discoverCatalog(mail('The Horizon plan sounds interesting.', 'See you on Monday.'));
    expect(found.catalog).toBeNull();
    expect(found.dropped.map((entry) => entry.name)).toEqual(['Horizon']);
  });

  test('quoted copies count once', () => {
    const original = 'Could we get a price for the Horizon plan?';
    const found = discoverCatalog(mail(original, `Sure.\n\n> ${original}`, `Thanks!\n\n> > ${original}`));
    expect(found.catalog).toBeNull();
  });

  test('common words stay out', () => {
    const found = names(
      mail(
        'Attached is our business plan for the bank, and a Business plan summary.',
        'A Business plan is what the bank asked for. Our plan is to open in May.',
        'We are on the free plan. The free plan is enough.',
        'Our plan is to hire two people. The current plan works.',
        'Business plan review on Friday? The Business plan draft is attached.',
      ),
    );
    expect(found).toEqual({ plans: [], addons: [], units: [] });
  });

  test('one-word add-on keeps frame word', () => {
    const found = names(mail('Le module Cartes est prêt.', 'Combien coûte le module Cartes ?'));
    expect(found.addons).toEqual(['module Cartes']);
  });

  test('people are not add-ons', () => {
    const messages = mail('Could you add Sarah Jones to the account?', 'Please add Sarah Jones as an admin.').map((message) => ({
      ...message,
      people: ['Sarah Jones <sarah.jones@client.example>'],
    }));
    expect(discoverCatalog(messages).catalog).toBeNull();
  });

  test('billing units', () => {
    const found = names(mail('It is €12 per learner per month.', 'Le tarif est de 9 € par apprenant et par mois.', 'So €12 per learner per month for 40 learners?'));
    expect(found.units).toEqual(['learner']);
  });

  test('explicit moves order the plans', () => {
    const found = discoverCatalog(
      mail(
        'You are on the Starter plan today.',
        'Could we upgrade from Starter to Growth?',
        'The Growth plan is what we need; later the Enterprise plan.',
        'Customers who upgrade from Growth to Enterprise keep their data.',
      ),
    );
    expect(found.ordered).toBe(true);
    expect(found.catalog?.plans.map((entry) => entry.name)).toEqual(['Starter', 'Growth', 'Enterprise']);
  });

  test('accented move verbs order plans', () => {
    // "Évoluer", "monté" and "rétrograder" start or end with a letter outside a-z, where \b finds
    // no word edge. Each must read as a move like its unaccented spelling.
    const plans = ['We are on the Starter plan.', 'The Growth plan, please.'];
    for (const move of ['Évoluer de Starter à Growth ?', 'Evoluer de Starter à Growth ?', 'Nous voulons rétrograder de Growth à Starter.', 'On est monté de Starter à Growth.']) {
      const found = discoverCatalog(mail(...plans, move));
      expect(found.ordered, move).toBe(true);
      expect(found.catalog?.plans.map((entry) => entry.name), move).toEqual(['Starter', 'Growth']);
    }
  });

  test('unordered plans need an upgrade verb', () => {
    const catalog = discoverCatalog(mail('Is the Scale plan right for us?', 'The Team plan is what we use.', 'What does the Scale plan add to the Team plan?')).catalog;
    expect(catalog?.unordered).toBe(true);
    const rules = loadRuleSet([], false, catalog);
    const categories = (text: string) => [...new Set(explainText(text, rules, { language: 'en' }).hits.map((hit) => hit.category))];
    expect(categories('Could we upgrade to Scale from next month?')).toEqual(['upgrade']);
    expect(categories('Could we switch to Team from next month?')).toEqual([]);
    expect(categories('Please move us from Scale to Team.')).not.toContain('upgrade');
    expect(categories('Can we drop down to Team from next month?')).toEqual(['churn-risk']);
  });

  test('plans past the limit drop rarest', () => {
    // 26 plans, "Tier Aa" to "Tier Zz", each named in two messages; three of them in a third.
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
    const messages = mail(
      ...letters.flatMap((letter, index) => {
        const name = `Tier ${letter}${letter.toLowerCase()}`;
        const extra = index < 3 ? [`A third word on the ${name} plan from us.`] : [];
        return [`We are on the ${name} plan today.`, `Is the ${name} plan still sold?`, ...extra];
      }),
    );
    const found = discoverCatalog(messages);
    expect(found.catalog?.plans).toHaveLength(24);
    expect(found.catalog?.plans.map((entry) => entry.name)).toEqual(expect.arrayContaining(['Tier Aa', 'Tier Bb', 'Tier Cc']));
    expect(found.dropped.filter((entry) => entry.field === 'plans')).toHaveLength(2);
  });

  test('printed YAML reads back', () => {
    const found = discoverCatalog(mail('Our Scale plan includes the Video Interviews add-on.', 'Is the Video Interviews add-on part of the Scale plan?'));
    const text = formatDiscovered(found, 'inbox.mbox');
    expect(text).toContain('# seen in 2 sentences, 2 messages, 2 threads');
    const catalog = parseCatalog(parse(text), 'discovered.yaml');
    expect(catalog.plans.map((entry) => entry.name)).toEqual(['Scale']);
    expect(catalog.unordered).toBe(true);
  });

  test('order field is checked', () => {
    expect(() => parseCatalog({ plans: ['A plan'], order: 'sideways' }, 'c.yaml')).toThrow(/order: must be lowest-first or unknown/);
  });
});

describe('eval --auto-catalog', () => {
  test('discovers and compares', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'leak-discover-'));
    const folder = path.join(root, 'fixtures', 'eval', 'tuning');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(root, 'package.json'), '{}');
    const thread = (id: string, body: string, expected: string) =>
      `- id: ${id}\n  language: en\n  domain: saas\n  owner: owner@vendor.example\n  expected: [${expected}]\n  messages:\n    - from: "Ann <ann@client.example>"\n      to: "owner@vendor.example"\n      subject: "Plans"\n      body: "${body}"\n`;
    writeFileSync(
      path.join(folder, 'x.yaml'),
      thread('x-1', 'We use the Team plan and wonder about the Business plan.', '') + thread('x-2', 'Could we upgrade to Business from the Team plan next month?', 'upgrade'),
    );
    writeFileSync(path.join(folder, 'catalogs.yaml'), 'x.yaml:\n  plans: [Team, Business, Scale]\n');
    const rules = loadRuleSet([], false);
    const report = runEval(root, rules, false, ['tuning'], false, (catalog) => loadRuleSet([], false, catalog), true);
    expect(report).toContain('discovered catalogues for 1 file(s)');
    expect(report).toMatch(/x\.yaml\s+2\s+0\s+1\s+2 unknown/);
  });
});
