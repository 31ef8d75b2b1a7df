// The sentence trigger tries a pattern only at a word that carries its last
// required element, and first reads where each earlier element was last seen.
// Here it is checked against a plain search of every pattern of each default
// pack, on element ids laid out at random, many of them in a pattern's order.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/detectors/index.js';
import { matchGroupsOfScan, triggerEnds, triggerMarks, type TriggerSet, type TriggerWord } from '../../src/detectors/trigger.js';

const rules = loadRuleSet();

// Tries every choice of positions p0 < p1 < ... with p[i] - p[i - 1] <= steps[i].
function hasOrderedRun(words: readonly (readonly number[])[], ids: readonly number[], steps: readonly number[]): boolean {
  const fits = (index: number, after: number): boolean => {
    if (index === ids.length) return true;
    const id = ids[index] ?? -1;
    const from = index === 0 ? 0 : after + 1;
    const to = index === 0 ? words.length - 1 : Math.min(words.length - 1, after + (steps[index] ?? 0));
    for (let at = from; at <= to; at += 1) if ((words[at] ?? []).includes(id) && fits(index + 1, at)) return true;
    return false;
  };
  return fits(0, -1);
}

function expectedGroups(trigger: TriggerSet, words: readonly (readonly number[])[], requested: number): number {
  let found = trigger.unconditionalGroups;
  trigger.required.forEach((ids, pattern) => {
    if (ids.length > 0 && hasOrderedRun(words, ids, trigger.maxSteps[pattern] ?? [])) found |= trigger.groups[pattern] ?? 1;
  });
  return found & requested;
}

function scanWords(trigger: TriggerSet, words: readonly (readonly number[] | null)[]): TriggerWord[] {
  return words.map((ids) => ({ triggerIds: ids, triggerEnds: ids === null ? [] : triggerEnds(trigger, ids) }));
}

// Words as the shared word scan gives them, each recording only its marks.
function markedWords(trigger: TriggerSet, words: readonly (readonly number[] | null)[]): TriggerWord[] {
  return scanWords(trigger, words).map((word) => (word.triggerIds === null ? word : { ...word, triggerMarks: triggerMarks(trigger, word.triggerIds) }));
}

// A sentence of id lists: some noise, and the required ids of a few patterns with gaps that may
// be too long, so that most runs sit near the edge of a pattern's reach.
function sentences(trigger: TriggerSet): fc.Arbitrary<(number[] | null)[]> {
  const idCount = trigger.lastSeen.length;
  const patternCount = trigger.required.length;
  const noise = fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 6, arbitrary: fc.array(fc.integer({ min: 0, max: idCount - 1 }), { maxLength: 8 }) },
  );
  const planted = fc.tuple(fc.integer({ min: 0, max: patternCount - 1 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 16, maxLength: 16 }));
  return fc.tuple(fc.array(noise, { maxLength: 30 }), fc.array(planted, { maxLength: 3 }), fc.nat()).map(([base, plants, seed]) => {
    const words = base.map((ids) => (ids === null ? null : [...ids]));
    for (const [pattern, gaps] of plants) {
      let at = seed % (words.length + 1);
      (trigger.required[pattern] ?? []).forEach((id, index) => {
        while (words.length <= at) words.push([]);
        const word = words[at];
        if (word === null || word === undefined) words[at] = [id];
        else word.push(id);
        at += 1 + (gaps[index] ?? 0);
      });
    }
    return words;
  });
}

describe('sentence trigger by last elements', () => {
  for (const pack of rules.packs) {
    const trigger = pack.sentenceTrigger;
    test(`agrees with a plain search (${pack.language})`, () => {
      fc.assert(
        fc.property(sentences(trigger), fc.constantFrom(pack.sentenceGroupMask, 1, 2), (words, requested) => {
          const positioned = words.filter((ids): ids is number[] => ids !== null);
          expect(matchGroupsOfScan(trigger, scanWords(trigger, words), requested)).toBe(expectedGroups(trigger, positioned, requested));
        }),
        { numRuns: 400, seed: 18 },
      );
    });

    test(`marked words match plain search (${pack.language})`, () => {
      fc.assert(
        fc.property(sentences(trigger), fc.constantFrom(pack.sentenceGroupMask, 1, 2), (words, requested) => {
          const positioned = words.filter((ids): ids is number[] => ids !== null);
          expect(matchGroupsOfScan(trigger, markedWords(trigger, words), requested)).toBe(expectedGroups(trigger, positioned, requested));
        }),
        { numRuns: 400, seed: 21 },
      );
    });
  }

  test('marks only earlier elements', () => {
    const trigger = rules.packs[0]?.sentenceTrigger;
    if (trigger === undefined) throw new Error('no pack');
    const earlier = new Set(trigger.required.flatMap((ids) => ids.slice(0, -1)));
    const all = Array.from({ length: trigger.lastSeen.length }, (_, id) => id);
    expect(triggerMarks(trigger, all)).toEqual(all.filter((id) => earlier.has(id)));
    const earlierIds = all.filter((id) => earlier.has(id)).slice(0, 3);
    expect(triggerMarks(trigger, earlierIds)).toBe(earlierIds);
  });

  test('lists each pattern once per word', () => {
    const trigger = rules.packs[0]?.sentenceTrigger;
    if (trigger === undefined) throw new Error('no pack');
    const last = trigger.required.findIndex((ids) => ids.length > 0);
    const id = trigger.required[last]?.at(-1) ?? 0;
    const ends = triggerEnds(trigger, [id, id]);
    expect(ends).toContain(last);
    expect(new Set(ends).size).toBe(ends.length);
  });

  test('sees nothing of an earlier call', () => {
    const trigger = rules.packs[0]?.sentenceTrigger;
    if (trigger === undefined) throw new Error('no pack');
    const pattern = trigger.required.findIndex((ids) => ids.length === 2);
    const [first = 0, second = 0] = trigger.required[pattern] ?? [];
    const group = trigger.groups[pattern] ?? 1;
    expect(matchGroupsOfScan(trigger, scanWords(trigger, [[first], [second]]), group) & group).toBe(group);
    matchGroupsOfScan(trigger, scanWords(trigger, [[first]]), group);
    expect(expectedGroups(trigger, [[second]], group)).toBe(matchGroupsOfScan(trigger, scanWords(trigger, [[second]]), group));
  });
});
