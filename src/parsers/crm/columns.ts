// Header names to our field names, per kind of export, and the kind of an
// export (opportunities, accounts or contacts) from the columns it has.
import { LeakError } from '../../errors.js';
import {
  foldKey,
  OPPORTUNITY_FIELDS,
  type AliasTable,
  type CrmField,
  type CrmFileKind,
  type CrmVocabulary,
  type HeaderLanguage,
} from './aliases.js';

export interface ColumnMap {
  /** Field to the index of its column. */
  indexes: Partial<Record<CrmField, number>>;
  /** Field to the header chosen for it, as written in the file. */
  headers: Partial<Record<CrmField, string>>;
  /** Language of the aliases that matched; French makes dates default to day-first. */
  language: HeaderLanguage;
  /** Headers no field uses, in file order. */
  unmapped: string[];
}

/** Fields whose presence marks an opportunity export rather than accounts or contacts. */
const OPPORTUNITY_ONLY: readonly CrmField[] = [
  'stage',
  'status',
  'isWon',
  'isClosed',
  'amount',
  'closeDate',
];

/** Folded name headers that exports of every kind use, so they do not reveal the kind. */
const GENERIC_NAME_HEADERS = new Set(['name', 'nom']);

function isCrmField(name: string): name is CrmField {
  return (OPPORTUNITY_FIELDS as readonly string[]).includes(name);
}

/** Checks `--crm-map` keys and raises a usage error, listing the valid fields, for an unknown one. */
export function validateMap(map: Record<string, string>): void {
  for (const field of Object.keys(map)) {
    if (!isCrmField(field)) {
      throw new LeakError(
        'USAGE',
        `--crm-map: unknown field "${field}"; use one of ${OPPORTUNITY_FIELDS.join(', ')}`,
      );
    }
  }
}

/** Maps headers to fields: `map` entries first, then the aliases in `table`. */
export function mapColumns(
  headers: string[],
  table: AliasTable,
  map: Record<string, string>,
): ColumnMap {
  const folded = headers.map(foldKey);
  const indexes: Partial<Record<CrmField, number>> = {};
  const used = new Set<number>();
  let french = 0;
  let english = 0;

  for (const [field, header] of Object.entries(map)) {
    if (!isCrmField(field)) continue;
    const exact = headers.indexOf(header);
    const index = exact >= 0 ? exact : folded.indexOf(foldKey(header));
    if (index < 0) continue;
    indexes[field] = index;
    used.add(index);
  }

  for (const field of OPPORTUNITY_FIELDS) {
    if (indexes[field] !== undefined) continue;
    const aliases = table[field];
    if (aliases === undefined) continue;
    const found = findAlias(folded, aliases.en, used) ?? findAlias(folded, aliases.fr, used);
    if (found === null) continue;
    indexes[field] = found;
    used.add(found);
    if (aliases.en.includes(folded[found] ?? '')) english += 1;
    else french += 1;
  }

  const chosen: Partial<Record<CrmField, string>> = {};
  for (const [field, index] of Object.entries(indexes) as Array<[CrmField, number]>) {
    chosen[field] = headers[index] ?? '';
  }
  const unmapped = headers.filter((_, index) => !used.has(index));
  return { indexes, headers: chosen, language: french > english ? 'fr' : 'en', unmapped };
}

function findAlias(folded: string[], aliases: string[], used: Set<number>): number | null {
  for (const alias of aliases) {
    const index = folded.findIndex((header, position) => header === alias && !used.has(position));
    if (index >= 0) return index;
  }
  return null;
}

/** Detects what a file exports from the columns it has. */
export function detectKind(
  headers: string[],
  vocabulary: CrmVocabulary,
  map: Record<string, string>,
): CrmFileKind {
  const opportunity = mapColumns(headers, vocabulary.kinds.opportunity, map);
  if (OPPORTUNITY_ONLY.some((field) => opportunity.indexes[field] !== undefined)) {
    return 'opportunity';
  }
  // "Deal Name" marks a deal export, but a bare "Name" column is in every kind.
  const nameHeader = foldKey(opportunity.headers.name ?? '');
  if (nameHeader !== '' && !GENERIC_NAME_HEADERS.has(nameHeader)) return 'opportunity';
  const contact = mapColumns(headers, vocabulary.kinds.contact, map);
  const hasContactAccount =
    contact.indexes.account !== undefined || contact.indexes.accountId !== undefined;
  if (contact.indexes.contactEmail !== undefined && hasContactAccount) return 'contact';
  const account = mapColumns(headers, vocabulary.kinds.account, map);
  if (account.indexes.account !== undefined) return 'account';
  return contact.indexes.contactEmail !== undefined ? 'contact' : 'opportunity';
}

function hasRequiredColumns(kind: CrmFileKind, indexes: ColumnMap['indexes']): boolean {
  if (indexes.account !== undefined) return true;
  if (kind === 'opportunity') return indexes.name !== undefined;
  if (kind === 'contact') return indexes.accountId !== undefined;
  return false;
}

/**
 * Raises CRM_COLUMN_MISSING unless the file has an account column. An
 * opportunity export may have only a name column, a contact export only an
 * account id.
 */
export function requireColumns(
  file: string,
  kind: CrmFileKind,
  headers: string[],
  columns: ColumnMap,
): void {
  const message = describeMissingColumns(file, kind, headers, columns);
  if (message !== null) throw new LeakError('CRM_COLUMN_MISSING', message);
}

/** Returns why the file cannot be used as a CRM export, or null when it can. */
export function describeMissingColumns(
  file: string,
  kind: CrmFileKind,
  headers: string[],
  columns: ColumnMap,
): string | null {
  if (hasRequiredColumns(kind, columns.indexes)) return null;
  const seen = headers.length === 0 ? '(none)' : headers.map((header) => `"${header}"`).join(', ');
  return (
    `${file}: no account column found among the headers ${seen}. ` +
    'If this is a CRM export, name the account column with --crm-map account=HEADER'
  );
}
