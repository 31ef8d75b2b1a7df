// Opportunity status (open, won, lost, unknown) from the stage name, a status
// column (Dynamics 365, Pipedrive), IsWon / IsClosed flags (Salesforce) or a
// stage semantic id (Bitrix24).
import { LeakError } from '../../errors.js';
import type { CrmStatus, Problem } from '../../types.js';
import { foldKey, type CrmVocabulary } from './aliases.js';

/** Stage names given by the user, checked before and added to the default stage names. */
export interface StageOverrides {
  openStages?: string[];
  closedWonStages?: string[];
  closedLostStages?: string[];
}

const STAGE_FLAGS = [
  ['--open-stages', 'openStages'],
  ['--closed-stages', 'closedWonStages'],
  ['--lost-stages', 'closedLostStages'],
] as const;

/**
 * Rejects a stage named in two of the stage lists: leak cannot tell which
 * status the user meant, and the first list checked would win silently.
 */
export function checkStageOverrides(overrides: StageOverrides): void {
  const owner = new Map<string, string>();
  for (const [flag, field] of STAGE_FLAGS) {
    for (const stage of overrides[field] ?? []) {
      const key = foldKey(stage);
      const earlier = owner.get(key);
      if (earlier !== undefined && earlier !== flag) {
        throw new LeakError(
          'USAGE',
          `${earlier} and ${flag} both name the stage "${stage}"; give each stage one status.`,
        );
      }
      owner.set(key, flag);
    }
  }
}

/**
 * Returns a problem for each stage given by the user that no CRM row has,
 * usually a misspelling, so the override that was meant did not apply.
 */
export function findUnusedStages(
  overrides: StageOverrides,
  rowStages: Iterable<string>,
  file: string,
): Problem[] {
  const seen = new Set<string>();
  for (const stage of rowStages) seen.add(foldKey(stage));
  const problems: Problem[] = [];
  for (const [flag, field] of STAGE_FLAGS) {
    for (const stage of overrides[field] ?? []) {
      if (seen.has(foldKey(stage))) continue;
      problems.push({
        code: 'CRM_STAGE_UNUSED',
        file,
        where: flag,
        detail: `no CRM row has the stage "${stage}", so it changed nothing; \`leak crm inspect\` lists the stages of a file`,
      });
    }
  }
  return problems;
}

export interface StatusCells {
  stage: string;
  status: string;
  isWon: string;
  isClosed: string;
  /** Bitrix24 STAGE_SEMANTIC_ID or STATUS_SEMANTIC_ID cell; absent when the file has none. */
  stageSemantic?: string;
}

/**
 * Bitrix24 stage semantics (REST API, crm.status.list): P (process) is a stage
 * in progress, S (success) the won stage, F (failure) a lost one. Deals carry
 * them in STAGE_SEMANTIC_ID and leads in STATUS_SEMANTIC_ID, whatever the
 * pipeline's own stage id is ("C2:WON", "C2:UC_7X1").
 */
const STAGE_SEMANTICS: ReadonlyMap<string, CrmStatus> = new Map([
  ['p', 'open'],
  ['s', 'won'],
  ['f', 'lost'],
]);

/** True for a cell that is a Bitrix24 stage semantic id (P, S or F, in any case). */
export function isStageSemantic(cell: string): boolean {
  return STAGE_SEMANTICS.has(foldKey(cell));
}

export interface StatusResolver {
  resolve(cells: StatusCells): CrmStatus;
  /** Stage names read as open only because they name no closing, with their row counts. */
  guessedOpen(): Map<string, number>;
}

/** Splits a stage name into folded words; "Won - Signed" gives won, signed. */
function stageWords(stage: string): string[] {
  return stage
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .map(foldKey)
    .filter((word) => word !== '');
}

/**
 * Words that make a stage's won or lost word not mean it: "Not Won", "Won't
 * Proceed", "Pending Win", "Pas encore perdu", and the steps before a sale
 * whose name holds a won word ("Paid Pilot", "NDA Signed", "Essai payé").
 * Such a stage is left to the default (open) and listed as a guess.
 */
const HEDGE_WORDS = new Set([
  'not', 'non', 'pas', 't', 'never', 'jamais', 'pending', 'verbal', 'yet', 'encore',
  'awaiting', 'attente', 'potential', 'likely', 'probable', 'expected', 'prevu',
  'pilot', 'trial', 'poc', 'essai', 'nda', 'loi',
]);

/**
 * Reads the outcome from the words of a stage name no list has. A refusal
 * phrase ("not interested") makes it lost. A word that
 * starts with a lost word makes it lost, also across two words ("no bid",
 * "sans suite"), and a won word makes it won. Both, or only a closed word,
 * give unknown; none gives null.
 */
function statusFromWords(stage: string, stages: CrmVocabulary['stages']): CrmStatus | null {
  const words = stageWords(stage);
  const text = ` ${words.join(' ')} `;
  // "Not interested" and "Won't buy" are refusals, whatever hedge or won word they hold.
  if (stages.lostPhrases.some((phrase) => text.includes(` ${phrase} `))) return 'lost';
  if (words.some((word) => HEDGE_WORDS.has(word))) return null;
  const pairs = words.slice(1).map((word, index) => `${words[index] ?? ''}${word}`);
  const isLost =
    words.some((word) => stages.lostWholeWords.has(word)) ||
    [...words, ...pairs].some((word) => stages.lostWords.some((prefix) => word.startsWith(prefix)));
  const isWon = words.some((word) => stages.wonWords.has(word));
  if (isLost && isWon) return 'unknown';
  if (isLost) return 'lost';
  if (isWon) return 'won';
  if (words.some((word) => stages.closedWords.has(word))) return 'unknown';
  return null;
}

function foldSet(values: string[] | undefined): Set<string> {
  return new Set((values ?? []).map(foldKey).filter((key) => key !== ''));
}

/** Reads a yes/no cell of an IsWon or IsClosed column; null when it is empty or not a boolean. */
export function readBoolean(cell: string, vocabulary: CrmVocabulary): boolean | null {
  const key = foldKey(cell);
  if (vocabulary.trueValues.has(key)) return true;
  if (vocabulary.falseValues.has(key)) return false;
  return null;
}

/**
 * Reads the IsWon / IsClosed flags. A closed flag without a won flag marks a
 * closed deal of either outcome, because Bitrix24 sets CLOSED=Y on won stages
 * too and some reports leave IsWon empty. It returns 'closed' then, so the
 * stage name decides between won and lost.
 */
function statusFromFlags(
  cells: StatusCells,
  vocabulary: CrmVocabulary,
): CrmStatus | 'closed' | null {
  const isWon = readBoolean(cells.isWon, vocabulary);
  const isClosed = readBoolean(cells.isClosed, vocabulary);
  if (isWon === true) return 'won';
  if (isClosed === false) return 'open';
  if (isClosed !== true) return null;
  return isWon === false ? 'lost' : 'closed';
}

function statusFromName(key: string, vocabulary: CrmVocabulary): CrmStatus | null {
  const { stages } = vocabulary;
  if (stages.won.has(key)) return 'won';
  if (stages.lost.has(key)) return 'lost';
  if (stages.open.has(key)) return 'open';
  return null;
}

/**
 * Reads won or lost from the status column, the default stage names and the
 * words of the stage name, for a row whose closed flag is set without a won flag.
 * A name that gives neither (or gives open) makes the status unknown, because
 * the deal is closed with no known outcome.
 */
function statusOfClosed(cells: StatusCells, vocabulary: CrmVocabulary): CrmStatus {
  const named =
    statusFromName(foldKey(cells.status), vocabulary) ??
    statusFromName(foldKey(cells.stage), vocabulary) ??
    statusFromWords(cells.stage, vocabulary.stages);
  return named === 'won' || named === 'lost' ? named : 'unknown';
}

/**
 * Builds the status rule for one file. Order: user stage lists, the Bitrix24
 * stage semantic, IsWon/IsClosed flags, the status column, the default stage
 * names, the words of the stage name ("Lost to competitor" is lost), then any
 * other non-empty stage is open. A closed flag without a won flag only marks
 * the deal as closed, so the names after it decide won or lost.
 * The resolver records the stages read as open by default, so the report can
 * list them as guesses.
 * The user lists add to the defaults: a stage they do not name keeps the
 * status the later steps give it.
 */
export function createStatusResolver(
  overrides: StageOverrides,
  vocabulary: CrmVocabulary,
): StatusResolver {
  const won = foldSet(overrides.closedWonStages);
  const lost = foldSet(overrides.closedLostStages);
  const open = foldSet(overrides.openStages);
  const guessed = new Map<string, number>();

  return {
    guessedOpen: () => guessed,
    resolve(cells: StatusCells): CrmStatus {
      const stageKey = foldKey(cells.stage);
      // Without a stage, the status cell is the stage that `leak crm inspect` lists, so the user lists apply to it.
      const shownKey = stageKey === '' ? foldKey(cells.status) : stageKey;
      if (won.has(shownKey)) return 'won';
      if (lost.has(shownKey)) return 'lost';
      if (open.has(shownKey)) return 'open';
      const fromSemantic = STAGE_SEMANTICS.get(foldKey(cells.stageSemantic ?? ''));
      if (fromSemantic !== undefined) return fromSemantic;
      const fromFlags = statusFromFlags(cells, vocabulary);
      if (fromFlags === 'closed') return statusOfClosed(cells, vocabulary);
      if (fromFlags !== null) return fromFlags;
      const fromStatus = statusFromName(foldKey(cells.status), vocabulary);
      if (fromStatus !== null) return fromStatus;
      const fromStage = statusFromName(stageKey, vocabulary);
      if (fromStage !== null) return fromStage;
      if (stageKey === '') return 'unknown';
      const fromWords = statusFromWords(cells.stage, vocabulary.stages);
      if (fromWords !== null) return fromWords;
      guessed.set(cells.stage, (guessed.get(cells.stage) ?? 0) + 1);
      return 'open';
    },
  };
}
