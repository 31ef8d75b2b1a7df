// findCountRanges() reads "from N … to M" in a sentence, so that a seat rule
// matching inside a count that goes down ("from 14 seats to 7") is set aside.
import { describe, expect, test } from 'vitest';
import { findCountRanges } from '../../src/detectors/context.js';
import { toUnit } from '../../src/detectors/detect.js';
import { loadRuleSet } from '../../src/detectors/index.js';
import { tokenizeFolded } from '../../src/detectors/tokens.js';

const rules = loadRuleSet();

function rangesOf(language: string, sentence: string): [number, number][] {
  const pack = rules.packs.find((candidate) => candidate.language === language);
  if (pack === undefined) throw new Error(`no ${language} pack`);
  // The sentence is folded and tokenized as detection reads it.
  const tokens = tokenizeFolded(pack.settings, toUnit('body', sentence).folded, pack.typos);
  return findCountRanges(tokens).map((range) => [range.from, range.to]);
}

describe('findCountRanges', () => {
  const rows: [string, string, [number, number][]][] = [
    ['en', "We'll need to go from 14 seats to 7.", [[14, 7]]],
    ['en', 'We need to go from 40 to 25 users.', [[40, 25]]],
    ['en', 'Take us from twelve Pro seats to twenty.', [[12, 20]]],
    ['fr', 'Il faudra passer de 12 licences à 8 en janvier.', [[12, 8]]],
    // The count that closes the sentence keeps its value without its dot.
    ['fr', 'Nous passons de 12 licences à 8.', [[12, 8]]],
    ['en', 'Headcount goes from five to 7.', [[5, 7]]],
    // No "from" before the first count: "add 10 users to 2 offices" is no range.
    ['en', 'Please add 10 users to 2 new offices.', []],
    // Three words between the counts are too many: the second count belongs elsewhere.
    ['en', 'From 3 people in the team to 9 desks.', []],
    ['en', 'Moving from 14 seats to the Team plan.', []],
  ];
  test.each(rows)('%s: %s', (language, sentence, expected) => {
    expect(rangesOf(language, sentence)).toEqual(expected);
  });
});
