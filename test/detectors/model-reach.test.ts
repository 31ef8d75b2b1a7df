// The model pre-check without feature strings must give the numbers of the
// string-based read, for every message of the eval sets, with and without the
// participants' names left out.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSplit } from '../../eval/run.js';
import { canReachThreshold, messageUnits } from '../../src/detectors/detect.js';
import { loadRuleSet } from '../../src/detectors/index.js';
import { canUnitsReachThreshold, unitProbabilities } from '../../src/detectors/model-reach.js';
import { participantWords, readModelText, scoreFeatures, textFeatures } from '../../src/detectors/model.js';
import { CATEGORIES, type Category } from '../../src/types.js';

const rules = loadRuleSet([], true);

interface FixtureMessage {
  from?: string;
  subject?: string;
  body?: string;
}

function fixtureMessages(): FixtureMessage[] {
  const root = path.resolve('fixtures/eval');
  return ['dev', 'tuning', 'ordinary'].flatMap((split) => readSplit(path.join(root, split)).flatMap((thread) => thread.messages));
}

function namesOf(from: string | undefined): Set<string> {
  const match = /^(.*?)\s*<([^>]*)>/.exec(from ?? '');
  return match === null ? new Set() : participantWords([{ name: match[1] ?? '', address: match[2] ?? '' }]);
}

const messages = fixtureMessages();

describe('model pre-check without feature strings', () => {
  test('reads over 100 eval messages', () => {
    expect(messages.length).toBeGreaterThan(100);
  });

  test('matches string-based probabilities', () => {
    let compared = 0;
    for (const message of messages) {
      const units = messageUnits(message.subject ?? '', message.body ?? '');
      for (const names of [new Set<string>(), namesOf(message.from)]) {
        for (const pack of rules.packs) {
          const model = rules.models?.get(pack.language);
          if (model === undefined) continue;
          const features = textFeatures(readModelText(pack, units, 'none', names), 'none');
          const expected = features.size === 0 ? null : scoreFeatures(model, features);
          expect(unitProbabilities(model, pack, units, names)).toEqual(expected);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  test('matches canReachThreshold for fired sets', () => {
    const firedSets: ReadonlySet<Category>[] = [new Set(), new Set(['expansion']), new Set(['churn-risk', 'referral']), new Set(CATEGORIES)];
    let reached = 0;
    for (const message of messages) {
      const units = messageUnits(message.subject ?? '', message.body ?? '');
      for (const pack of rules.packs) {
        const model = rules.models?.get(pack.language);
        if (model === undefined) continue;
        const text = readModelText(pack, units, 'none');
        for (const fired of firedSets) {
          const result = canUnitsReachThreshold(model, pack, units, fired, new Set());
          expect(result).toBe(canReachThreshold(model, text, fired));
          if (result) reached += 1;
        }
      }
    }
    // Both results occur, so the comparison tests something.
    expect(reached).toBeGreaterThan(0);
  });

  test('featureless text reaches no threshold', () => {
    for (const pack of rules.packs) {
      const model = rules.models?.get(pack.language);
      if (model === undefined) continue;
      expect(unitProbabilities(model, pack, [], new Set())).toBeNull();
      expect(canUnitsReachThreshold(model, pack, [{ folded: '. , !' }], new Set(), new Set())).toBe(false);
    }
  });
});
