// The offer catalogue (`--catalog`): its file format and what its plans,
// add-ons and units make detection find, under the context judge.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet, parseCatalog, readCatalogFile } from '../../src/detectors/index.js';

const catalog = parseCatalog(
  {
    plans: ['Starter', 'Growth', 'Enterprise'],
    addons: ['Time Clock', { name: 'Payroll Export', fr: ['export de paie'] }],
    units: [{ name: 'learner', fr: ['apprenant'] }],
  },
  'catalog.yaml',
);
const withCatalog = loadRuleSet([], false, catalog);
const without = loadRuleSet([], false);

function categories(text: string, rules = withCatalog, language?: string): string[] {
  return [...new Set(explainText(text, rules, { language }).hits.map((hit) => hit.category))].sort();
}

describe('catalogue file', () => {
  test('reads YAML with forms', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-catalog-'));
    const file = path.join(folder, 'c.yaml');
    writeFileSync(file, 'plans: [Solo, Cabinet]\naddons: [{ name: Téléconsultation, en: [video consultation] }]\n');
    const read = readCatalogFile(file);
    expect(read.plans.map((plan) => plan.name)).toEqual(['Solo', 'Cabinet']);
    expect(read.addons[0]?.forms.en).toEqual(['video consultation']);
  });

  test('name words block nothing', () => {
    const fleet = loadRuleSet([], false, parseCatalog({ addons: ['Driver Coach'] }, 'fleet.yaml'));
    expect(categories('Could we add Driver Coach to our account?', fleet)).toEqual(['upgrade']);
    expect(categories('Our drivers app crashes, could we add Driver Coach?', fleet)).toEqual([]);
  });

  test('hyphenated unit loads', () => {
    const hyphenated = parseCatalog({ units: ['fee-earner', { name: "chef d'équipe", en: ['team lead'] }] }, 'units.yaml');
    const rules = loadRuleSet([], false, hyphenated);
    const sentence = 'Can you add three more fee-earners to our account?';
    expect(categories(sentence, rules)).toEqual(['expansion']);
    expect(categories(sentence, without)).toEqual([]);
  });

  test('names the file and field', () => {
    expect(() => parseCatalog({ addons: [{ title: 'x' }] }, 'bad.yaml')).toThrow(/bad\.yaml: addons\[0\]\.title: unknown field/);
    expect(() => parseCatalog({ plans: 'Pro' }, 'bad.yaml')).toThrow(/bad\.yaml: plans: must be a list/);
    expect(() => parseCatalog({ tiers: [] }, 'bad.yaml')).toThrow(/bad\.yaml: tiers: unknown field/);
  });
});

describe('catalogue detection', () => {
  const fires: [string, string][] = [
    ['Please add Time Clock to all six centres.', 'upgrade'],
    ['What would Payroll Export cost us per month?', 'upgrade'],
    ["We'd like to move everyone to Enterprise in June.", 'upgrade'],
    ['From May we will drop back to Starter.', 'churn-risk'],
    ['Could you add 40 more learners before the autumn intake?', 'expansion'],
    ["Pourriez-vous activer l'export de paie pour nos trois agences ?", 'upgrade'],
  ];
  test.each(fires)('fires: %s', (text, category) => {
    expect(categories(text)).toContain(category);
  });

  const misses: string[] = [
    'Payroll Export is not loading since this morning, can you check?',
    'Why is Time Clock showing duplicate shifts?',
    'We are not going to add Time Clock this year.',
    "We'll leave Payroll Export for now and revisit it next year.",
    "Le passage à l'export de paie est effectif depuis mars, merci.",
    'Once the sale completes we want to close the Time Clock accounts for those sites.',
    "Nous souhaitons repasser en Starter et supprimer l'export de paie.",
  ];
  test.each(misses)('misses: %s', (text) => {
    expect(categories(text)).not.toContain('upgrade');
  });

  test('no catalogue, no catalogue rules', () => {
    expect(categories('Please add Time Clock to all six centres.', without)).not.toContain('upgrade');
    expect(without.packs.flatMap((pack) => pack.rules).some((rule) => rule.id.startsWith('catalog-'))).toBe(false);
  });
});
