// The client's offer catalogue (`--catalog FILE`): its plans from lowest to
// highest, its add-ons and the units it bills by. The catalogue becomes rule
// data before the packs are compiled: a few generated rules per language and
// more words in the packs' `seat` and `unit` sets. So the context judge
// (negation, past, quoted text, the vendor's voice, blockers) decides on a
// catalogue match as on any other, and worker threads get it with the sources.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { LeakError } from '../errors.js';
import { foldText } from './normalize.js';
import { findStemmer } from './tokens.js';
import type { PackSource, RuleSource } from './rule-file.js';
import type { LanguageSource } from './rule-set.js';

/** One plan, add-on or unit: its name, plus the forms customers write in each language. */
export interface CatalogEntry {
  name: string;
  /** Forms by language code (`en`, `fr`), such as the French name of an add-on. */
  forms: Record<string, string[]>;
}

/** A client's offers, as given by `--catalog`. */
export interface Catalog {
  file: string;
  /** Plans or tiers from lowest to highest. */
  plans: CatalogEntry[];
  /** Add-ons, modules or options bought on top of a plan. */
  addons: CatalogEntry[];
  /** Units the client bills by: seat, learner, practitioner, location… */
  units: CatalogEntry[];
}

const CATALOG_FIELDS = ['plans', 'addons', 'units'] as const;
const ENTRY_FIELDS = ['name', 'en', 'fr'];

/** Characters with a meaning in rule patterns; a catalogue name is plain words. */
const PATTERN_SYNTAX = /[|?@{}*=]/g;

function fail(file: string, where: string, detail: string): never {
  throw new LeakError('RULES_INVALID', `--catalog ${file}: ${where}: ${detail}. Fix the catalogue file or leave out --catalog.`);
}

function readForms(file: string, where: string, value: unknown): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' && item.trim() !== '')) {
    fail(file, where, 'must be a word or a list of words');
  }
  return list.map((item: string) => item.trim());
}

function readEntry(file: string, where: string, value: unknown): CatalogEntry {
  if (typeof value === 'string') {
    if (value.trim() === '') fail(file, where, 'is empty');
    return { name: value.trim(), forms: {} };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, where, 'must be a name or a mapping with "name", "en" and "fr"');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!ENTRY_FIELDS.includes(key)) fail(file, `${where}.${key}`, `unknown field (expected one of ${ENTRY_FIELDS.join(', ')})`);
  }
  if (typeof record.name !== 'string' || record.name.trim() === '') fail(file, `${where}.name`, 'is missing or not a string');
  return { name: record.name.trim(), forms: { en: readForms(file, `${where}.en`, record.en), fr: readForms(file, `${where}.fr`, record.fr) } };
}

/** Checks a parsed catalogue (YAML or JSON data) and returns it; `file` names it in errors. */
export function parseCatalog(value: unknown, file: string): Catalog {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, 'file', `must be a mapping with ${CATALOG_FIELDS.join(', ')}`);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(CATALOG_FIELDS as readonly string[]).includes(key)) fail(file, key, `unknown field (expected one of ${CATALOG_FIELDS.join(', ')})`);
  }
  const read = (field: (typeof CATALOG_FIELDS)[number]): CatalogEntry[] => {
    const list = record[field] ?? [];
    if (!Array.isArray(list)) fail(file, field, 'must be a list');
    return list.map((item, index) => readEntry(file, `${field}[${index}]`, item));
  };
  return { file, plans: read('plans'), addons: read('addons'), units: read('units') };
}

/** Reads a catalogue file, YAML or JSON (JSON is YAML too). */
export function readCatalogFile(file: string): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LeakError('INPUT_NOT_FOUND', `--catalog ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the path.`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    fail(file, 'file', `is not valid YAML or JSON (${(error as Error).message.split('\n')[0] ?? ''})`);
  }
  return parseCatalog(value, file);
}

/** Returns the forms of an entry in one language, as pattern-safe text: the name first. */
function formsOf(entry: CatalogEntry, language: string): string[] {
  const forms = [entry.name, ...(entry.forms[language] ?? [])].map((form) => form.replace(PATTERN_SYNTAX, ' ').replace(/\s+/g, ' ').trim());
  return [...new Set(forms.filter((form) => form !== ''))];
}

/** Words of a change asked for, counted as request markers next to a catalogue name. */
const CHANGE_VERBS: Record<string, string[]> = {
  en: [
    'add|adding|enable|enabling|activate|activating|buy|buying|purchase|purchasing|order|ordering|trial|try|include|including',
    'switch|switching|turn|turning on',
    'upgrade|upgrading|move|moving|switch|switching|go|going|step|stepping *2 to|onto|into|up',
    'price|pricing|cost|costs|quote|quotation for|of|on',
  ],
  fr: [
    'ajouter|ajout|rajouter|activer|activation|souscrire|prendre|commander|acheter|essayer|tester|inclure',
    'passer|passage|basculer|monter|migrer *2 a|au|en|sur|vers|dessus',
    'tarif|prix|cout|devis|chiffrage|combien',
  ],
};

/**
 * Cues that the customer already runs the add-on or plan, or leaves it: a support question
 * ("Payroll Export is not loading"), a change already in effect, an add-on left for now.
 */
const NOT_A_REQUEST: Record<string, string[]> = {
  en: [
    'not|never|stopped|cannot|fails|failing|failed *1 load|loading|loads|work|working|sync|syncing|open|opening|show|showing|display|displaying|connect|connecting|save|saving|start|starting|respond|responding',
    'error|errors|bug|bugs|glitch|outage|broken|crash|crashed|crashing|frozen|freezes|stuck|timeout|duplicate|duplicates|duplicated|missing|wrong|incorrect',
    'log|logging|logged in|out',
    'password|login|logins',
    'how do|can i|we *1 use|configure|set|export|reset|change|fix',
    'is|are now? live|active|enabled|effective',
    'leave|leaving|skip|skipping|hold|holding *3 for now|next year|off',
    'revisit',
    // An add-on let go or a move down in the same clause: "close the two rent collection accounts".
    'cancel|cancelling|canceling|drop|dropping|remove|removing|close|closing|downgrade|downgrading',
  ],
  fr: [
    'ne *2 fonctionne|fonctionnent|marche|marchent|charge|chargent|affiche|affichent|synchronise|ouvre|demarre plus|pas',
    'ne *3 plus',
    'bug|bugs|bogue|erreur|erreurs|panne|plante|plantage|bloque|bloquee|lenteur|lenteurs|doublon|doublons|manquant|manquants|manquante|manquantes',
    'impossible de|d',
    'arrive|arrivons|arrivent plus|pas',
    'mot de passe',
    'connexion|identifiant|identifiants',
    'comment *2 exporter|configurer|parametrer|utiliser|regler|corriger',
    'effectif|effective|effectifs|effectives',
    'est|sont *1 actif|active|activee|activees|en place',
    // Une option retirée ou une offre plus basse dans la même proposition : « repasser en Base et supprimer l'option ».
    '=supprimer|supprimons|retirer|retirons|enlever|resilier|resilions|arreter|arretons|abandonner|repasser|redescendre|retrograder',
  ],
};

/**
 * A move towards a plan: "move us to Enterprise", "passer à l'offre Groupe". The verb is part of the
 * frame, because a plan named alone is often the one being bought or renewed ("the PO for the
 * Pro plan"), and plan names are often common words ("au cabinet").
 */
const PLAN_MOVE: Record<string, string> = {
  en: 'upgrade|upgrading|move|moving|switch|switching|go|going|step|stepping|jump|jumping|put|putting|take|taking *3 to|onto|into *2',
  fr: 'passer|passage|passons|basculer|basculons|monter|montons|migrer|evoluer *1 en|a|au|sur|vers *2',
};

/** A move down to a plan: "drop back to Core", "repasser en Solo". */
const PLAN_DOWN: Record<string, string> = {
  en: 'downgrade|downgrading|drop|dropping|revert|reverting|back|down *3 to the?',
  fr: 'redescendre|redescendons|repasser|repassons|revenir|revenons|retrograder|retourner *3 offre|formule|forfait|plan|abonnement|en',
};

/**
 * Returns the stems of the words of every plan and add-on name and form, as the rule
 * compiler reads them: folded, split at hyphens and apostrophes, stemmed by the pack's stemmer.
 */
function nameStems(catalog: Catalog, pack: PackSource): Set<string> {
  const stemmer = pack.stemmer === null ? null : findStemmer(pack.stemmer);
  const entries = [...catalog.plans, ...catalog.addons];
  const forms = entries.flatMap((entry) => [entry.name, ...Object.values(entry.forms).flat()]);
  const words = forms.flatMap((form) => foldText(form).split(/[^\p{L}\p{N}]+/u)).filter((word) => word !== '');
  return new Set(words.flatMap((word) => [word, stemmer?.stem(word) ?? word]));
}

/**
 * Returns blocker patterns without the alternatives that are words of the client's own names:
 * "drivers" marks a support question about a printer driver, but not in "Could we add Driver Coach?".
 * A pattern left with an empty element could never match and is dropped.
 */
function withoutNameWords(blockers: readonly string[], stems: ReadonlySet<string>, pack: PackSource): string[] {
  const stemmer = pack.stemmer === null ? null : findStemmer(pack.stemmer);
  const isName = (alternative: string): boolean => {
    const word = alternative.replace(/\?$/, '');
    return stems.has(word) || stems.has(stemmer?.stem(word) ?? word);
  };
  const kept: string[] = [];
  for (const blocker of blockers) {
    const elements = blocker.split(' ').map((element) =>
      element
        .split('|')
        .filter((alternative) => !isName(alternative))
        .join('|'),
    );
    if (elements.every((element) => element !== '')) kept.push(elements.join(' '));
  }
  return kept;
}

function generatedRule(id: string, category: RuleSource['category'], language: string, file: string, fields: Partial<RuleSource>): RuleSource {
  return { id, line: null, category, language, weight: 0.8, phrases: [], patterns: [], score: null, yieldsTo: [], fires: [], misses: [], file, ...fields };
}

/** Returns the rules a catalogue adds to one pack; none for a language the catalogue has no words for. */
export function catalogRules(pack: PackSource, catalog: Catalog): RuleSource[] {
  const language = pack.language;
  const upgradeScore = pack.rules.find((rule) => rule.category === 'upgrade' && rule.score !== null);
  const verbs = CHANGE_VERBS[language] ?? [];
  const move = PLAN_MOVE[language];
  const plans = catalog.plans.map((plan) => formsOf(plan, language));
  const higher = plans.slice(1).flat();
  const lower = plans.slice(0, -1).flat();
  const addons = catalog.addons.flatMap((addon) => formsOf(addon, language));
  const rules: RuleSource[] = [];

  // An add-on, or a move to a higher plan, with a request: "Please add Time Clock to all six centres".
  const objects = [...addons, ...(move === undefined ? [] : higher.map((name) => `${move} ${name}`))];
  if (objects.length > 0 && upgradeScore?.score) {
    rules.push(
      generatedRule('catalog-upgrade', 'upgrade', language, catalog.file, {
        weight: 0.75,
        score: {
          ...upgradeScore.score,
          threshold: 3,
          // The request must be in the name's own sentence: a name in a newsletter line or a
          // project update next to an unrelated question is no request.
          window: 0,
          intent: [...upgradeScore.score.intent, ...verbs],
          object: objects,
          // Every language's cues: a pack unsure of the language also reads the other language's text.
          blockers: withoutNameWords([...upgradeScore.score.blockers, ...Object.values(NOT_A_REQUEST).flat()], nameStems(catalog, pack), pack),
        },
      }),
    );
  }

  // A named move between two plans: up is an upgrade, down is churn risk.
  const from = language === 'fr' ? 'de|du' : 'from';
  const to = language === 'fr' ? 'a|au|en|vers' : 'to|into|onto';
  const up: string[] = [];
  const down: string[] = [];
  plans.forEach((lowForms, low) => {
    plans.slice(low + 1).forEach((highForms) => {
      for (const lowName of lowForms) {
        for (const highName of highForms) {
          up.push(`${from} *2 ${lowName} *2 ${to} *2 ${highName}`);
          down.push(`${from} *2 ${highName} *2 ${to} *2 ${lowName}`);
        }
      }
    });
  });
  if (up.length > 0) rules.push(generatedRule('catalog-upgrade-move', 'upgrade', language, catalog.file, { patterns: up }));
  const downFrame = PLAN_DOWN[language];
  const downgrades = downFrame === undefined ? [] : lower.map((name) => `${downFrame} ${name}`);
  if (down.length + downgrades.length > 0) {
    rules.push(generatedRule('catalog-churn-downgrade', 'churn-risk', language, catalog.file, { patterns: [...down, ...downgrades] }));
  }
  return rules;
}

/**
 * Returns the head noun of a unit's form: the last word in English, the first in French.
 * Hyphens, apostrophes and dots split words as the tokenizer does, so "fee-earner" gives "earner".
 */
function headWord(form: string, language: string): string {
  const words = form.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  return (language === 'fr' ? words[0] : words[words.length - 1]) ?? form;
}

/** Returns the sources with a catalogue's rules and units added to every pack; no catalogue, no change. */
export function applyCatalog(sources: readonly LanguageSource[], catalog: Catalog | null): LanguageSource[] {
  if (catalog === null) return [...sources];
  return sources.map(({ source, files }) => {
    // A set contains single words, so a unit of several words gives its head noun ("tracked vehicle", "siège émetteur").
    const units = catalog.units.flatMap((unit) => formsOf(unit, source.language)).map((form) => headWord(form, source.language));
    const sets = { ...source.sets };
    for (const name of ['seat', 'unit']) if (sets[name] !== undefined) sets[name] = [...new Set([...(sets[name] ?? []), ...units])];
    const extended: PackSource = { ...source, sets };
    return { source: { ...extended, rules: [...source.rules, ...catalogRules(extended, catalog)] }, files: [...files, catalog.file] };
  });
}
