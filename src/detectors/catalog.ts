// The client's offer catalogue (`--catalog FILE`): its plans from lowest to
// highest, its add-ons and the units it bills by. The catalogue becomes rule
// data before the packs are compiled: a few generated rules per language and
// more words in the packs' `seat` and `unit` sets. So the context judge
// (negation, past, quoted text, the vendor's voice, blockers) decides on a
// catalogue match as on any other, and worker threads get it with the sources.
import { requirePackage } from '../require-package.js';
import { checkCatalog, checkFunctionWords, decodeCatalog, FUNCTION_WORDS, nameWords, PATTERN_SYNTAX, readCatalogBytes, reject } from './catalog-check.js';
import { foldText } from './normalize.js';
import { findStemmer } from './tokens.js';
import type { PackSource, RuleSource } from './rule-file.js';
import type { LanguageSource } from './rule-set.js';

const { parse } = requirePackage('yaml') as typeof import('yaml');

/** The value of `--catalog` that discovers the catalogue in the mail being audited. */
export const AUTO_CATALOG = 'auto';

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
  /**
   * True when the plans are in no known order (`order: unknown`, as in a discovered catalogue).
   * A move to any plan then counts only with an upgrade verb, and a move down only with a word
   * meaning down. A move between two named plans counts as neither.
   */
  unordered?: boolean;
}

const CATALOG_FIELDS = ['plans', 'addons', 'units'] as const;
/** Values of the optional `order` field: the default, and plans in no known order. */
const ORDERS = ['lowest-first', 'unknown'];
const ENTRY_FIELDS = ['name', 'en', 'fr'];

function readForms(file: string, where: string, value: unknown): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' && item.trim() !== '')) {
    reject(file, where, 'must be a word or a list of words');
  }
  return list.map((item: string) => item.trim());
}

function readEntry(file: string, where: string, value: unknown): CatalogEntry {
  if (typeof value === 'string') {
    if (value.trim() === '') reject(file, where, 'is empty');
    return { name: value.trim(), forms: {} };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reject(file, where, 'must be a name or a mapping with "name", "en" and "fr"');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!ENTRY_FIELDS.includes(key)) reject(file, `${where}.${key}`, `unknown field (expected one of ${ENTRY_FIELDS.join(', ')})`);
  }
  if (typeof record.name !== 'string' || record.name.trim() === '') reject(file, `${where}.name`, 'is missing or not a string');
  return { name: record.name.trim(), forms: { en: readForms(file, `${where}.en`, record.en), fr: readForms(file, `${where}.fr`, record.fr) } };
}

/** Checks a parsed catalogue (YAML or JSON data) and returns it; `file` names it in errors. */
export function parseCatalog(value: unknown, file: string): Catalog {
  if (value === null || value === undefined) reject(file, 'file', `is empty; list the offers under ${CATALOG_FIELDS.join(', ')}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reject(file, 'file', `must be a mapping with ${CATALOG_FIELDS.join(', ')}`);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(CATALOG_FIELDS as readonly string[]).includes(key) && key !== 'order') reject(file, key, `unknown field (expected one of ${CATALOG_FIELDS.join(', ')}, order)`);
  }
  if ('order' in record && !ORDERS.includes(record.order as string)) reject(file, 'order', `must be ${ORDERS.join(' or ')}`);
  const read = (field: (typeof CATALOG_FIELDS)[number]): CatalogEntry[] => {
    if (field in record && record[field] === null) reject(file, field, 'is empty; list at least one name, or remove the field');
    const list = record[field] ?? [];
    if (!Array.isArray(list)) reject(file, field, 'must be a list');
    return list.map((item, index) => readEntry(file, `${field}[${index}]`, item));
  };
  const catalog: Catalog = { file, plans: read('plans'), addons: read('addons'), units: read('units'), ...(record.order === 'unknown' ? { unordered: true } : {}) };
  checkCatalog(catalog);
  return catalog;
}

/** Reads a catalogue file, YAML or JSON (JSON is YAML too). */
export function readCatalogFile(file: string): Catalog {
  const text = decodeCatalog(file, readCatalogBytes(file));
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    reject(file, 'file', `is not valid YAML or JSON (${(error as Error).message.split('\n')[0] ?? ''})`);
  }
  return parseCatalog(value, file);
}

/** Returns the forms of an entry in one language, as pattern-safe text: the name first. */
function formsOf(entry: CatalogEntry, language: string): string[] {
  const forms = [entry.name, ...(entry.forms[language] ?? [])].map(patternText);
  return [...new Set(forms.filter((form) => form !== ''))];
}

/**
 * Returns a name as pattern text, split the way the tokenizer splits it. Symbols between words
 * ("Q&A", "Pro+ Plan", an emoji) are tokens of their own in mail, so they become a short gap.
 * Symbols at either end are dropped. Hyphens and apostrophes stay, as the tokenizer reads them.
 */
function patternText(form: string): string {
  const parts = form
    .replace(new RegExp(PATTERN_SYNTAX.source, 'g'), ' ')
    .split(/([^\p{L}\p{N}\s'’-]+)/u)
    .map((part, index) => (index % 2 === 1 ? ' *2 ' : part));
  const words = parts
    .join(' ')
    .split(/\s+/)
    .filter((word) => word === '*2' || /[\p{L}\p{N}]/u.test(word));
  // A gap never opens or ends a pattern, and two in a row are one.
  const tokens = words.filter((word, index) => word !== '*2' || words[index - 1] !== '*2');
  while (tokens[0] === '*2') tokens.shift();
  while (tokens.at(-1) === '*2') tokens.pop();
  return tokens.join(' ');
}

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

/**
 * A move to a plan of unknown rank: only an upgrade verb shows it is up ("upgrade to Business",
 * "monter en Premium"), since "switch to Business" may be a move down.
 */
const PLAN_UP_ONLY: Record<string, string> = {
  en: 'upgrade|upgrading|up *3 to|onto|into *2',
  fr: 'monter|montons|evoluer|evoluons|upgrader *1 en|a|au|sur|vers *2',
};

/**
 * A move down to a plan of unknown rank: only a word that means down ("drop down to Venue",
 * "downgrade to Team", "repasser en Atelier"), never "back to" alone.
 */
const PLAN_DOWN_ONLY: Record<string, string> = {
  en: 'downgrade|downgrading|down *3 to the?',
  fr: 'redescendre|redescendons|repasser|repassons|retrograder *3 offre|formule|forfait|plan|abonnement|en',
};

/** A move down to a plan: "drop back to Core", "repasser en Solo". */
const PLAN_DOWN: Record<string, string> = {
  en: 'downgrade|downgrading|drop|dropping|revert|reverting|back|down *3 to the?',
  fr: 'redescendre|redescendons|repasser|repassons|revenir|revenons|retrograder|retourner *3 offre|formule|forfait|plan|abonnement|en',
};

/**
 * Returns the words of every plan and add-on name and form, as the rule compiler reads
 * them, each also stemmed by the pack's stemmer. Function words ("de" in "couverture de
 * change", "of") name nothing: left in, they would strip "de" from a blocker such as
 * "impossible de|d" and leave the bare elided letter, which the rule compiler rejects.
 */
function nameStems(catalog: Catalog, stem: (word: string) => string): Set<string> {
  const entries = [...catalog.plans, ...catalog.addons];
  const words = entries
    .flatMap((entry) => [entry.name, ...Object.values(entry.forms).flat()])
    .flatMap(nameWords)
    .filter((word) => !FUNCTION_WORDS.has(word));
  return new Set(words.flatMap((word) => [word, stem(word)]));
}

/**
 * Returns blocker patterns without the alternatives that are words of the client's own names:
 * "drivers" marks a support question about a printer driver, but not in "Could we add Driver Coach?".
 * A pattern left with an empty element could never match and is dropped.
 */
function withoutNameWords(blockers: readonly string[], stems: ReadonlySet<string>, stem: (word: string) => string): string[] {
  const isName = (alternative: string): boolean => {
    const word = alternative.replace(/\?$/, '');
    return stems.has(word) || stems.has(stem(word));
  };
  const usable: string[] = [];
  for (const blocker of blockers) {
    const elements = blocker.split(' ').map((element) =>
      element
        .split('|')
        .filter((alternative) => !isName(alternative))
        .join('|'),
    );
    if (elements.every((element) => element !== '')) usable.push(elements.join(' '));
  }
  return usable;
}

/** Returns the pack's stemmer as a function; a pack without one keeps words as they are. */
function stemmerOf(pack: PackSource): (word: string) => string {
  const stemmer = pack.stemmer === null ? null : findStemmer(pack.stemmer);
  return (word) => stemmer?.stem(word) ?? word;
}

function generatedRule(id: string, category: RuleSource['category'], language: string, file: string, fields: Partial<RuleSource>): RuleSource {
  return { id, line: null, category, language, weight: 0.8, phrases: [], patterns: [], score: null, yieldsTo: [], fires: [], misses: [], file, ...fields };
}

/**
 * Returns the acquisition frames around a name, matched in the name's own sentence: a change verb before it
 * ("add", "activate", "order the"), a price asked for it ("a quote for", "how much is",
 * "what would … cost"), or a verb after it ("something we could turn on"). A name with a
 * question mark, "please" or "we want" alone is a support question as often as a request.
 */
function acquireFrames(language: string, name: string): string[] {
  if (language === 'fr') {
    return [
      `ajouter|ajout|rajouter|activer|activation|souscrire|commander|acheter|essayer|tester *3 ${name}`,
      `prendre|prenons|prenne|prennent|prendrions|prendrait aussi? le|la|l|les|un|une? ${name}`,
      `faudrait|faudra *3 ${name}`,
      `devis|chiffrage|tarif|tarifs|prix|cout|couts|proposition pour *2 ${name}`,
      `devis|chiffrage *1 de|du|d *1 ${name}`,
      `combien *3 ${name}`,
    ];
  }
  return [
    `add|adding|enable|enabling|activate|activating|buy|buying|purchase|purchasing *3 ${name}`,
    `trial|trialling|trialing|try|trying out? the? ${name}`,
    `order|ordering the|a|an? ${name}`,
    `switch|switching|turn|turning on the? ${name}`,
    `switch|turn the? ${name} on`,
    `get|have the? ${name} switched|turned|enabled|activated|added`,
    `${name} *3 could|can|would|should we|you? add|enable|activate|buy|turn|switch`,
    `${name} *3 could|can we|you? have *1 on|onto|added|enabled|activated`,
    `quote|quotation|price|prices|pricing|cost|costs|estimate|proposal for *2 ${name}`,
    `how much is|are|does|would|for *2 ${name}`,
    `what would|will|does *2 ${name} *2 cost`,
  ];
}

/**
 * Removing an add-on: "Please cancel Time Clock", "turn off", "stop paying for", "résilier".
 * A churn-risk rule of its own, and blockers of the upgrade rule.
 */
const REMOVE_VERBS: Record<string, string> = {
  en: 'cancel|cancelling|canceling|cancellation|deactivate|deactivating|disable|disabling|discontinue|discontinuing|terminate|terminating|unsubscribe',
  fr: 'resilier|resiliation|resilions|desactiver|desactivation|supprimer|suppression|arreter|arret|arretons|retirer|enlever|annuler|annulation|desabonner',
};

function removeFrames(language: string, name: string): string[] {
  const verbs = REMOVE_VERBS[language];
  if (verbs === undefined) return [];
  if (language === 'fr') return [`${verbs} *3 ${name}`, `ne *2 plus *3 ${name}`];
  return [
    `${verbs} *3 ${name}`,
    // "remove" and "drop" also describe software on one's own machine ("remove all the uhd stuff").
    `remove|removing|drop|dropping the|our? ${name}`,
    `turn|turning|switch|switching off the? ${name}`,
    `turn|switch the? ${name} off`,
    `stop|stopping paying|using for? the? ${name}`,
    `no longer need|want|use *2 ${name}`,
  ];
}

/** Words of a sentence that gives something up or moves down, which no upgrade sentence has. */
const GIVING_UP: Record<string, string[]> = {
  en: [
    'cancel|cancelling|canceling|cancellation|deactivate|deactivating|disable|disabling|discontinue|discontinuing|unsubscribe|downgrade|downgrading',
    'turn|turning|switch|switching off',
    'stop|stopping paying|using',
    'no longer',
    'move|moving|go|going|step|stepping|drop|dropping down|back',
    'cheaper|lower|smaller *2 plan|tier|package|edition|option',
  ],
  fr: [
    'resilier|resiliation|desactiver|desactivation|annuler|desabonner|retrograder|redescendre|repasser',
    'ne plus',
    'offre|formule|forfait *1 inferieure|moins chere',
  ],
};

/** One form of a catalogue entry, with the entry it belongs to, as findings name it. */
interface Named {
  name: string;
  /** `addons[1] "Payroll Export"`: the field, the position and the name in the catalogue. */
  entry: string;
}

/** Returns the pattern-safe forms of each entry of a field in one language, each with its entry. */
function namedForms(entries: readonly CatalogEntry[], field: string, language: string): Named[][] {
  return entries.map((entry, index) => formsOf(entry, language).map((name) => ({ name, entry: `${field}[${index}] "${entry.name}"` })));
}

/** Records the catalogue entry each generated pattern names, so that a finding can name it. */
function labelled(entries: Map<string, string>, pattern: string, entry: string): string {
  if (!entries.has(pattern)) entries.set(pattern, entry);
  return pattern;
}

/**
 * Returns the moves between plans in one language: "from Starter to Growth" up, "from Enterprise to
 * Growth" and "drop back to Starter" down. Every pair of plan forms makes a pattern, which is
 * why a catalogue lists a few dozen plans at most.
 */
function planMoves(plans: readonly Named[][], language: string, entries: Map<string, string>): { up: string[]; down: string[] } {
  const from = language === 'fr' ? 'de|du' : 'from';
  const to = language === 'fr' ? 'a|au|en|vers' : 'to|into|onto';
  const up: string[] = [];
  const down: string[] = [];
  plans.forEach((lowForms, low) => {
    plans.slice(low + 1).forEach((highForms) => {
      for (const lowName of lowForms) {
        for (const highName of highForms) {
          up.push(labelled(entries, `${from} *2 ${lowName.name} *2 ${to} *2 ${highName.name}`, `${lowName.entry} to ${highName.entry}`));
          down.push(labelled(entries, `${from} *2 ${highName.name} *2 ${to} *2 ${lowName.name}`, `${highName.entry} to ${lowName.entry}`));
        }
      }
    });
  });
  const downFrame = PLAN_DOWN[language];
  if (downFrame !== undefined) {
    for (const plan of plans.slice(0, -1).flat()) down.push(labelled(entries, `${downFrame} ${plan.name}`, `down to ${plan.entry}`));
  }
  return { up, down };
}

/** Returns the moves down of a catalogue whose plans have no known order: to any plan, after a word meaning down. */
function unorderedMoves(plans: readonly Named[][], language: string, entries: Map<string, string>): { up: string[]; down: string[] } {
  const downFrame = PLAN_DOWN_ONLY[language];
  if (downFrame === undefined) return { up: [], down: [] };
  return { up: [], down: plans.flat().map((plan) => labelled(entries, `${downFrame} ${plan.name}`, `down to ${plan.entry}`)) };
}

/**
 * Returns the pack's own scored upgrade rules with the catalogue's moves down as blockers: with
 * the plan order known, "move from Enterprise to Growth" names a higher tier but moves down.
 */
function withDownMoveBlockers(rules: readonly RuleSource[], down: readonly string[]): RuleSource[] {
  if (down.length === 0) return [...rules];
  return rules.map((rule) =>
    rule.category === 'upgrade' && rule.score !== null && !rule.id.startsWith('catalog-')
      ? { ...rule, score: { ...rule.score, blockers: [...rule.score.blockers, ...down] } }
      : rule,
  );
}

/**
 * Returns the rules a catalogue adds to one pack (none for a language the catalogue has no words
 * for), and its moves down between plans, which block the pack's own upgrade rules.
 */
function catalogRules(pack: PackSource, catalog: Catalog): { rules: RuleSource[]; down: string[] } {
  const language = pack.language;
  const stem = stemmerOf(pack);
  const upgradeScore = pack.rules.find((rule) => rule.category === 'upgrade' && rule.score !== null);
  const move = catalog.unordered === true ? PLAN_UP_ONLY[language] : PLAN_MOVE[language];
  const plans = namedForms(catalog.plans, 'plans', language);
  const higher = (catalog.unordered === true ? plans : plans.slice(1)).flat();
  const addons = namedForms(catalog.addons, 'addons', language).flat();
  const rules: RuleSource[] = [];
  const entries = new Map<string, string>();

  // An add-on, or a move to a higher plan, inside an acquisition frame: "Please add Time Clock to all six centres".
  const objects = [
    ...addons.flatMap(({ name, entry }) => acquireFrames(language, name).map((frame) => labelled(entries, frame, entry))),
    ...(move === undefined ? [] : higher.map(({ name, entry }) => labelled(entries, `${move} ${name}`, `up to ${entry}`))),
  ];
  if (objects.length > 0 && upgradeScore?.score) {
    rules.push(
      generatedRule('catalog-upgrade', 'upgrade', language, catalog.file, {
        weight: 0.75,
        // A sentence that also moves down or drops something ("move from Enterprise to Growth") is churn risk.
        yieldsTo: ['churn-risk'],
        score: {
          ...upgradeScore.score,
          // The frame is the request and the object at once (1 + 2 points): it must be in the
          // name's own sentence, and a question mark, "please" or "we want" next to a bare name
          // add nothing.
          threshold: 3,
          question: 0,
          intentPoints: 1,
          objectPoints: 2,
          window: 0,
          intent: objects,
          object: objects,
          // Every language's cues: a pack unsure of the language also reads the other language's text.
          blockers: withoutNameWords(
            [...upgradeScore.score.blockers, ...Object.values(NOT_A_REQUEST).flat(), ...Object.values(GIVING_UP).flat()],
            nameStems(catalog, stem),
            stem,
          ),
        },
      }),
    );
  }

  // Dropping an add-on is churn risk, never an upgrade.
  const removals = addons.flatMap(({ name, entry }) => removeFrames(language, name).map((frame) => labelled(entries, frame, entry)));
  if (removals.length > 0) rules.push(generatedRule('catalog-churn-remove', 'churn-risk', language, catalog.file, { patterns: removals }));

  // A named move between two plans: up is an upgrade, down is churn risk.
  const { up, down } = catalog.unordered === true ? unorderedMoves(plans, language, entries) : planMoves(plans, language, entries);
  if (up.length > 0) rules.push(generatedRule('catalog-upgrade-move', 'upgrade', language, catalog.file, { patterns: up, yieldsTo: ['churn-risk'] }));
  if (down.length > 0) rules.push(generatedRule('catalog-churn-downgrade', 'churn-risk', language, catalog.file, { patterns: down }));
  const catalogEntries = Object.fromEntries(entries);
  return { rules: rules.map((rule) => ({ ...rule, catalogEntries })), down };
}

/**
 * Returns the head noun of a unit's form: the last word in English, the first in French.
 * Hyphens, apostrophes and dots split words as the tokenizer does, so "fee-earner" gives "earner".
 */
function headWord(form: string, language: string): string {
  const words = nameWords(form);
  return (language === 'fr' ? words[0] : words[words.length - 1]) ?? form;
}

/** Returns the sources with a catalogue's rules and units added to every pack; no catalogue, no change. */
export function applyCatalog(sources: readonly LanguageSource[], catalog: Catalog | null): LanguageSource[] {
  if (catalog === null) return [...sources];
  for (const { source } of sources) checkFunctionWords(catalog, source.language, source.stopwords);
  return sources.map(({ source, files }) => {
    // A set contains single words, so a unit of several words gives its head noun ("tracked vehicle", "siège émetteur").
    const units = catalog.units.flatMap((unit) => [unit.name, ...(unit.forms[source.language] ?? [])]).map((form) => headWord(form, source.language));
    const sets = { ...source.sets };
    for (const name of ['seat', 'unit']) if (sets[name] !== undefined) sets[name] = [...new Set([...(sets[name] ?? []), ...units])];
    const extended: PackSource = { ...source, sets };
    const generated = catalogRules(extended, catalog);
    const rules = [...withDownMoveBlockers(source.rules, generated.down), ...generated.rules];
    return { source: { ...extended, rules }, files: [...files, catalog.file] };
  });
}
