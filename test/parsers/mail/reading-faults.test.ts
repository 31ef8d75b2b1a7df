// Faults a breaker found in mail reading (round 5), each with the value it must give.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../helpers/paths.js';
import { readAll } from './helpers.js';

const FAULTS = path.join(FIXTURES, 'mail-faults');

describe('UTF-8 and Latin-1 mixed in one part', () => {
  it('decodes each sequence in its own charset and counts the message', async () => {
    const run = await readAll({ kind: 'mbox', path: path.join(FAULTS, 'mixed-utf8-latin1.mbox') });
    expect(run.messages).toHaveLength(1);
    const text = run.messages[0]?.text ?? '';
    expect(text).toContain('20 licences supplémentaires ?');
    expect(text).toContain('Hélène Roux');
    expect(text).toContain('> Voici le récapitulatif de votre abonnement.');
    expect(run.problems.map((problem) => problem.code)).toEqual(['MESSAGE_CHARSET_MIXED']);
    expect(run.problems[0]?.where).toBe('message 1 (byte 0)');
  });
});
