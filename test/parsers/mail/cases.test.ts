// Bug-report cases: the text, senders, subjects and dates that detection will see.
import { describe, expect, it } from 'vitest';
import { casePath } from '../../helpers/paths.js';
import { readAll } from './helpers.js';
import { MAX_HEADER_BYTES } from '../../../src/limits.js';
import { parseMessage } from '../../../src/parsers/message.js';
import type { Problem } from '../../../src/types.js';

describe('case 001 unescaped From lines', () => {
  it('inbox keeps three messages', async () => {
    const run = await readAll({ kind: 'mbox', path: casePath('001-mbox-unescaped-from-line', 'inbox.mbox') });
    expect(run.messages).toHaveLength(3);
    expect(run.counts.skipped).toBe(0);
    for (const message of run.messages) {
      expect(message.from?.address).not.toBe('');
      expect(message.subject).not.toBe('');
      expect(message.date).not.toBeNull();
    }
  });

  it('message 2 keeps both From lines', async () => {
    const run = await readAll({ kind: 'mbox', path: casePath('001-mbox-unescaped-from-line', 'inbox.mbox') });
    const second = run.messages[1];
    expect(second?.from?.address).toBe('anna.keller@northwind.example');
    expect(second?.subject).toBe('Seats for 2027');
    expect(second?.text).toContain('From January we want to add 25 more seats to our subscription.');
    expect(second?.text).toContain('From what I understand the price per seat stays the same, right?');
    expect(second?.text).toContain('Thanks,\nAnna');
  });

  it('bare separators split in two', async () => {
    const run = await readAll({ kind: 'mbox', path: casePath('001-mbox-unescaped-from-line', 'bare-separators.mbox') });
    expect(run.messages).toHaveLength(2);
    expect(run.messages[0]?.from?.address).toBe('pauline.roux@lumiere-events.example');
    expect(run.messages[0]?.subject).toBe('Salon 2027');
    expect(run.messages[1]?.subject).toBe('Re: Salon 2027');
  });
});

describe('case 002 mboxrd unescaping', () => {
  it('removes exactly one >', async () => {
    const run = await readAll({ kind: 'mbox', path: casePath('002-mboxrd-escaped-from-unquote', 'inbox.mbox') });
    expect(run.messages).toHaveLength(1);
    const message = run.messages[0];
    expect(message?.from?.address).toBe('lucas.girard@durand-btp.example');
    expect(message?.text).toContain('\nFrom next month on we need 10 additional licences for the Nantes site.\n');
    expect(message?.text).toContain('\n>From the Lyon side, do you still need the 50 licences I quoted?\n');
    expect(message?.text).not.toContain('>>From');
    expect(message?.text.startsWith('Hi Claire,\n\nFrom next month')).toBe(true);
  });
});

describe('case 004 split encoded-word', () => {
  it('decodes subject and sender', async () => {
    const run = await readAll({ kind: 'eml', path: casePath('004-header-encoded-word-split', 'message.eml') });
    const message = run.messages[0];
    expect(message?.subject).toBe('Renouvellement 2027 : 30 licences supplémentaires');
    expect(message?.from?.name).toBe('Françoise Lefèvre');
    expect(message?.from?.address).toBe('francoise.lefevre@lumiere-events.example');
  });
});

describe('case 005 mislabelled charsets', () => {
  const expected = [
    'Nous voulons passer à 40 licences supplémentaires en janvier.',
    'Suite à l’appel, merci de nous envoyer le devis pour l’extension.',
    'Budget validé : 12 500 € HT pour l’extension.',
  ];

  it.each(expected.map((line, index) => [index, line] as const))('message %i text', async (index, line) => {
    const run = await readAll({ kind: 'mbox', path: casePath('005-body-charset-mislabel', 'inbox.mbox') });
    expect(run.messages[index]?.text).toContain(line);
  });

  it('no mojibake, U+FFFD or C1 controls', async () => {
    const run = await readAll({ kind: 'mbox', path: casePath('005-body-charset-mislabel', 'inbox.mbox') });
    for (const message of run.messages) {
      expect(message.text).not.toMatch(/[\uFFFD\u0080-\u009F]/);
      expect(message.text).not.toContain('Ã');
    }
    expect(run.problems).toEqual([]);
  });
});

describe('case 006 HTML-only bodies', () => {
  it('nested HTML-only alternative', async () => {
    const run = await readAll({ kind: 'eml', path: casePath('006-html-only-body', 'alt-html-only.eml') });
    const message = run.messages[0];
    expect(message?.textSource).toBe('html');
    expect(message?.text).toContain('We would like a quote for 50 additional user licences.');
    expect(message?.text).not.toMatch(/<|&nbsp;|&[a-z]+;/);
    expect(message?.from?.address).toBe('paul.girard@acme.example');
  });

  it('blank plain part falls back to HTML', async () => {
    const run = await readAll({ kind: 'eml', path: casePath('006-html-only-body', 'empty-text-part.eml') });
    const message = run.messages[0];
    expect(message?.textSource).toBe('html');
    expect(message?.text).toContain('Nous souhaitons passer à l’offre Entreprise pour 20 utilisateurs.');
    expect(message?.text).not.toMatch(/<|&[a-z]+;/);
  });
});

describe('case 008 named time zones', () => {
  const expected = [
    ['2026-10-13T07:15:00Z', 'header'],
    ['2026-10-14T14:40:00Z', 'header'],
    ['2026-10-15T09:05:00Z', 'header'],
    ['2026-11-02T07:00:00Z', 'header'],
    ['2026-10-19T08:00:00Z', 'envelope'],
  ] as const;

  it.each(expected.map(([date, source], index) => [index, date, source] as const))(
    'message %i date',
    async (index, date, source) => {
      const run = await readAll({ kind: 'mbox', path: casePath('008-date-named-timezone', 'inbox.mbox') });
      expect(run.messages[index]?.date).toBe(date);
      expect(run.messages[index]?.dateSource).toBe(source);
    },
  );

  it('invalid Date header is a problem', async () => {
    const run = await readAll({ kind: 'mbox', path: casePath('008-date-named-timezone', 'inbox.mbox') });
    expect(run.problems.map((problem) => [problem.code, problem.where])).toEqual([
      ['MESSAGE_DATE_INVALID', 'message 5 (byte 1270)'],
    ]);
  });
});

describe('header block limit', () => {
  it('records a header block over the limit', async () => {
    const header = `From: A <a@b.example>\nSubject: big\nX-Big: ${'x'.repeat(MAX_HEADER_BYTES + 1024)}\n\nWe need 5 more licences.\n`;
    const problems: Problem[] = [];
    const context = { mailbox: 'big.mbox', file: 'big.mbox', index: 0, offset: 0, envelopeDate: null };
    const message = await parseMessage(Buffer.from(header), context, problems);
    expect(message?.subject).toBe('big');
    expect(problems.map((problem) => problem.code)).toEqual(['MESSAGE_HEADER_TRUNCATED', 'MESSAGE_UNDATED']);
  });
});
