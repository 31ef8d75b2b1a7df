// findAffirmation() skips the clause analysis of a sentence whose first token
// starts no affirmation phrase. It must find the same affirmation as analysing
// every sentence of its window, on every eval and corpus message.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSplit, toMailMessages } from '../../eval/run.js';
import { analyseSentence } from '../../src/detectors/context.js';
import { readMessageText, type TextUnit } from '../../src/detectors/detect.js';
import { classifyMessage, loadRuleSet } from '../../src/detectors/index.js';
import { affirmationOpenings, findAffirmation } from '../../src/detectors/reply-context.js';
import type { CompiledPack } from '../../src/detectors/rule-set.js';
import { tokenize } from '../../src/detectors/tokens.js';
import { readMailSource } from '../../src/parsers/mail-sources.js';
import type { MailMessage } from '../../src/types.js';
import { corpusPath, FIXTURES } from '../helpers/paths.js';
import { makeMessage } from './message.js';

const rules = loadRuleSet();

function opensWithAffirmation(pack: CompiledPack, unit: TextUnit): boolean {
  const context = analyseSentence(pack, tokenize(pack.settings, unit.sentence, null));
  return context.spans.some((span) => span.kind === 'affirmation' && span.start === 0);
}

/** Checks every pack on one message and returns how many of its sentences open with an affirmation. */
function checkMessage(message: MailMessage): number {
  const { units } = readMessageText(message, rules);
  const window = units.filter((unit) => unit.part === 'body').slice(0, 2);
  let opening = 0;
  for (const pack of rules.packs) {
    const openings = affirmationOpenings(pack);
    for (const unit of window) {
      if (!opensWithAffirmation(pack, unit)) continue;
      opening += 1;
      const first = tokenize(pack.settings, unit.sentence, null)[0]?.text ?? '';
      expect(openings === null || openings.has(first), unit.sentence).toBe(true);
    }
    // The first sentence that opens with an affirmation is the only candidate.
    const candidate = window.find((unit) => opensWithAffirmation(pack, unit));
    const found = findAffirmation(pack, units);
    if (candidate === undefined) expect(found).toBeNull();
    else expect([null, candidate]).toContain(found);
  }
  return opening;
}

describe('affirmation openings', () => {
  test('lists the first words of every pack', () => {
    for (const pack of rules.packs) expect(affirmationOpenings(pack)?.size ?? 0).toBeGreaterThan(0);
  });

  test('match every opening on the eval splits', () => {
    let opening = 0;
    for (const split of ['dev', 'tuning']) {
      for (const thread of readSplit(path.join(FIXTURES, 'eval', split))) {
        for (const message of toMailMessages(thread)) opening += checkMessage(message);
      }
    }
    expect(opening).toBeGreaterThan(10);
  });

  test('match every opening on the corpus', async () => {
    let checked = 0;
    for (const name of readdirSync(corpusPath('mbox')).filter((file) => file.endsWith('.mbox'))) {
      const { messages } = readMailSource({ kind: 'mbox', path: corpusPath('mbox', name) }, []);
      for await (const message of messages) {
        if (classifyMessage(message).kind !== 'human') continue;
        checkMessage(message);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  test('find a yes after a greeting', () => {
    const message = makeMessage({ subject: 'Re: Q3', text: 'Hi Claire,\n\nYes, sounds good.\n\n> Shall we roll the programme into Q3?' });
    const { units } = readMessageText(message, rules);
    const english = rules.packs.find((pack) => pack.language === 'en');
    expect(english).toBeDefined();
    if (english !== undefined) expect(findAffirmation(english, units)?.sentence).toBe('Yes, sounds good.');
  });
});
