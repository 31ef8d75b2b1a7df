// Offer catalogue discovery (`leak catalog discover`, `leak audit --catalog auto`). A mailbox
// names its offers all the time: the owner writes "our Business plan" or "le module Archivage",
// and customers reply with the same names. This pass reads every message of a mailbox (both
// sides, new and quoted text) and proposes the plans, add-ons and billing units named in a
// plan frame ("the X plan", "l'offre X"), an add-on frame ("the X add-on", "le module X") or a
// billing frame ("per X per month"). A name is kept only when two different sentences in two
// different messages name it, so a sentence quoted in five replies counts once. The plans are
// put lowest to highest only when the mail orders every one of them ("upgrade from X to Y",
// prices). Otherwise the catalogue marks its order unknown, and the rules then count a move to a
// plan only with an explicit upgrade verb, and a move down only with a word such as "down".
import { createHash } from 'node:crypto';
import { requirePackage } from '../require-package.js';
import { compareText } from '../compare.js';
import { checkCatalog, MAX_ADDONS, MAX_PLANS, MAX_UNITS, nameWords } from './catalog-check.js';
import type { Catalog, CatalogEntry } from './catalog.js';
import { foldText } from './normalize.js';

const { stringify } = requirePackage('yaml') as typeof import('yaml');

/** One message as discovery reads it: its thread, its own key and its text (subject and body). */
export interface DiscoveryMessage {
  thread: string;
  id: string;
  /** Location of the message for an entry's comment: its date and subject, or a thread id. */
  where: string;
  text: string;
  /** Display names and addresses of its sender and recipients: a name made of their words is a person or a company, not an offer. */
  people?: string[];
}

type Field = 'plans' | 'addons' | 'units';

/** A name found in the mail, with where and how often it was seen. */
export interface Sighting {
  field: Field;
  name: string;
  /** Different sentences that name it, after folding, so a quoted copy counts once. */
  sentences: number;
  messages: number;
  threads: number;
  /** The frames it was seen in, as "the X plan", "l'offre X". */
  frames: string[];
  /** The first message that named it. */
  firstSeen: string;
  /** Price mentions next to a plan name, for ordering. */
  prices: number[];
}

/** Counts of a discovery read: the messages parsed, and those left out by kind. */
export interface DiscoveryRead {
  messages: number;
  /** Automated and bulk messages left out, by their kind ("bulk", "auto-reply"). */
  excluded: Record<string, number>;
}

export interface DiscoveredCatalog {
  /** The catalogue, or null when nothing passed the bar. */
  catalog: Catalog | null;
  /** True when the plans are lowest to highest; false when the mail does not order them all. */
  ordered: boolean;
  /** One sighting per kept entry, in catalogue order. */
  kept: Sighting[];
  /** Names seen but below the bar, for the comment at the end. */
  dropped: Sighting[];
}

/** The bar: different sentences, and different messages, that must name an entry. */
export const MIN_SENTENCES = 2;
export const MIN_MESSAGES = 2;

/** A capitalised word of a name: "Growth", "SSO", "Pro+", "Étude", "Q&A". */
const CAP = String.raw`[A-ZÀ-ÖØ-Þ][\p{L}&+’'-]*`;
/** A run of one to three capitalised words. */
const CAP_RUN = String.raw`${CAP}(?:[ \t]+${CAP}){0,2}`;
/** A single lowercase word, for French add-ons written in lowercase ("l'option maintenance"). */
const LOWER = String.raw`[a-zà-öø-ÿ][a-zà-öø-ÿ-]{3,}`;

/**
 * Words that never name an offer on their own: articles, possessives, quantities, months and
 * the adjectives of "the free plan", "the current plan", "the next tier".
 */
const NOT_A_NAME = new Set(
  `a an the our your their my his her its this that these those which what any every each some all no
  free paid current new old same other another next last previous higher lower top bottom basic cheapest cheaper
  annual monthly yearly quarterly trial default existing upgraded full whole right best better different standard-
  one two three four five single family personal
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday
  q1 q2 q3 q4 h1 h2 i we you they he she it if so and or but for to of in on at by with
  le la les l un une des du de ce cet cette nos notre votre vos leur leurs mon ma mes son sa ses
  actuel actuelle nouveau nouvelle nouvel meme autre suivant suivante superieure superieur inferieure inferieur
  gratuit gratuite payant payante annuel annuelle mensuel mensuelle premier premiere
  ceci cela qui que quoi dont ou et pour par avec sans sur sous dans chez entre
  janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
  lundi mardi mercredi jeudi vendredi samedi dimanche`.split(/\s+/),
);

/**
 * Kinds of plan that are documents or arrangements, not offers: "a business plan", "the action
 * plan", "a payment plan". They count only in a frame no document takes ("the Business tier",
 * "upgrade to Business", "l'offre Business"), never in "the X plan" alone.
 */
const DOCUMENT_PLANS = new Set(
  `business action project marketing payment repayment financial finance strategic strategy development training
  succession recovery continuity migration rollout implementation onboarding communication communications work test
  floor seating transition estate pension retirement savings investment care treatment meal data phone mobile health
  dental insurance media content sales growth-plan lesson study exit escalation remediation contingency
  retention capacity resourcing hiring bonus compensation incentive stock equity benefits benefit vacation travel
  dinner party meeting seating delivery shipping`.split(/\s+/),
);

/** French lowercase words after "option" or "module" that are not add-ons. */
const NOT_AN_ADDON = new Set(
  `choisie retenue proposee proposees suivante suivantes possible possibles choix ideale envisagee
  logique simple simplest cette celle plus moins aussi retenir offerte payante gratuite incluse inclus
  comprise compris activee active standard classique habituelle actuelle dediee manuelle
  avec dans pour sans tout toute toutes tous`.split(/\s+/),
);

interface Frame {
  field: Field;
  /** The frame as shown in a comment, with X for the name. */
  label: string;
  pattern: RegExp;
  /** Strong frames name an offer even when the word could name a document ("the Business tier"). */
  strong: boolean;
  /** Accept one lowercase word as the name (French add-ons). */
  lower?: boolean;
}

const flags = 'gu';
const FRAMES: Frame[] = [
  // English plans: "the Growth plan", "our Business plan", "Enterprise tier", "the Pro edition".
  { field: 'plans', label: 'the X plan', pattern: new RegExp(String.raw`(${CAP_RUN})[ \t]+(?:[Pp]lan|PLAN)s?\b`, flags), strong: false },
  { field: 'plans', label: 'the X tier', pattern: new RegExp(String.raw`(${CAP_RUN})[ \t]+(?:[Tt]ier|[Ee]dition|TIER)s?\b`, flags), strong: true },
  { field: 'plans', label: 'move up to X', pattern: new RegExp(String.raw`\b(?:[Mm]ov(?:e|ed|ing)|[Ss]tep(?:s|ped|ping)?|[Gg]o(?:es|ing)?|[Ww]ent|[Jj]ump(?:ed|ing)?)[ \t]+(?:us[ \t]+)?up[ \t]+to[ \t]+(?:the[ \t]+)?(${CAP_RUN})`, flags), strong: true },
  { field: 'plans', label: 'from X to Y', pattern: new RegExp(String.raw`\b(?:[Uu]pgrad\w*|[Dd]owngrad\w*|[Mm]ov\w*|[Ss]witch\w*|[Ss]tep\w*)\b[^.;:!?]*?\bfrom[ \t]+(?:the[ \t]+|our[ \t]+)?(${CAP_RUN})(?:[ \t]+(?:plan|tier))?(?:[ \t]+(?:up|down))?[ \t]+to[ \t]+(?:the[ \t]+)?${CAP}`, 'gu'), strong: true },
  { field: 'plans', label: 'from X to Y', pattern: new RegExp(String.raw`\b(?:[Uu]pgrad\w*|[Dd]owngrad\w*|[Mm]ov\w*|[Ss]witch\w*|[Ss]tep\w*)\b[^.;:!?]*?\bfrom[ \t]+(?:the[ \t]+|our[ \t]+)?${CAP}(?:[ \t]+${CAP}){0,2}(?:[ \t]+(?:plan|tier))?(?:[ \t]+(?:up|down))?[ \t]+to[ \t]+(?:the[ \t]+)?(${CAP_RUN})`, 'gu'), strong: true },
  { field: 'plans', label: 'upgrade to X', pattern: new RegExp(String.raw`\b(?:[Uu]pgrad(?:e|ed|ing)|[Dd]owngrad(?:e|ed|ing))(?:[ \t]+(?:us|you|them|me|our account|the account))?[ \t]+(?:to|onto)[ \t]+(?:the[ \t]+)?(${CAP_RUN})`, flags), strong: true },
  // French plans: "l'offre Étude", "la formule Confort", "le forfait Sérénité", "passer en Premium".
  { field: 'plans', label: "l'offre X", pattern: new RegExp(String.raw`\b(?:[Ll]['’]offre|[Ll]a formule|[Ll]e forfait|[Ll]['’]abonnement|[Oo]ffre|[Ff]ormule|[Ff]orfait)[ \t]+(${CAP_RUN})`, flags), strong: true },
  { field: 'plans', label: 'passer en X', pattern: new RegExp(String.raw`\b(?:[Pp]asser|[Pp]assons|[Pp]assage|[Mm]onter|[Mm]ontons|[Bb]asculer|[Mm]igrer|[ÉéEe]voluer)[ \t]+(?:en|vers|sur)[ \t]+(${CAP_RUN})`, flags), strong: true },
  // English add-ons: "the Video Interviews add-on", "Payroll Export module".
  { field: 'addons', label: 'the X add-on', pattern: new RegExp(String.raw`(${CAP_RUN})[ \t]+(?:[Aa]dd-?[ \t]?on|ADD-ON|[Mm]odule)s?\b`, flags), strong: true },
  // French add-ons: "le module Archivage", "l'option SSO", "option maintenance incluse".
  { field: 'addons', label: 'le module X', pattern: new RegExp(String.raw`(?:\b(?:[Ll]e|[Dd]u|[Aa]u|[Uu]n)[ \t]+|(?<![\p{L}’'])(?=m))module[ \t]+(${CAP_RUN})|(?:\b(?:[Ll]['’]|[Dd]['’]|[Uu]ne[ \t]+)|(?<![\p{L}’'])(?=o))option[ \t]+(${CAP_RUN})`, flags), strong: true },
  { field: 'addons', label: "l'option x", pattern: new RegExp(String.raw`\b(?:[Ll]e module|[Ll]['’]option)[ \t]+(${LOWER})\b`, flags), strong: true, lower: true },
  // An add-on of two or three words turned on by name: "turn on Advanced Automation", "activer Signature Qualifiée".
  { field: 'addons', label: 'add X', pattern: new RegExp(String.raw`\b(?:[Aa]dd(?:ing)?|[Ee]nabl(?:e|ing)|[Aa]ctivat(?:e|ing)|[Tt]urn(?:ing)?[ \t]+on|[Ss]witch(?:ing)?[ \t]+on|[Tt]ri(?:al|alling|y|ying)|[Bb]uy(?:ing)?|[Pp]urchas(?:e|ing)|[Aa]jouter|[Aa]ctiver|[Ss]ouscrire(?:[ \t]+à)?)[ \t]+(?:the[ \t]+|le[ \t]+|la[ \t]+|l['’])?(${CAP}[ \t]+${CAP}(?:[ \t]+${CAP})?)`, flags), strong: true },
  { field: 'addons', label: 'get X switched on', pattern: new RegExp(String.raw`\b(?:[Gg]et|[Hh]ave)[ \t]+(?:the[ \t]+)?(${CAP}(?:[ \t]+${CAP}){0,2})[ \t]+(?:switched|turned)[ \t]+on\b`, flags), strong: true },
];

/** Billing units: "per location per month", "par apprenant et par mois". */
const UNIT_FRAMES: RegExp[] = [
  /\bper ([a-z][a-z-]{2,}) (?:per|a|each|every|\/) ?(?:month|year|annum|week|mo)\b/gu,
  /\bper ([a-z][a-z-]{2,}) ?\/ ?(?:month|year|mo|yr)\b/gu,
  /\bpar ([a-zà-öø-ÿ][a-zà-öø-ÿ-]{2,}) (?:et )?par (?:mois|an|année|semaine)\b/gu,
  /\bpar ([a-zà-öø-ÿ][a-zà-öø-ÿ-]{2,}) ?\/ ?(?:mois|an)\b/gu,
];
const NOT_A_UNIT = new Set(['month', 'year', 'annum', 'week', 'day', 'hour', 'cent', 'mois', 'annee', 'semaine', 'jour', 'heure', 'rapport', 'exemple', 'contre', 'ailleurs', 'mail', 'email', 'courrier']);

/**
 * Splits text into sentences, with quote marks and list bullets taken off each line. A single
 * line break is a space, since mail wraps long lines ("go up from Insight to / Command.").
 */
export function sentencesOf(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.replace(/^[\s>|]+/, '').replace(/^[-*•]\s+/, ''));
  return lines
    .join('\n')
    .split(/(?<=[.!?;:])\s+|\n\s*\n/u)
    .map((sentence) => sentence.replace(/\s+/g, ' ').trim())
    .filter((sentence) => sentence !== '');
}

/** Returns a captured name without the words that open or close it but name nothing ("Our", "The"). */
function trimName(raw: string): string {
  const words = raw.split(/\s+/);
  while (words.length > 0 && NOT_A_NAME.has(foldText(words[0] as string))) words.shift();
  while (words.length > 0 && NOT_A_NAME.has(foldText(words.at(-1) as string))) words.pop();
  return words.join(' ').replace(/['’]s$/u, '');
}

interface Mention {
  field: Field;
  name: string;
  key: string;
  label: string;
  strong: boolean;
  sentence: string;
  price: number | null;
}

const PRICE = /(?:[€$£]\s?(\d+(?:[.,]\d+)?)|(\d+(?:[.,]\d+)?)\s?(?:€|\$|£|eur\b|euros?\b|usd\b|gbp\b|dollars?\b))/iu;

/** Returns the price written just after a name in its sentence ("Growth at €49", "l'offre Étude à 39 €"), or null. */
function priceAfter(sentence: string, end: number): number | null {
  const after = sentence.slice(end, end + 40);
  // Another name or a sentence part of its own between the two makes the price someone else's.
  const cut = after.search(/[,;(]| and | et | or | ou /u);
  const scope = cut === -1 ? after : after.slice(0, Math.max(cut, 0));
  const match = PRICE.exec(scope);
  if (match === null) return null;
  return Number((match[1] ?? match[2] ?? '').replace(',', '.'));
}

/** Returns a one-word add-on with the frame's noun: "le module Cartes" gives "module Cartes". */
function withFrameWord(matched: string, raw: string, name: string): string {
  const at = matched.indexOf(raw);
  const before = matched.slice(0, at).trim().replace(/^(?:le|la|du|au|un|une|l['’]|d['’])\s*/iu, '').toLowerCase();
  if (before === 'module' || before === 'option') return `${before} ${name}`;
  const after = matched.slice(at + raw.length).trim().toLowerCase().replace(/s$/, '');
  return after === '' ? name : `${name} ${after}`;
}

/** Finds the names one sentence puts in a plan, add-on or unit frame. */
export function mentionsIn(sentence: string): Mention[] {
  const mentions: Mention[] = [];
  for (const frame of FRAMES) {
    frame.pattern.lastIndex = 0;
    for (const match of sentence.matchAll(frame.pattern)) {
      const raw = match[1] ?? match[2] ?? '';
      const start = (match.index ?? 0) + match[0].indexOf(raw);
      const name = frame.lower === true ? raw : trimName(raw);
      if (name === '') continue;
      const words = nameWords(name);
      if (words.length === 0 || words.every((word) => /^[0-9]+$/.test(word))) continue;
      if (words.every((word) => NOT_A_NAME.has(word))) continue;
      if (frame.lower === true && (NOT_AN_ADDON.has(foldText(name)) || NOT_A_NAME.has(foldText(name)))) continue;
      // A verb frame needs a name of two words or more: "add Reporting" may be any capitalised word.
      if (frame.label === 'add X' && words.length < 2) continue;
      // The first word of a sentence is capitalised anyway, so it proves nothing as a name before "plan".
      const nameStart = start + Math.max(raw.indexOf(name), 0);
      if (frame.label === 'the X plan' && words.length === 1 && sentence.slice(0, nameStart).trim() === '') continue;
      // "a business plan", "an action plan": an indefinite article makes it a kind of thing.
      if (!frame.strong && /\b(?:a|an|any|some)\s+$/iu.test(sentence.slice(0, start))) continue;
      if (!frame.strong && words.length === 1 && DOCUMENT_PLANS.has(words[0] as string)) continue;
      // A one-word add-on keeps its frame word ("module Cartes", "Insights add-on"): alone, such a
      // word is often a common noun ("commander des cartes").
      const named = frame.field === 'addons' && words.length === 1 ? withFrameWord(match[0], raw, name) : name;
      const key = nameWords(named).join(' ');
      mentions.push({ field: frame.field, name: named, key, label: frame.label, strong: frame.strong, sentence, price: frame.field === 'plans' ? priceAfter(sentence, start + raw.length) : null });
    }
  }
  for (const pattern of UNIT_FRAMES) {
    pattern.lastIndex = 0;
    for (const match of foldKeepAccents(sentence).matchAll(pattern)) {
      const name = match[1] ?? '';
      const key = foldText(name);
      if (name === '' || NOT_A_UNIT.has(key) || NOT_A_NAME.has(key)) continue;
      mentions.push({ field: 'units', name, key, label: foldText(match[0]).startsWith('par') ? 'par X et par mois' : 'per X per month', strong: true, sentence, price: null });
    }
  }
  return mentions;
}

/** Lower-cases a sentence without folding its accents, so a French unit keeps its spelling. */
function foldKeepAccents(sentence: string): string {
  return sentence.toLocaleLowerCase('fr');
}

/** A move that orders two plans: "upgrade from Starter to Growth", "monter de Chantier à Pro". */
const UP_MOVE = /(?<![\p{L}\p{N}_])(?:upgrad\w*|mov\w* up|step\w* up|go\w* up|monter|montons|monté|évoluer|evoluer|upgrader)(?![\p{L}\p{N}_]).*?\b(?:from|de|du)\s+(?:the\s+|l['’]offre\s+|la formule\s+|le forfait\s+)?(.+?)\s+(?:plan\s+|tier\s+)?(?:to|into|onto|à|au|en|vers)\s+(?:the\s+|l['’]offre\s+|la formule\s+|le forfait\s+)?(.+?)(?=$|[\s,.;:!?)])/iu;
const DOWN_MOVE = /(?<![\p{L}\p{N}_])(?:downgrad\w*|mov\w* down|step\w* down|drop\w* (?:back|down)|redescendre|rétrograder|retrograder|repasser)(?![\p{L}\p{N}_]).*?\b(?:from|de|du)\s+(?:the\s+|l['’]offre\s+|la formule\s+|le forfait\s+)?(.+?)\s+(?:plan\s+|tier\s+)?(?:to|into|onto|à|au|en|vers)\s+(?:the\s+|l['’]offre\s+|la formule\s+|le forfait\s+)?(.+?)(?=$|[\s,.;:!?)])/iu;

/**
 * Pattern of the folded sentences that may contain an explicit move. It reads the folded form, so
 * sentences that fold alike match alike, and every sentence that UP_MOVE or DOWN_MOVE matches
 * folds to one it matches ("monté" folds to "monte", "Évoluer" to "evoluer").
 */
const MOVE_HINT = /upgrad|downgrad|mov\w* (?:up|down)|step\w* (?:up|down)|go\w* up|drop\w* (?:back|down)|monte|montons|evoluer|redescendre|retrograder|repasser/iu;

/** One explicit move of a sentence: the text from its first plan name on, and from its second. */
interface Move {
  up: boolean;
  from: string;
  to: string;
}

/** Returns the explicit moves of a sentence, up and down, before the plan names in them are known. */
function movesIn(sentence: string): Move[] {
  const moves: Move[] = [];
  for (const [pattern, up] of [[UP_MOVE, true], [DOWN_MOVE, false]] as const) {
    const match = pattern.exec(sentence);
    if (match === null) continue;
    // The captures are lazy, so each is widened later to the longest plan name it starts.
    const to = sentence.slice((match.index ?? 0) + match[0].length - (match[2] ?? '').length);
    const from = sentence.slice(sentence.indexOf(match[1] ?? '', match.index));
    moves.push({ up, from, to });
  }
  return moves;
}

/** Returns the keys of `keys` that open `text`, matched on folded words, shortest first. */
function keysOpening(text: string, keys: ReadonlySet<string>, maxWords: number): string[] {
  const words = nameWords(text);
  const found: string[] = [];
  for (let count = 1; count <= Math.min(words.length, maxWords); count += 1) {
    const key = words.slice(0, count).join(' ');
    if (keys.has(key)) found.push(key);
  }
  return found;
}

/**
 * Orders the plans lowest to highest from the pairs (lower, higher, how many sentences give
 * them) and the prices, or returns null when the mail leaves two plans unordered or contradicts itself.
 */
function orderPlans(plans: readonly Sighting[], pairs: ReadonlyArray<readonly [string, string, number]>): string[] | null {
  if (plans.length < 2) return plans.map((plan) => plan.name);
  const keys = plans.map((plan) => nameWords(plan.name).join(' '));
  const votes = new Map<string, number>();
  const vote = (low: string, high: string, weight: number) => votes.set(`${low}\n${high}`, (votes.get(`${low}\n${high}`) ?? 0) + weight);
  for (const [low, high, weight] of pairs) vote(low, high, weight);
  // Prices: the median price of each plan that has one.
  const medians = plans.map((plan) => {
    const sorted = [...plan.prices].sort((a, b) => a - b);
    return sorted.length === 0 ? null : (sorted[Math.floor(sorted.length / 2)] as number);
  });
  medians.forEach((low, i) => {
    medians.forEach((high, j) => {
      if (low !== null && high !== null && low < high) vote(keys[i] as string, keys[j] as string, 1);
    });
  });
  const direct = (a: string, b: string): boolean => (votes.get(`${a}\n${b}`) ?? 0) > (votes.get(`${b}\n${a}`) ?? 0);
  // "Starter to Growth" and "Growth to Enterprise" put Starter below Enterprise too.
  const below = keys.map((a) => keys.map((b) => a !== b && direct(a, b)));
  keys.forEach((_, k) => keys.forEach((_, i) => keys.forEach((_, j) => {
    if ((below[i] as boolean[])[k] === true && (below[k] as boolean[])[j] === true) (below[i] as boolean[])[j] = true;
  })));
  // A total order: every two plans are ranked one way, never both (a loop contradicts itself).
  for (let i = 0; i < keys.length; i += 1) {
    for (let j = i + 1; j < keys.length; j += 1) {
      if ((below[i] as boolean[])[j] === (below[j] as boolean[])[i]) return null;
    }
  }
  const order = keys.map((_, index) => ({ index, above: (below[index] as boolean[]).filter(Boolean).length })).sort((a, b) => b.above - a.above);
  return order.map(({ index }) => (plans[index] as Sighting).name);
}

/**
 * Set of texts kept as digests (72 bits of SHA-256), so an entry takes about 55 bytes of heap
 * on Node 20 whatever the length of its sentence or message id. Two different texts of a set of
 * n entries share a digest with odds of about n²/2^73: one in ten billion for a million entries.
 */
class DigestSet {
  private digests: Set<string> | null = new Set();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a digest and returns true when it was not in the set yet. */
  add(digest: string): boolean {
    if (this.digests === null) throw new Error('DigestSet.add called after close: a closed set keeps only its size');
    if (this.digests.has(digest)) return false;
    this.digests.add(digest);
    this.count += 1;
    return true;
  }

  /** Frees the digests when nothing will be added: the set keeps its size only. */
  close(): void {
    this.digests = null;
  }
}

/** Returns the digest of a text for a DigestSet: 72 bits of its SHA-256, in 12 base64 characters. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64').slice(0, 12);
}

/** Tally of one name: its forms, frames and counts, with its sentences kept as digests only. */
interface Tally {
  field: Field;
  /** The name its first mention gave: only a capitalised one is looked for alone. */
  firstName: string;
  /** Each spelling of the name in a frame, with how many mentions used it. */
  forms: Map<string, number>;
  /** Different sentences that name it, after folding, so a quoted copy counts once. */
  sentences: DigestSet;
  /** Messages and threads of the sentences, each counted at the sentence's first sighting. */
  messages: DigestSet;
  threads: DigestSet;
  frames: Set<string>;
  firstSeen: string;
  prices: number[];
}

/** The explicit moves of the mail, each with the plan names that may open its two sides. */
interface MoveTally {
  up: boolean;
  /** Plan keys that open the text after "from", shortest first. The longest kept one counts. */
  from: string[];
  to: string[];
  /** Different sentences (after folding) that make this move. */
  sentences: number;
}

/** Data the second read takes from the first. */
interface SecondRead {
  /** Names with a capital, looked for alone: any form of the name as a whole word. */
  alone: Array<{ tally: Tally; forms: string[]; pattern: RegExp }>;
  /** Keys of every plan name seen in a frame: the kept plans are some of them. */
  planKeys: Set<string>;
  /** Words of the longest plan key. */
  planWords: number;
  /** Digests of the sentences that may make a move, so that a quoted copy counts once. */
  moveSentences: DigestSet;
  moves: Map<string, MoveTally>;
}

/** Words of a sender's or recipient's display name and of their address before "@": a domain often contains a product's word. */
function personWords(person: string): string[] {
  return nameWords(person.replace(/@[^\s>,]*/g, ' ')).filter((word) => word.length > 2);
}

/**
 * Catalogue discovery over two reads of the same mail, one message at a time, so memory contains
 * no message's text. The first read (`readFrames`) tallies the frame mentions of each name. The
 * second (`readAgain`, the same messages in the same order) counts the sentences that name one of
 * those names alone, and the explicit moves between plans. `result` then applies the bar.
 *
 * NOTE: memory still grows with the different sentences that name an offer (one digest each) and
 * with the names in frames. The generated benchmark mailboxes name few offers, so real mail of a
 * few gigabytes may take more than their flat peak shows.
 */
export class CatalogDiscovery {
  private readonly tallies = new Map<string, Tally>();
  private readonly peopleWords = new Set<string>();
  private second: SecondRead | null = null;

  /** First read: tallies the frame mentions of one message, and its people's words. */
  readFrames(message: DiscoveryMessage): void {
    if (this.second !== null) throw new Error('CatalogDiscovery: readFrames after the first read ended');
    let ids: { message: string; thread: string } | null = null;
    for (const sentence of sentencesOf(message.text)) {
      const mentions = mentionsIn(sentence);
      if (mentions.length === 0) continue;
      const folded = digest(foldText(sentence));
      for (const mention of mentions) {
        const id = `${mention.field}\n${mention.key}`;
        let tally = this.tallies.get(id);
        if (tally === undefined) {
          tally = { field: mention.field, firstName: mention.name, forms: new Map(), sentences: new DigestSet(), messages: new DigestSet(), threads: new DigestSet(), frames: new Set(), firstSeen: message.where, prices: [] };
          this.tallies.set(id, tally);
        }
        tally.forms.set(mention.name, (tally.forms.get(mention.name) ?? 0) + 1);
        if (tally.sentences.add(folded)) {
          ids ??= { message: digest(message.id), thread: digest(message.thread) };
          tally.messages.add(ids.message);
          tally.threads.add(ids.thread);
          if (mention.price !== null) tally.prices.push(mention.price);
        }
        tally.frames.add(mention.label);
      }
    }
    for (const person of message.people ?? []) for (const word of personWords(person)) this.peopleWords.add(word);
  }

  /** Returns true when the second read can change the result: a name to look for alone, or two plans to order. */
  needsSecondRead(): boolean {
    const second = this.endFirstRead();
    return second.alone.length > 0 || second.planKeys.size > 1;
  }

  /** Second read: counts the sentences of one message that name a capitalised name alone, and its moves. */
  readAgain(message: DiscoveryMessage): void {
    const second = this.endFirstRead();
    let sentences: string[] | null = null;
    const folded: string[] = [];
    const foldedAt = (index: number) => (folded[index] ??= foldText((sentences as string[])[index] as string));
    // One plan alone has no order, so moves count only between two or more.
    if (second.planKeys.size > 1) {
      sentences = sentencesOf(message.text);
      for (let index = 0; index < sentences.length; index += 1) {
        if (!MOVE_HINT.test(foldedAt(index)) || !second.moveSentences.add(digest(foldedAt(index)))) continue;
        for (const move of movesIn(sentences[index] as string)) this.tallyMove(second, move);
      }
    }
    // "The Growth tier" once, then "from Growth up to Enterprise" and "we moved up to Growth":
    // a name framed once is confirmed by its other mentions, written as in the frame.
    const digests: string[] = [];
    let ids: { message: string; thread: string } | null = null;
    for (const { tally, forms, pattern } of second.alone) {
      if (!forms.some((form) => message.text.includes(form))) continue;
      sentences ??= sentencesOf(message.text);
      for (let index = 0; index < sentences.length; index += 1) {
        if (!pattern.test(sentences[index] as string)) continue;
        if (!tally.sentences.add((digests[index] ??= digest(foldedAt(index))))) continue;
        ids ??= { message: digest(message.id), thread: digest(message.thread) };
        tally.messages.add(ids.message);
        tally.threads.add(ids.thread);
        tally.frames.add('X alone');
      }
    }
  }

  private tallyMove(second: SecondRead, move: Move): void {
    const from = keysOpening(move.from, second.planKeys, second.planWords);
    const to = keysOpening(move.to, second.planKeys, second.planWords);
    if (from.length === 0 || to.length === 0) return;
    const key = `${move.up ? 'up' : 'down'}\n${from.join('\t')}\n${to.join('\t')}`;
    const tally = second.moves.get(key) ?? { up: move.up, from, to, sentences: 0 };
    tally.sentences += 1;
    second.moves.set(key, tally);
  }

  /** Ends the first read: the names to look for alone and the plan keys are known. */
  private endFirstRead(): SecondRead {
    if (this.second !== null) return this.second;
    const alone: SecondRead['alone'] = [];
    const planKeys = new Set<string>();
    let planWords = 0;
    for (const [id, tally] of this.tallies) {
      if (tally.field === 'plans') {
        const key = id.slice(id.indexOf('\n') + 1);
        planKeys.add(key);
        planWords = Math.max(planWords, key.split(' ').length);
      }
      if (tally.field === 'units' || !/^\p{Lu}/u.test(tally.firstName)) {
        // Its counts are final: only their sizes are read from now on.
        tally.sentences.close();
        tally.messages.close();
        tally.threads.close();
        continue;
      }
      const forms = [...tally.forms.keys()];
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'u');
      alone.push({ tally, forms, pattern });
    }
    this.second = { alone, planKeys, planWords, moveSentences: new DigestSet(), moves: new Map() };
    return this.second;
  }

  /** Applies the bar to the names tallied over both reads and orders the plans. */
  result(file = 'discovered catalogue'): DiscoveredCatalog {
    const second = this.endFirstRead();
    const sighting = (field: Field, tally: Tally): Sighting => ({
      field,
      // The form written most often, as customers and the owner spell it.
      name: [...tally.forms.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? tally.firstName,
      sentences: tally.sentences.size,
      messages: tally.messages.size,
      threads: tally.threads.size,
      frames: [...tally.frames].sort(),
      firstSeen: tally.firstSeen,
      prices: tally.prices,
    });

    const passes = (tally: Tally) => tally.sentences.size >= MIN_SENTENCES && tally.messages.size >= MIN_MESSAGES;
    const kept: Sighting[] = [];
    const dropped: Sighting[] = [];

    // A name with a word of a sender's or recipient's name is a person ("add Sarah Jones").
    const isPerson = (entry: Sighting) => entry.field !== 'units' && nameWords(entry.name).some((word) => this.peopleWords.has(word));

    // A name seen as a plan and an add-on goes where it was seen in more sentences. Past the
    // size a written catalogue may have, the names seen in fewer sentences are dropped.
    const taken = new Set<string>();
    const room: Record<Field, number> = { plans: MAX_PLANS, addons: MAX_ADDONS, units: MAX_UNITS };
    for (const [id, tally] of [...this.tallies].sort((a, b) => b[1].sentences.size - a[1].sentences.size || a[0].localeCompare(b[0]))) {
      const field = id.slice(0, id.indexOf('\n')) as Field;
      const key = id.slice(id.indexOf('\n') + 1);
      const entry = sighting(field, tally);
      const nameKey = field === 'units' ? `u\n${key}` : `n\n${key}`;
      if (!passes(tally) || taken.has(nameKey) || isPerson(entry) || !usable(entry) || room[field] === 0) {
        dropped.push(entry);
        continue;
      }
      taken.add(nameKey);
      room[field] -= 1;
      kept.push(entry);
    }

    const plans = kept.filter((entry) => entry.field === 'plans');
    const keptKeys = new Set(plans.map((plan) => nameWords(plan.name).join(' ')));
    // Each side of a move names the longest kept plan that opens it.
    const longestKept = (keys: readonly string[]) => [...keys].reverse().find((key) => keptKeys.has(key)) ?? null;
    const pairs = [...second.moves.values()].flatMap((move): Array<[string, string, number]> => {
      const from = longestKept(move.from);
      const to = longestKept(move.to);
      if (from === null || to === null || from === to) return [];
      return [move.up ? [from, to, move.sentences] : [to, from, move.sentences]];
    });
    const order = orderPlans(plans, pairs);
    // One plan alone has no rank: the rules then count a move to it with an upgrade verb.
    const ordered = order !== null && plans.length > 1;
    const orderedPlans = order === null ? [...plans].sort((a, b) => a.name.localeCompare(b.name)) : order.map((name) => plans.find((plan) => plan.name === name) as Sighting);
    const addons = kept.filter((entry) => entry.field === 'addons').sort((a, b) => a.name.localeCompare(b.name));
    const units = kept.filter((entry) => entry.field === 'units').sort((a, b) => a.name.localeCompare(b.name));
    const keptInOrder = [...orderedPlans, ...addons, ...units];

    const toEntry = (entry: Sighting): CatalogEntry => ({ name: entry.name, forms: {} });
    const catalog: Catalog | null =
      keptInOrder.length === 0
        ? null
        : { file, plans: orderedPlans.map(toEntry), addons: addons.map(toEntry), units: units.map(toEntry), ...(ordered ? {} : { unordered: true }) };
    if (catalog !== null) checkCatalog(catalog);
    return { catalog, ordered, kept: keptInOrder, dropped };
  }
}

/** Counts every frame mention in the messages, reading them twice, and applies the bar. */
export function discoverCatalog(messages: readonly DiscoveryMessage[], file = 'discovered catalogue'): DiscoveredCatalog {
  const discovery = new CatalogDiscovery();
  for (const message of messages) discovery.readFrames(message);
  if (discovery.needsSecondRead()) for (const message of messages) discovery.readAgain(message);
  return discovery.result(file);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when the rules can use a name: the checks a written catalogue gets, on this one entry. */
function usable(entry: Sighting): boolean {
  try {
    const one: Catalog = { file: 'discovered', plans: [], addons: [], units: [] };
    one[entry.field].push({ name: entry.name, forms: {} });
    checkCatalog(one);
    return true;
  } catch {
    return false;
  }
}

function describe(entry: Sighting): string {
  const frames = entry.frames.map((frame) => `"${frame}"`).join(', ');
  const where = entry.firstSeen.replace(/\s+/g, ' ').slice(0, 60);
  const count = (value: number, noun: string) => `${value} ${noun}${value === 1 ? '' : 's'}`;
  return `seen in ${count(entry.sentences, 'sentence')}, ${count(entry.messages, 'message')}, ${count(entry.threads, 'thread')}, as ${frames}; first in "${where}"`;
}

/** Returns the sentence that counts the messages read and those left out by kind. */
export function describeRead(read: DiscoveryRead): string {
  const kinds = Object.entries(read.excluded).sort(([a], [b]) => compareText(a, b));
  const excluded = kinds.reduce((sum, [, count]) => sum + count, 0);
  const messages = `${read.messages} message${read.messages === 1 ? '' : 's'}`;
  if (excluded === 0) return `Read ${messages}; none was left out as automated or bulk mail.`;
  const byKind = kinds.map(([kind, count]) => `${kind} ${count}`).join(', ');
  return `Read ${messages}; left out ${excluded} as automated or bulk mail, as \`leak audit\` does (${byKind}).`;
}

/**
 * Prints a discovered catalogue as YAML that `--catalog` reads, with a comment per entry. With
 * `read`, a comment also counts the messages read and left out.
 */
export function formatDiscovered(found: DiscoveredCatalog, source: string, read?: DiscoveryRead): string {
  const lines = [
    `# Offer catalogue discovered in ${source} by \`leak catalog discover\`. Check each entry, then use the file`,
    `# with --catalog. Kept: names seen in at least ${MIN_SENTENCES} different sentences of ${MIN_MESSAGES} different messages.`,
  ];
  if (read !== undefined) lines.push(`# ${describeRead(read)}`);
  if (found.catalog === null) {
    lines.push('# No plan, add-on or unit passed the bar, so there is no catalogue to write.');
  } else {
    const field = (name: Field, heading: string) => {
      const entries = found.kept.filter((entry) => entry.field === name);
      if (entries.length === 0) return;
      lines.push(`${name}:${heading === '' ? '' : ` # ${heading}`}`);
      for (const entry of entries) lines.push(`  - ${stringify(entry.name).trim()} # ${describe(entry)}`);
    };
    if (found.kept.some((entry) => entry.field === 'plans')) {
      if (!found.ordered) lines.push('order: unknown # the mail does not order every plan: a move to one counts only with an upgrade verb');
      field('plans', found.ordered ? 'lowest to highest, as the mail orders them' : 'in name order');
    }
    field('addons', '');
    field('units', '');
  }
  if (found.dropped.length > 0) {
    lines.push('# Seen but left out (below the bar, taken by another field, or a name the rules cannot read):');
    for (const entry of found.dropped.slice(0, 20)) lines.push(`#   ${entry.field}: ${entry.name} (${describe(entry)})`);
  }
  return `${lines.join('\n')}\n`;
}
