// Header aliases, stage names and currency names, loaded once from
// data/crm-aliases.yaml at the repository root.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirePackage } from '../../require-package.js';
import { LeakError } from '../../errors.js';

const { parse: parseYaml } = requirePackage('yaml') as typeof import('yaml');

/** Our names for the columns of an opportunity export. */
export const OPPORTUNITY_FIELDS = [
  'name',
  'opportunityId',
  'account',
  'accountId',
  'stage',
  'status',
  'isWon',
  'isClosed',
  'stageSemantic',
  'amount',
  'currency',
  'closeDate',
  // After closeDate, so that a generic "Close Date" next to an expected one is the actual date.
  'actualCloseDate',
  'createdDate',
  'owner',
  'contactEmail',
  'contactName',
  'website',
] as const;
export type CrmField = (typeof OPPORTUNITY_FIELDS)[number];

export const FILE_KINDS = ['opportunity', 'account', 'contact'] as const;
export type CrmFileKind = (typeof FILE_KINDS)[number];

export type HeaderLanguage = 'en' | 'fr';

interface LanguageAliases {
  en: string[];
  fr: string[];
}

/** Alias lists of one file kind, already folded, per field. */
export type AliasTable = Partial<Record<CrmField, { en: string[]; fr: string[] }>>;

export interface StageTable {
  won: Set<string>;
  lost: Set<string>;
  open: Set<string>;
  /** Folded word prefixes that make an unlisted stage lost. */
  lostWords: string[];
  /** Folded whole words that make an unlisted stage lost. */
  lostWholeWords: Set<string>;
  /** Phrases, each as its words folded and joined by spaces, that make a stage lost before hedges apply. */
  lostPhrases: string[];
  /** Folded whole words that make an unlisted stage won. */
  wonWords: Set<string>;
  /** Folded whole words that make an unlisted stage closed with an unknown outcome. */
  closedWords: Set<string>;
}

export interface CrmVocabulary {
  kinds: Record<CrmFileKind, AliasTable>;
  stages: StageTable;
  trueValues: Set<string>;
  falseValues: Set<string>;
  /** Folded currency name to ISO code. */
  currencyNames: Map<string, string>;
  /** Folded headers that read the same in English and French: they decide no header language. */
  bothLanguages: Set<string>;
}

const ALIAS_FILE = 'crm-aliases.yaml';

/**
 * Folds a header or a stage name for comparison: accents removed, lower-cased,
 * and every character that is not a letter or digit dropped.
 */
export function foldKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Finds the folder holding package.json by walking up from this module. */
export function findPackageRoot(start: string = fileURLToPath(import.meta.url)): string {
  let folder = path.dirname(start);
  for (;;) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) {
      throw new LeakError(
        'CRM_UNREADABLE',
        `package.json not found above ${start}; reinstall leak`,
      );
    }
    folder = parent;
  }
}

function foldList(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  return values.map((value) => foldKey(String(value))).filter((key) => key !== '');
}

function readAliasTable(section: Record<string, LanguageAliases | undefined>): AliasTable {
  const table: AliasTable = {};
  for (const field of OPPORTUNITY_FIELDS) {
    const entry = section[field];
    if (entry === undefined) continue;
    table[field] = { en: foldList(entry.en), fr: foldList(entry.fr) };
  }
  return table;
}

/** Folds each phrase word by word, so "Won't buy" gives `won t buy` as a stage name split into words does. */
function phraseList(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  return values
    .map((value) =>
      String(value)
        .split(/[^\p{L}\p{N}\p{M}]+/u)
        .map(foldKey)
        .filter((word) => word !== '')
        .join(' '),
    )
    .filter((phrase) => phrase !== '');
}

function readStageTable(section: Record<string, unknown>): StageTable {
  return {
    won: new Set(foldList(section.won)),
    lost: new Set(foldList(section.lost)),
    open: new Set(foldList(section.open)),
    lostWords: foldList(section.lostWords),
    lostWholeWords: new Set(foldList(section.lostWholeWords)),
    lostPhrases: phraseList(section.lostPhrases),
    wonWords: new Set(foldList(section.wonWords)),
    closedWords: new Set(foldList(section.closedWords)),
  };
}

function readCurrencyNames(section: Record<string, unknown>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, code] of Object.entries(section)) names.set(foldKey(name), String(code));
  return names;
}

let cached: CrmVocabulary | null = null;

/** Loads the vocabulary file once per process. */
export function loadVocabulary(): CrmVocabulary {
  if (cached !== null) return cached;
  const file = path.join(findPackageRoot(), 'data', ALIAS_FILE);
  const data = parseYaml(readFileSync(file, 'utf8')) as Record<string, Record<string, never>>;
  const booleans = (data.booleans ?? {}) as Record<string, unknown>;
  cached = {
    kinds: {
      opportunity: readAliasTable(data.opportunity ?? {}),
      account: readAliasTable(data.account ?? {}),
      contact: readAliasTable(data.contact ?? {}),
    },
    stages: readStageTable(data.stages ?? {}),
    trueValues: new Set(foldList(booleans.true)),
    falseValues: new Set(foldList(booleans.false)),
    currencyNames: readCurrencyNames(data.currencyNames ?? {}),
    bothLanguages: new Set(foldList(data.bothLanguages)),
  };
  return cached;
}
