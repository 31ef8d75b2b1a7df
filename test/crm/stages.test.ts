import { describe, expect, test } from 'vitest';
import { loadVocabulary } from '../../src/parsers/crm/aliases.js';
import { createStatusResolver, type StatusCells } from '../../src/parsers/crm/stages.js';

const vocabulary = loadVocabulary();
const defaults = createStatusResolver({}, vocabulary);

function cells(values: Partial<StatusCells>): StatusCells {
  return { stage: '', status: '', isWon: '', isClosed: '', stageSemantic: '', ...values };
}

// cells, status, reason
const ROWS: Array<[Partial<StatusCells>, string, string]> = [
  [{ stage: 'Closed Won' }, 'won', 'Salesforce won stage'],
  [{ stage: 'Fermée gagnée' }, 'won', 'French won stage'],
  [{ stage: 'Gagné' }, 'won', 'French won'],
  [{ stage: 'Perdu' }, 'lost', 'French lost'],
  [{ stage: 'closed-lost' }, 'lost', 'HubSpot internal name'],
  [{ stage: 'Negotiation/Review' }, 'open', 'unlisted pipeline stage'],
  [{ stage: 'Closed' }, 'unknown', 'closed but neither won nor lost'],
  [{ stage: '' }, 'unknown', 'no stage'],
  [{ stage: 'Close', status: 'Won' }, 'won', 'Dynamics status column'],
  [{ stage: 'Close', status: 'Lost' }, 'lost', 'Dynamics lost'],
  [{ stage: 'Close', status: 'Open' }, 'open', 'Dynamics open'],
  [{ status: 'deleted' }, 'lost', 'Pipedrive deleted deal'],
  [{ stage: 'Qualification', isClosed: 'FALSE', isWon: 'FALSE' }, 'open', 'Salesforce flags open'],
  [{ stage: 'Closed Won', isClosed: '1', isWon: '1' }, 'won', 'Salesforce numeric flags'],
  [{ stage: 'Odd stage', isClosed: 'TRUE', isWon: 'FALSE' }, 'lost', 'closed and not won'],
  [{ stage: 'Discovery', isClosed: '', isWon: '' }, 'open', 'empty flags fall back to stage'],
  // Unlisted stages whose words show how they closed. They had been read as open.
  [{ stage: 'Lost to competitor' }, 'lost', 'lost word'],
  [{ stage: 'Lost - No decision' }, 'lost', 'lost word first'],
  [{ stage: 'Disqualified' }, 'lost', 'lost prefix'],
  [{ stage: 'Opportunité perdue' }, 'lost', 'French lost word'],
  [{ stage: 'Sans suite' }, 'lost', 'French two-word lost'],
  [{ stage: 'No Bid' }, 'lost', 'English two-word lost'],
  [{ stage: 'Refusé' }, 'lost', 'French refused'],
  [{ stage: 'Won - Signed' }, 'won', 'won words'],
  [{ stage: 'Devis signé' }, 'won', 'French signed'],
  [{ stage: 'Awaiting signature' }, 'open', 'signature is not signed'],
  [{ stage: 'Assigned to rep' }, 'open', 'assigned is not signed'],
  [{ stage: 'Won or lost?' }, 'unknown', 'both words'],
  [{ stage: 'Fermé' }, 'unknown', 'French closed word'],
  // Hedged or negated words decide nothing: the stage stays open and is listed as a guess.
  [{ stage: 'Not Won' }, 'open', 'negated won'],
  [{ stage: "Won't Proceed" }, 'open', 'won as in will not'],
  [{ stage: 'Non gagné' }, 'open', 'French negated won'],
  [{ stage: 'Not lost yet' }, 'open', 'negated lost'],
  [{ stage: 'Pas encore perdu' }, 'open', 'French not yet lost'],
  [{ stage: 'Pending Win' }, 'open', 'pending win'],
  [{ stage: 'Deal Won Pending Signature' }, 'open', 'won pending signature'],
  [{ stage: 'Paid Pilot' }, 'open', 'paid pilot'],
  [{ stage: 'NDA Signed' }, 'open', 'signed NDA'],
  [{ stage: 'Essai payé' }, 'open', 'French paid trial'],
  [{ stage: 'LOI signed' }, 'open', 'signed letter of intent'],
  // Bitrix24 REST ids of default deal stages and lead statuses.
  [{ stage: 'EXECUTING' }, 'open', 'Bitrix24 deal in work'],
  [{ stage: 'FINAL_INVOICE' }, 'open', 'Bitrix24 final invoice'],
  [{ stage: 'WON' }, 'won', 'Bitrix24 won deal'],
  [{ stage: 'C1:WON' }, 'won', 'Bitrix24 won in pipeline 1'],
  [{ stage: 'LOSE' }, 'lost', 'Bitrix24 lost deal'],
  [{ stage: 'APOLOGY' }, 'lost', 'Bitrix24 failure analysis'],
  [{ stage: 'IN_PROCESS' }, 'open', 'Bitrix24 lead in work'],
  [{ stage: 'JUNK' }, 'lost', 'Bitrix24 junk lead'],
  [{ stage: 'CONVERTED' }, 'won', 'Bitrix24 converted lead'],
  // A closed flag without a won flag means closed, not lost, so the stage name decides.
  [{ stage: 'WON', isClosed: 'Y' }, 'won', 'Bitrix24 won deal, CLOSED=Y'],
  [{ stage: 'C2:WON', isClosed: 'Y' }, 'won', 'Bitrix24 won in pipeline 2, CLOSED=Y'],
  [{ stage: 'C2:LOSE', isClosed: 'Y' }, 'lost', 'Bitrix24 lost in pipeline 2, CLOSED=Y'],
  [{ stage: 'C2:PREPARATION', isClosed: 'N' }, 'open', 'Bitrix24 open, CLOSED=N'],
  [{ stage: 'Closed Won', isClosed: '1', isWon: '' }, 'won', 'Salesforce IsWon left empty'],
  [{ stage: 'Closed Lost', isClosed: '1', isWon: '' }, 'lost', 'Salesforce lost, IsWon empty'],
  [{ stage: 'Close', status: 'Won', isClosed: 'TRUE' }, 'won', 'status column names the outcome'],
  [{ stage: 'C2:UC_7X1', isClosed: 'Y' }, 'unknown', 'closed, custom stage id'],
  [{ stage: 'Negotiation', isClosed: 'TRUE' }, 'unknown', 'closed, open stage name'],
  [{ stage: 'Closed Won', isClosed: 'TRUE', isWon: 'FALSE' }, 'lost', 'explicit won flag wins'],
  // Bitrix24 stage semantics decide before the flags and the stage name.
  [{ stage: 'C2:UC_7X1', isClosed: 'Y', stageSemantic: 'S' }, 'won', 'semantic success'],
  [{ stage: 'C2:UC_7X1', isClosed: 'Y', stageSemantic: 'F' }, 'lost', 'semantic failure'],
  [{ stage: 'C2:UC_7X1', isClosed: 'N', stageSemantic: 'P' }, 'open', 'semantic process'],
  [{ stage: 'WON', isClosed: 'Y', stageSemantic: 'F' }, 'lost', 'semantic over stage name'],
  [{ stage: 'C1:UC_2', stageSemantic: 's' }, 'won', 'semantic in lower case'],
  [{ stage: 'JUNK', stageSemantic: 'F' }, 'lost', 'Bitrix24 lead semantic'],
  [{ stage: 'NEW', stageSemantic: 'X' }, 'open', 'unknown semantic falls back to stage'],
  // Salesforce default lead statuses, in the Status column.
  [{ status: 'Open - Not Contacted' }, 'open', 'Salesforce new lead'],
  [{ status: 'Working - Contacted' }, 'open', 'Salesforce lead in work'],
  [{ status: 'Closed - Converted' }, 'won', 'Salesforce converted lead'],
  [{ status: 'Closed - Not Converted' }, 'lost', 'Salesforce dropped lead'],
];

describe('createStatusResolver', () => {
  test.each(ROWS)('%j', (values, status) => {
    expect(defaults.resolve(cells(values))).toBe(status);
  });

  test('guessed open stages are remembered', () => {
    const resolver = createStatusResolver({}, vocabulary);
    for (const stage of ['On hold', 'On hold', 'Qualification', 'Lost']) resolver.resolve(cells({ stage }));
    expect([...resolver.guessedOpen()]).toEqual([['On hold', 2]]);
  });

  test('user won stage wins', () => {
    const resolver = createStatusResolver({ closedWonStages: ['Signé client'] }, vocabulary);
    expect(resolver.resolve(cells({ stage: 'Signé client' }))).toBe('won');
  });

  test('user open list adds to defaults', () => {
    const resolver = createStatusResolver({ openStages: ['Devis', 'Closed Lost'] }, vocabulary);
    expect(resolver.resolve(cells({ stage: 'Devis' }))).toBe('open');
    expect(resolver.resolve(cells({ stage: 'Closed Lost' }))).toBe('open');
    expect(resolver.resolve(cells({ stage: 'Negotiation/Review' }))).toBe('open');
    expect(resolver.resolve(cells({ stage: 'Autre' }))).toBe('open');
    expect(resolver.resolve(cells({ stage: 'Closed Won' }))).toBe('won');
  });

  test('user list wins over semantic', () => {
    const resolver = createStatusResolver({ closedLostStages: ['C2:UC_7X1'] }, vocabulary);
    expect(resolver.resolve(cells({ stage: 'C2:UC_7X1', stageSemantic: 'S' }))).toBe('lost');
  });

  test('closed custom stage is no guess', () => {
    const resolver = createStatusResolver({}, vocabulary);
    resolver.resolve(cells({ stage: 'C2:UC_7X1', isClosed: 'Y' }));
    expect([...resolver.guessedOpen()]).toEqual([]);
  });

  test('user lists apply to status column', () => {
    const resolver = createStatusResolver({ openStages: ['Not Started'] }, vocabulary);
    expect(resolver.resolve(cells({ status: 'Not Started' }))).toBe('open');
    expect(resolver.resolve(cells({ stage: 'Lost', status: 'Not Started' }))).toBe('lost');
  });
});
