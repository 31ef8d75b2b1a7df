// The sentence trigger checks each scored rule against its own intent terms and
// its own window. That is tighter than one test for every scored rule at once,
// so it must still keep every sentence on which the full judge fires a match.
// Every sentence of the dev and tuning splits and of every corpus mailbox is
// judged in full here and compared with what the trigger keeps.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readSplit, toMailMessages } from '../../eval/run.js';
import { loadRuleSet } from '../../src/detectors/index.js';
import { judgeUnits, readMessageText, sentenceCandidates, type TextUnit } from '../../src/detectors/detect.js';
import type { RuleSet } from '../../src/detectors/index.js';
import { canScanPack, scanUnits } from '../../src/detectors/word-scan.js';
import { readMailSource } from '../../src/parsers/mail-sources.js';
import type { MailMessage } from '../../src/types.js';
import { CORPUS, FIXTURES } from '../helpers/paths.js';
import { makeMessage } from './message.js';

const withModel = loadRuleSet([], true);
const withoutModel = loadRuleSet();

interface Tally {
  sentences: number;
  fired: number;
  kept: number;
}

// Judges every unit of a message in full and checks that each unit with a fired
// match is a candidate, with and without the shared word scan.
function check(message: MailMessage, rules: RuleSet, tally: Tally): void {
  const { units, packs } = readMessageText(message, rules);
  for (const pack of packs) {
    // The unit's position rides in its sentence, which judgeUnits() copies into each match.
    const tagged: TextUnit[] = units.map((unit, index) => ({ ...unit, sentence: `${index}\u0000${unit.sentence}` }));
    const firedAt = new Set(
      judgeUnits(pack, tagged)
        .filter((judged) => judged.verdict.fired)
        .map((judged) => Number(judged.sentence.split('\u0000')[0])),
    );
    const model = rules.models?.get(pack.language);
    const scans = model !== undefined && canScanPack(pack) ? scanUnits(pack, model, units.map((unit) => unit.folded)) : undefined;
    const { canFire } = sentenceCandidates(pack, units, undefined, scans);
    tally.sentences += units.length;
    tally.fired += firedAt.size;
    tally.kept += canFire.filter(Boolean).length;
    for (const index of firedAt) expect(canFire[index], `${message.subject} | ${units[index]?.sentence ?? ''}`).toBe(true);
  }
}

function checkAll(messages: readonly MailMessage[]): Tally {
  const tally: Tally = { sentences: 0, fired: 0, kept: 0 };
  for (const message of messages) {
    check(message, withModel, tally);
    check(message, withoutModel, tally);
  }
  return tally;
}

describe('sentence candidates keep every sentence that fires', () => {
  test.each(['dev', 'tuning'])('on the %s eval split', (split) => {
    const tally = checkAll(readSplit(path.join(FIXTURES, 'eval', split)).flatMap(toMailMessages));
    expect(tally.fired).toBeGreaterThan(50);
    expect(tally.kept).toBeGreaterThanOrEqual(tally.fired);
  });

  let corpus: MailMessage[] = [];
  beforeAll(async () => {
    const folder = path.join(CORPUS, 'mbox');
    for (const name of readdirSync(folder).filter((file) => file.endsWith('.mbox')).sort()) {
      const { messages } = readMailSource({ kind: 'mbox', path: path.join(folder, name) }, []);
      for await (const message of messages) corpus.push(message);
    }
  });

  test('on every corpus message', () => {
    expect(corpus.length).toBeGreaterThan(500);
    const tally = checkAll(corpus);
    expect(tally.fired).toBeGreaterThan(50);
  });

  // A scored rule's object is a candidate next to its own request. Beside no request,
  // or with its request beyond its own window, it is no candidate.
  test.each([
    ["We're talking to three banks about collection accounts.\n\nCould you put together an outline?", true],
    ["We're talking to three banks about collection accounts.\n\nThe office is closed.\n\nCould you put together an outline?", false],
    ['Everyone liked the new calendar view during the demo last week.\n\nThanks for your help.', false],
  ])('object and request: %s', (text, expected) => {
    const message = makeMessage({ subject: 'Re: accounts', text });
    const { units, packs } = readMessageText(message, withoutModel);
    const english = packs.find((pack) => pack.language === 'en');
    if (english === undefined) throw new Error('no English pack for an English message');
    const { canFire } = sentenceCandidates(english, units);
    expect(canFire[0]).toBe(expected);
  });

  // A number slot is required too: "d'un" is no number in the French pack, "3" is.
  test.each([
    ["Nos commissaires aux comptes ont besoin d'un accès en lecture.", false],
    ['Nous avons besoin de 3 accès en lecture.', true],
  ])('number slot: %s', (text, expected) => {
    const message = makeMessage({ subject: 'Re: acces', text });
    const { units } = readMessageText(message, withoutModel);
    const french = withoutModel.packs.find((pack) => pack.language === 'fr');
    if (french === undefined) throw new Error('the default rules have no French pack');
    expect(sentenceCandidates(french, units).canFire[0]).toBe(expected);
  });
});
