// The offer catalogue (`--catalog`): its file format and what its plans,
// add-ons and units make detection find, under the context judge.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { explainText, loadRuleSet, parseCatalog, readCatalogFile } from '../../src/detectors/index.js';
import { MAX_CATALOG_BYTES, MAX_PLANS } from '../../src/detectors/catalog-check.js';

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

  test('function words in names keep blockers', () => {
    // Read as name words, "des" and "de" would take "de" out of "impossible de|d" and leave a
    // bare "d", which the French rule compiler rejects, so the catalogue would fail to load.
    const finance = parseCatalog({ addons: ['couverture de change', 'surveillance des acheteurs'] }, 'finance.yaml');
    const rules = loadRuleSet([], false, finance);
    expect(categories('Pourriez-vous ajouter la surveillance des acheteurs ?', rules, 'fr')).toEqual(['upgrade']);
    expect(categories('Impossible de voir la surveillance des acheteurs depuis lundi.', rules, 'fr')).toEqual([]);
  });

  test('hyphenated unit loads', () => {
    const hyphenated = parseCatalog({ units: ['fee-earner', { name: "chef d'équipe", en: ['team lead'] }] }, 'units.yaml');
    const rules = loadRuleSet([], false, hyphenated);
    // Only the catalogue unit may make this count, and the English pack reads "add three more X to
    // our account" as expansion whatever X is.
    const sentence = 'Can you set up three more fee-earners from next month?';
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

function hitsOf(text: string, rules = withCatalog): { ruleId: string; category: string; entry?: string }[] {
  return explainText(text, rules, {}).hits;
}

describe('removing an add-on is churn risk', () => {
  const removals = [
    'Please cancel Time Clock at the end of the month.',
    'Could you turn off Time Clock for the Leeds site?',
    'Can you deactivate Payroll Export? We moved payroll in-house.',
    'We want to stop paying for Time Clock from July.',
    "Merci de résilier l'export de paie à la fin du mois.",
    "Pouvez-vous désactiver l'export de paie pour le site de Lille ?",
  ];
  test.each(removals)('churn, no upgrade: %s', (text) => {
    expect(categories(text)).toContain('churn-risk');
    expect(categories(text)).not.toContain('upgrade');
  });

  test('near miss: removing software from one\'s own machine is no churn', () => {
    const usrp = loadRuleSet([], false, parseCatalog({ addons: ['UHD'] }, 'usrp.yaml'));
    expect(categories('I removed all the UHD stuff from my laptop and built it again.', usrp)).toEqual([]);
  });
});

describe('an upgrade needs an acquisition frame in the name\'s sentence', () => {
  const fires = [
    'Is Time Clock something we could turn on for our support team?',
    'Please quote for Payroll Export for 3 locations.',
    'How much is Time Clock per location per month?',
    'Could you turn Time Clock on for the whole firm?',
    "Nous souhaitons ajouter l'export de paie pour l'équipe de Lyon.",
  ];
  test.each(fires)('fires: %s', (text) => {
    expect(categories(text)).toContain('upgrade');
  });

  const quiet = [
    'Has the Time Clock update gone out yet?',
    'Does Time Clock round punches to the nearest quarter hour for us as well?',
    'Could you run a training session on Time Clock for our two new managers?',
    'Please send the invoice for Payroll Export again.',
    'We want to know where to find the Time Clock report.',
    'The price of Time Clock went up in January.',
    'Where do I find the Payroll Export settings?',
    'Who is our contact for Payroll Export?',
    'In order to use Time Clock, do we need the app?',
    'We are going to use Time Clock in the new office.',
    "Pourriez-vous organiser une formation sur l'export de paie ?",
  ];
  test.each(quiet)('quiet: %s', (text) => {
    expect(categories(text)).not.toContain('upgrade');
  });
});

describe('a move down to a middle plan is no upgrade', () => {
  const down = ['Can we move from Enterprise to Growth next year?', 'We would like to move down to Growth.', 'Pouvons-nous passer de Enterprise à Growth ?'];
  test.each(down)('churn, no upgrade: %s', (text) => {
    expect(categories(text)).toContain('churn-risk');
    expect(categories(text)).not.toContain('upgrade');
  });

  test('near miss: a move up between the same plans is an upgrade', () => {
    expect(categories('Can we move from Growth to Enterprise next year?')).toEqual(['upgrade']);
    expect(categories('We would like to move up to Growth.')).toContain('upgrade');
  });
});

describe('catalogue size and file checks', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-catalog-'));

  test('too many plans', () => {
    const plans = Array.from({ length: MAX_PLANS + 1 }, (_, index) => `Plan${String.fromCharCode(97 + (index % 26))}${index}`);
    expect(() => parseCatalog({ plans }, 'big.yaml')).toThrow(/--catalog big\.yaml: plans: lists 25 entries, more than the 24/);
    expect(() => parseCatalog({ plans: plans.slice(0, MAX_PLANS) }, 'ok.yaml')).not.toThrow();
  });

  test('too large a file, a folder', () => {
    const big = path.join(folder, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(MAX_CATALOG_BYTES)}\naddons: [Time Clock]\n`);
    expect(() => readCatalogFile(big)).toThrow(/big\.yaml: file: is \d+ bytes, more than the 262144/);
    const sub = path.join(folder, 'sub');
    mkdirSync(sub);
    expect(() => readCatalogFile(sub)).toThrow(/sub: file: is not a regular file/);
  });

  test('encodings', () => {
    const latin1 = path.join(folder, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from('addons: [T\xe9l\xe9consultation]\n', 'latin1'));
    expect(() => readCatalogFile(latin1)).toThrow(/latin1\.yaml: file: is not UTF-8 \(byte 10/);
    const utf16 = path.join(folder, 'utf16.yaml');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('addons: [Time Clock]\n', 'utf16le')]));
    expect(() => readCatalogFile(utf16)).toThrow(/utf16\.yaml: file: is UTF-16; save it as UTF-8/);
    const bom = path.join(folder, 'bom.yaml');
    writeFileSync(bom, '\ufeffaddons: [Time Clock]\n');
    expect(readCatalogFile(bom).addons[0]?.name).toBe('Time Clock');
  });
});

describe('catalogue names the rules cannot read', () => {
  const rejected: [unknown, RegExp][] = [
    [{ addons: ['Часы'] }, /addons\[0\]: "Часы" contains "Час", letters the tokenizer does not read/],
    [{ addons: ['勤怠管理'] }, /addons\[0\]: .* letters the tokenizer does not read/],
    [{ addons: ['Time Clock', '🚀'] }, /addons\[1\]: "🚀" contains no word/],
    [{ addons: ['--'] }, /addons\[0\]: "--" contains no word/],
    [{ addons: ['*'] }, /addons\[0\]: "\*" contains one of/],
    [{ units: ['@seat'] }, /units\[0\]: "@seat" contains one of/],
    [{ addons: ['{qty}'] }, /addons\[0\]: "\{qty\}" contains one of/],
    [{ addons: ['Time Clock', 'time  clock'] }, /addons\[1\]: "time {2}clock" is also addons\[0\]/],
    [{ plans: ['Starter', 'Growth'], addons: ['Growth'] }, /addons\[0\]: "Growth" is also plans\[1\]/],
    [{ plans: ['Starter', 'Growth', 'Starter'] }, /plans\[2\]: "Starter" is also plans\[0\]/],
    [{ plans: null }, /plans: is empty/],
    [{ plans: [], addons: [], units: [] }, /file: lists no plan, add-on or unit/],
    [null, /file: is empty/],
    [{ addons: ['Clock.io'] }, /addons\[0\]: "Clock\.io" contains a dot/],
    [{ units: ['5'] }, /units\[0\]: "5" is only a number/],
  ];
  test.each(rejected)('rejects %j', (value, message) => {
    expect(() => parseCatalog(value, 'bad.yaml')).toThrow(/^--catalog bad\.yaml: /);
    expect(() => parseCatalog(value, 'bad.yaml')).toThrow(message);
  });

  test('function-word units name the catalogue, not the rule packs', () => {
    for (const unit of ['the', 'per', 'par']) {
      const parsed = parseCatalog({ units: [unit] }, 'units.yaml');
      expect(() => loadRuleSet([], false, parsed)).toThrow(new RegExp(`^--catalog units\\.yaml: units\\[0\\]: "${unit}" is only a function word`));
    }
    expect(() => loadRuleSet([], false, parseCatalog({ units: ['seat'] }, 'units.yaml'))).not.toThrow();
  });

  test('accepted: symbols around or between words', () => {
    const rules = loadRuleSet([], false, parseCatalog({ addons: ['⏰ Clock Pro', 'Q&A Desk', '"Insights"'] }, 'symbols.yaml'));
    expect(categories('Could we add Clock Pro for the Leeds team?', rules)).toEqual(['upgrade']);
    expect(categories('Please add Q&A Desk to our account.', rules)).toEqual(['upgrade']);
    expect(categories('Could we add Insights next month?', rules)).toEqual(['upgrade']);
  });
});

describe('a catalogue finding names its entry', () => {
  test.each([
    ['Please add Time Clock to all six centres.', 'catalog-upgrade', 'addons[0] "Time Clock"'],
    ["We'd like to move everyone to Enterprise in June.", 'catalog-upgrade', 'up to plans[2] "Enterprise"'],
    ['Can we go from Growth to Enterprise in June?', 'catalog-upgrade-move', 'plans[1] "Growth" to plans[2] "Enterprise"'],
    ['Please cancel Payroll Export.', 'catalog-churn-remove', 'addons[1] "Payroll Export"'],
    ['From May we will drop back to Starter.', 'catalog-churn-downgrade', 'down to plans[0] "Starter"'],
  ])('%s', (text, ruleId, entry) => {
    expect(hitsOf(text).find((hit) => hit.ruleId === ruleId)?.entry).toBe(entry);
  });

  test('pack rules carry no entry', () => {
    expect(hitsOf('Could you add 40 more learners before the autumn intake?').every((hit) => hit.entry === undefined)).toBe(true);
  });
});
