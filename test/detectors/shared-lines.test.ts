// Reply extraction hands its lines to sentence splitting, so the new text is cut
// into lines once. These tests compare the shared lines with each step's own split.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readSplit } from '../../eval/run.js';
import { messageUnits } from '../../src/detectors/detect.js';
import { extractNewLines, extractNewText, tidyLines } from '../../src/detectors/reply.js';
import { splitLineSentences, splitSentences } from '../../src/detectors/sentences.js';
import { readMailSource } from '../../src/parsers/mail-sources.js';
import { CORPUS, FIXTURES } from '../helpers/paths.js';
import { makeMessage } from './message.js';

interface Sample {
  subject: string;
  text: string;
}

function evalSamples(): Sample[] {
  return ['dev', 'tuning'].flatMap((split) =>
    readSplit(path.join(FIXTURES, 'eval', split)).flatMap((thread) =>
      thread.messages.map((message) => ({ subject: message.subject ?? '', text: message.body ?? '' })),
    ),
  );
}

async function corpusSamples(): Promise<Sample[]> {
  const folder = path.join(CORPUS, 'mbox');
  const samples: Sample[] = [];
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.mbox')).sort()) {
    const { messages } = readMailSource({ kind: 'mbox', path: path.join(folder, name) }, []);
    for await (const message of messages) samples.push({ subject: message.subject, text: message.text });
  }
  return samples;
}

/** Tidies the joined text as extractNewText() did before the lines were shared. */
function tidyJoined(lines: readonly string[]): string {
  return lines
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function expectSameResults(samples: readonly Sample[]): void {
  for (const { subject, text } of samples) {
    const message = makeMessage({ subject, text });
    const newText = extractNewText(message);
    const newLines = extractNewLines(message);
    expect(newLines.join('\n')).toBe(newText);
    expect(splitLineSentences(newLines)).toEqual(splitSentences(newText));
    expect(messageUnits(subject, newText, newLines)).toEqual(messageUnits(subject, newText));
    // Reply extraction reads `\r\n` text as `\n` text.
    expect(extractNewLines(makeMessage({ subject, text: text.replace(/\r?\n/g, '\r\n') }))).toEqual(newLines);
  }
}

describe('lines shared by reply extraction and sentence splitting', () => {
  test('same sentences on eval messages', () => {
    const samples = evalSamples();
    expect(samples.length).toBeGreaterThan(100);
    expectSameResults(samples);
  });

  test('same sentences on corpus messages', async () => {
    const samples = await corpusSamples();
    expect(samples.length).toBeGreaterThan(500);
    expectSameResults(samples);
  });

  test('tidyLines matches joined-text tidying', () => {
    const piece = fc.constantFrom('', ' ', '\t', '\u00a0', '\ufeff', '\u2028', 'a', 'b c', ' x ', '>', '-- ');
    const line = fc.array(piece, { maxLength: 4 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        expect(tidyLines(lines).join('\n')).toBe(tidyJoined(lines));
      }),
      { numRuns: 2000 },
    );
  });

  test('tidyLines cuts blank runs', () => {
    expect(tidyLines(['', '  ', '  Hello  ', '', '', '\t', 'Seats for 5.', '', 'Thanks', '', ' '])).toEqual([
      'Hello',
      '',
      'Seats for 5.',
      '',
      'Thanks',
    ]);
    expect(tidyLines([' ', ''])).toEqual([]);
  });
});
