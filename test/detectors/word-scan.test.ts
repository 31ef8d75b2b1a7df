// Each consumer of the shared word scan must get its own path's result: the same
// trigger groups per unit and the same model probabilities per message.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readSplit } from '../../eval/run.js';
import { messageUnits, readMessageText, type TextUnit } from '../../src/detectors/detect.js';
import { loadRuleSet } from '../../src/detectors/index.js';
import { scannedProbabilities, unitProbabilities } from '../../src/detectors/model-reach.js';
import { participantWords } from '../../src/detectors/model.js';
import { foldText, joinDigitGroups } from '../../src/detectors/normalize.js';
import { matchGroupsInText, matchGroupsOfScan } from '../../src/detectors/trigger.js';
import { scanUnit, scanUnits } from '../../src/detectors/word-scan.js';
import { parseMessage } from '../../src/parsers/message.js';
import { readRawMail } from '../../src/parsers/mail-sources.js';
import type { Problem } from '../../src/types.js';
import { corpusPath } from '../helpers/paths.js';

const rules = loadRuleSet([], true);

interface Sample {
  units: TextUnit[];
  names: Set<string>;
}

function evalSamples(): Sample[] {
  const root = path.resolve('fixtures/eval');
  return ['dev', 'tuning'].flatMap((split) =>
    readSplit(path.join(root, split)).flatMap((thread) =>
      thread.messages.map((message) => {
        const match = /^(.*?)\s*<([^>]*)>/.exec(message.from ?? '');
        const names = match === null ? new Set<string>() : participantWords([{ name: match[1] ?? '', address: match[2] ?? '' }]);
        return { units: messageUnits(message.subject ?? '', message.body ?? ''), names };
      }),
    ),
  );
}

async function corpusSamples(): Promise<Sample[]> {
  const folder = corpusPath('mbox');
  const samples: Sample[] = [];
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.mbox')).sort()) {
    const problems: Problem[] = [];
    for await (const item of readRawMail({ kind: 'mbox', path: path.join(folder, name) }, problems).items) {
      const message = await parseMessage(item.raw, item.context, problems);
      if (message === null) continue;
      const names = participantWords([message.from, ...message.replyTo, ...message.to, ...message.cc].flatMap((address) => address ?? []));
      samples.push({ units: readMessageText(message, rules).units, names });
    }
  }
  return samples;
}

interface Tally {
  /** Units read from a scan. */
  scanned: number;
  /** Of those, units in which the trigger found some group, so the comparison tests something. */
  withGroups: number;
}

// Compares both consumers on one message for every pack with a model.
function compare(sample: Sample, tally: Tally): void {
  for (const pack of rules.packs) {
    const model = rules.models?.get(pack.language);
    if (model === undefined) continue;
    const folded = sample.units.map((unit) => unit.folded);
    const scans = scanUnits(pack, model, folded);
    scans.forEach((scan, index) => {
      if (scan === null) return;
      const own = matchGroupsInText(pack.sentenceTrigger, pack.settings, pack.typos, folded[index] ?? '', pack.sentenceGroupMask);
      expect(matchGroupsOfScan(pack.sentenceTrigger, scan, pack.sentenceGroupMask)).toBe(own);
      tally.scanned += 1;
      if (own !== 0) tally.withGroups += 1;
    });
    for (const names of [new Set<string>(), sample.names]) {
      expect(scannedProbabilities(model, pack, sample.units, scans, names)).toEqual(unitProbabilities(model, pack, sample.units, names));
    }
  }
}

describe('shared word scan', () => {
  let corpus: Sample[] = [];
  beforeAll(async () => {
    corpus = await corpusSamples();
  });

  test('matches own paths on eval messages', () => {
    const samples = evalSamples();
    expect(samples.length).toBeGreaterThan(100);
    const tally: Tally = { scanned: 0, withGroups: 0 };
    for (const sample of samples) compare(sample, tally);
    expect(tally.scanned).toBeGreaterThan(1000);
    expect(tally.withGroups).toBeGreaterThan(100);
  });

  test('matches own paths on corpus messages', () => {
    expect(corpus.length).toBeGreaterThan(100);
    const tally: Tally = { scanned: 0, withGroups: 0 };
    for (const sample of corpus) compare(sample, tally);
    expect(tally.scanned).toBeGreaterThan(1000);
    expect(tally.withGroups).toBeGreaterThan(100);
  });

  test.each([
    ["elisions and contractions", "l'offre d'essai, we don't need it"],
    ['hyphens and dashes', 'self-service -- re-sign a - b'],
    ['numbers, dots and underscores', 'take it to 3.5m ... _ 12_000 seats.'],
    ['letters past ASCII', 'x\u00d7y stra\u00dfe \u00e6on'],
    ['currency and lines', 'to $8m or \u00a39\n\nnext line'],
  ])('matches trigger on %s', (_name, text) => {
    const folded = joinDigitGroups(foldText(text));
    for (const pack of rules.packs) {
      const model = rules.models?.get(pack.language);
      if (model === undefined) continue;
      const scan = scanUnit(pack, model, folded);
      expect(scan).not.toBeNull();
      expect(matchGroupsOfScan(pack.sentenceTrigger, scan ?? [], pack.sentenceGroupMask)).toBe(
        matchGroupsInText(pack.sentenceTrigger, pack.settings, pack.typos, folded, pack.sentenceGroupMask),
      );
    }
  });

  test('skips units with U+0178', () => {
    for (const pack of rules.packs) {
      const model = rules.models?.get(pack.language);
      if (model !== undefined) expect(scanUnit(pack, model, 'a\u0178b')).toBeNull();
    }
  });
});
