// The per-sentence pre-pass must never change what detection finds: on every
// eval thread and real mailbox message, the gated detectSignals() gives the
// same hits as judging every sentence of the new text.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSplit, SPLITS, toMailMessages } from '../../eval/run.js';
import { classifyMessage, detectLanguage, extractNewText, loadRuleSet } from '../../src/detectors/index.js';
import { acceptedProposals, addHits, bestHits, detectSignals, judgeUnits, MAX_SCANNED_CHARS, messageUnits } from '../../src/detectors/detect.js';
import { foldText, joinDigitGroups } from '../../src/detectors/normalize.js';
import { canMatch } from '../../src/detectors/trigger.js';
import type { RuleSet } from '../../src/detectors/index.js';
import { readMailSource } from '../../src/parsers/mail-sources.js';
import type { MailMessage, SignalHit } from '../../src/types.js';
import { corpusPath, FIXTURES } from '../helpers/paths.js';
import { makeMessage } from './message.js';

const rules = loadRuleSet();

// Detection as it was before the per-sentence pre-pass: every sentence of the
// new text is tokenized and judged by every pack the language guess selects.
// The quoted proposals a reply takes up never go through the pre-pass, so
// they are added the same way.
function judgeEverySentence(message: MailMessage, ruleSet: RuleSet): SignalHit[] {
  const text = message.text.slice(0, MAX_SCANNED_CHARS);
  const folded = joinDigitGroups(foldText(`${message.subject}\n${text}`));
  if (!ruleSet.packs.some((pack) => canMatch(pack.trigger, pack.settings, pack.typos, folded))) return [];
  const newText = extractNewText({ ...message, text });
  const units = messageUnits(message.subject, newText);
  const guess = detectLanguage(`${message.subject}\n${newText}`, ruleSet.packs);
  const hits = bestHits(guess.packs.flatMap((pack) => judgeUnits(pack, units)));
  return addHits(hits, acceptedProposals(guess.packs, text, newText, units));
}

async function mailboxMessages(file: string): Promise<MailMessage[]> {
  const { messages } = readMailSource({ kind: 'mbox', path: file }, []);
  const collected: MailMessage[] = [];
  for await (const message of messages) collected.push(message);
  return collected;
}

describe('sentence pre-pass', () => {
  test.each(SPLITS)('same hits on the %s eval split', (split) => {
    const messages = readSplit(path.join(FIXTURES, 'eval', split)).flatMap(toMailMessages);
    // The holdout folder waits empty for a new blind set between sets.
    if (split !== 'holdout') expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(detectSignals(message, rules), message.subject).toEqual(judgeEverySentence(message, rules));
    }
  });

  test.each([
    ['the sample', path.join(FIXTURES, 'sample', 'inbox.mbox')],
    ['Enron', corpusPath('mbox', 'enron_tomwang777-maildir-subset_400.mbox')],
    ['a USRP list month', corpusPath('mbox', 'usrp-users-list_2019-08-import.mboxrd.mbox')],
    ['USRP license threads', corpusPath('mbox', 'usrp-users-list_buy-license-threads.mboxrd.mbox')],
  ])('same hits on %s', async (_name, file) => {
    let compared = 0;
    for (const message of await mailboxMessages(file)) {
      if (classifyMessage(message).kind !== 'human') continue;
      expect(detectSignals(message, rules), message.id).toEqual(judgeEverySentence(message, rules));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(0);
  });
});

// Score objects with requests at different distances, and a sentence that can
// fire next to one that contains only an object, whose other neighbour contains a request.
describe('sentence pre-pass on scored rules', () => {
  const situation = "We're talking to three banks about collection accounts.";
  test.each([
    `${situation}\n\nCould you put together an outline?`,
    `${situation}\n\nThe office is closed on Monday.\n\nCould you put together an outline?`,
    `Could you call me?\n\nThe office is closed.\n\nWe had a demo last week.\n\nWe need 20 more seats.\n\nThanks.`,
    `We had a demo last week.\n\nWe need 20 more seats.\n\nPlease send a quote.\n\nThe trial ends soon. Could you extend it?`,
  ])('same hits: %s', (text) => {
    const message = makeMessage({ subject: 'Accounts', text });
    expect(detectSignals(message, rules)).toEqual(judgeEverySentence(message, rules));
  });
});

// A subject follows the body's matches of its rule, and a body match that cannot fire (a browser
// update, blocked) sets the subject aside too, so the pre-pass must judge that body sentence.
describe('sentence pre-pass under firing subject', () => {
  test.each([
    ['Software upgrade on Friday?', 'IT told us the booking site is upgraded on Friday 3 July, so everyone on an old browser has to upgrade it first.'],
    ['Upgrade next week?', 'Our office computers get a Windows upgrade next week. Nothing else changes on our side.'],
  ])('same hits: %s', (subject, text) => {
    const message = makeMessage({ subject, text });
    const hits = judgeEverySentence(message, rules);
    expect(detectSignals(message, rules)).toEqual(hits);
  });
});
