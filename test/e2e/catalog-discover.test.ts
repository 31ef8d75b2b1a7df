// `leak catalog discover` and `leak audit --catalog auto` on the bundled sample.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { formatDiscovered } from '../../src/detectors/catalog-discover.js';
import type { Problem } from '../../src/types.js';
import { runLeak } from '../helpers/cli.js';
import { CORPUS, REPO_ROOT } from '../helpers/paths.js';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'sample', 'inbox.mbox');

describe('catalog discover', () => {
  test('prints checked YAML', async () => {
    const result = await runLeak(['catalog', 'discover', '--mbox', SAMPLE]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('order: unknown');
    expect(result.stdout).toMatch(/- Pro # seen in \d+ sentences, \d+ messages, \d+ threads/);
    const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-discover-'));
    const file = path.join(folder, 'catalog.yaml');
    writeFileSync(file, result.stdout);
    expect((parse(result.stdout) as { plans: string[] }).plans).toEqual(['Enterprise', 'Pro']);
    const audit = await runLeak(['audit', '--no-progress', '--catalog', file]);
    expect(audit.status).toBe(0);
  });

  test('reading problems go to stderr', async () => {
    const result = await runLeak(['catalog', 'discover', '--mbox', path.join(CORPUS, 'mbox', 'mailpile_tests.mbx.mbox')]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('reading the mail gave 2 problem(s)');
    expect(result.stderr).toContain('message 9 (byte 123511)');
  });

  test('no mail is a usage error', async () => {
    const result = await runLeak(['catalog', 'discover']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('needs --mbox FILE or --eml FOLDER');
  });

  test('audit names discovered entries', async () => {
    const result = await runLeak(['audit', '--no-progress', '--catalog', 'auto']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('catalogue discovered in the mailbox: plans (order unknown) Enterprise, Pro');
    const json = await runLeak(['audit', '--no-progress', '--catalog', 'auto', '--json']);
    const files = (JSON.parse(json.stdout) as { rules: { files: string[] } }).rules.files;
    expect(files.some((file) => file.startsWith('catalogue discovered in the mailbox'))).toBe(true);
  });
});

const EXPECTED = `${[
  '# Offer catalogue discovered in offers.mbox by `leak catalog discover`. Check each entry, then use the file',
  '# with --catalog. Kept: names seen in at least 2 different sentences of 2 different messages.',
  'plans: # lowest to highest, as the mail orders them',
  '  - Starter # seen in 3 sentences, 2 messages, 2 threads, as "X alone", "from X to Y", "the X plan"; first in "2026-03-02 Plans"',
  '  - Growth # seen in 5 sentences, 4 messages, 4 threads, as "X alone", "from X to Y", "the X plan"; first in "2026-03-02 Plans"',
  '  - Enterprise # seen in 5 sentences, 4 messages, 4 threads, as "X alone", "from X to Y"; first in "2026-03-02 Re: Plans"',
  'addons:',
  '  - module Archivage # seen in 2 sentences, 2 messages, 2 threads, as "le module X"; first in "2026-03-02 Offre"',
  '# Seen but left out (below the bar, taken by another field, or a name the rules cannot read):',
  '#   addons: Sarah Jones (seen in 1 sentence, 1 message, 1 thread, as "add X"; first in "2026-03-02 Offre")',
  '#   plans: Horizon (seen in 1 sentence, 1 message, 1 thread, as "the X plan"; first in "2026-03-02 Modules")',
].join('\n')}\n`;

/**
 * Writes a small mailbox that uses every part of discovery. It names plans in frames and alone,
 * with moves up and down, a price, a quoted copy, a person and an add-on. One message has a stray
 * Latin-1 byte, which reading reports as a problem.
 */
function writeMailbox(folder: string): string {
  const message = (index: number, from: string, subject: string, body: string | Buffer, thread = '') =>
    Buffer.concat([
      Buffer.from(
        `From sender@example.com Mon Mar  2 10:0${index}:00 2026\nFrom: ${from}\nTo: Owner <owner@vendor.example>\nSubject: ${subject}\n` +
          `Date: Mon, 2 Mar 2026 10:0${index}:00 +0000\nMessage-ID: <m${index}@client.example>\n${thread === '' ? '' : `In-Reply-To: <${thread}>\nReferences: <${thread}>\n`}` +
          'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n',
      ),
      Buffer.isBuffer(body) ? body : Buffer.from(body),
      Buffer.from('\n\n'),
    ]);
  const file = path.join(folder, 'offers.mbox');
  writeFileSync(
    file,
    Buffer.concat([
      message(1, 'Ann <ann@client.example>', 'Plans', 'We are on the Starter plan today. Could we upgrade from Starter to Growth?'),
      message(2, 'Owner <owner@vendor.example>', 'Re: Plans', 'The Growth plan is at €49 a month.\nCustomers who upgrade from Growth to Enterprise keep their data.\n\n> We are on the Starter plan today.', 'm1@client.example'),
      message(3, 'Sarah Jones <sarah.jones@client.example>', 'Offre', 'Nous avons monté de Growth à Enterprise. Le module Archivage est prêt. Could you add Sarah Jones to Enterprise?'),
      message(4, 'Ann <ann@client.example>', 'Modules', 'Enterprise is what we need. Combien coûte le module Archivage ? The Horizon plan sounds nice.'),
      message(5, 'Ann <ann@client.example>', 'Re: Modules', Buffer.concat([Buffer.from('Starter was fine at €9, caf'), Buffer.from([0xe9]), Buffer.from(' and all. Could we move down from Enterprise to Growth later?')]), 'm4@client.example'),
    ]),
  );
  return file;
}

describe('catalog discovery reads the mail twice', () => {
  test('two reads match memory discovery', async () => {
    const { discoverFromSources } = await import('../../src/commands/catalog.js');
    const file = writeMailbox(mkdtempSync(path.join(os.tmpdir(), 'leak-discover-')));
    const problems: Problem[] = [];
    const found = await discoverFromSources([{ kind: 'mbox', path: file }], 'discovered catalogue', problems);
    // Printed by the build that kept every message in memory (dc654e5), on the same file.
    expect(formatDiscovered(found, 'offers.mbox')).toBe(EXPECTED);
    // The second read meets the same problem, which is reported once.
    expect(problems.map((problem) => problem.code)).toEqual(['MESSAGE_CHARSET_MIXED']);
    expect(found.read).toEqual({ messages: 5, excluded: {} });
  });

  test('sample past old limit discovered', async () => {
    // Discovery used to stop past a limit of characters, which this test set to 1,000 to stop
    // on the sample. The sample now gives its catalogue.
    const { discoverFromSources } = await import('../../src/commands/catalog.js');
    const found = await discoverFromSources([{ kind: 'mbox', path: SAMPLE }], '');
    expect(found.kept.reduce((total, entry) => total + entry.sentences, 0)).toBeGreaterThan(2);
    expect(found.catalog?.plans.map((entry) => entry.name)).toEqual(['Enterprise', 'Pro']);
  });
});

const DISCOVER_FIXTURES = path.join(REPO_ROOT, 'fixtures', 'catalog-discover');

/** Exclusion counts of `leak audit --json` on a mailbox, without the owner's side, which discovery reads. */
async function auditExclusions(mbox: string): Promise<Record<string, number>> {
  const result = await runLeak(['audit', '--no-progress', '--json', '--mbox', mbox]);
  const byKind = (JSON.parse(result.stdout) as { exclusions: { byKind: Record<string, number> } }).exclusions.byKind;
  return Object.fromEntries(Object.entries(byKind).filter(([kind]) => kind !== 'owner-side' && kind !== 'duplicate'));
}

describe('catalog discover leaves out automated mail', () => {
  test('newsletter plan not kept', async () => {
    const mbox = path.join(DISCOVER_FIXTURES, 'newsletter.mbox');
    const result = await runLeak(['catalog', 'discover', '--mbox', mbox]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('# Read 6 messages; left out 3 as automated or bulk mail, as `leak audit` does (auto-reply 1, bulk 2).\n');
    // Without the filter, Premium passes the bar on the newsletters and the auto-reply, first seen in "SaaS Weekly #41".
    expect(result.stdout).not.toContain('Premium');
    expect(result.stdout).not.toContain('SaaS Weekly');
    expect((parse(result.stdout) as { plans: string[] }).plans).toEqual(['Growth', 'Scale']);
    expect(await auditExclusions(mbox)).toEqual({ 'auto-reply': 1, bulk: 2 });
  });

  test('counts match audit on bug mailbox', async () => {
    const mbox = path.join(DISCOVER_FIXTURES, 'case-018-inbox.mbox');
    const { discoverFromSources } = await import('../../src/commands/catalog.js');
    const found = await discoverFromSources([{ kind: 'mbox', path: mbox }], '');
    expect(found.read).toEqual({ messages: 4, excluded: { 'auto-reply': 2, bulk: 1 } });
    expect(found.read.excluded).toEqual(await auditExclusions(mbox));
  });

  test('sample counts left-out mail', async () => {
    const result = await runLeak(['catalog', 'discover', '--mbox', SAMPLE]);
    expect(result.stdout).toContain('# Read 40 messages; left out 3 as automated or bulk mail, as `leak audit` does (auto-reply 1, bulk 2).\n');
  });
});

describe('catalog discover without messages', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'leak-discover-empty-'));
  const inputs: Array<[string, string[]]> = [
    ['empty mbox', ['--mbox', path.join(folder, 'empty.mbox')]],
    ['blank-line mbox', ['--mbox', path.join(folder, 'blank.mbox')]],
    ['empty eml folder', ['--eml', path.join(folder, 'eml')]],
  ];
  writeFileSync(path.join(folder, 'empty.mbox'), '');
  writeFileSync(path.join(folder, 'blank.mbox'), '\n\n  \n');
  mkdirSync(path.join(folder, 'eml'));

  test.each(inputs)('%s fails as audit does', async (_name, args) => {
    const discover = await runLeak(['catalog', 'discover', ...args]);
    const audit = await runLeak(['audit', '--no-progress', ...args]);
    expect(audit.status).toBe(2);
    expect(discover.status).toBe(2);
    expect(discover.stdout).toBe('');
    expect(discover.stderr).toContain('leak: no messages read from');
    expect(discover.stderr).toBe(audit.stderr);
  });
});
