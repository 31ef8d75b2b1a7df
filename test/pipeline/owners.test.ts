import { describe, expect, test } from 'vitest';
import { AddressCounter, checkDetectedOwners, detectOwners, isOwnerSide, listAddresses } from '../../src/pipeline/owners.js';
import path from 'node:path';
import { summary } from './build.js';
import { runLeak } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';

describe('detectOwners', () => {
  test('most frequent address is the owner', () => {
    const messages = [
      summary({ from: 'anna@northwind.example', to: ['claire@vendor.example'] }),
      summary({ from: 'claire@vendor.example', to: ['anna@northwind.example'] }),
      summary({ from: 'bob@globex.example', to: ['claire@vendor.example'] }),
    ];
    const owners = detectOwners(messages, []);
    expect(owners.addresses).toEqual(['claire@vendor.example']);
    expect(owners.domains).toEqual(['vendor.example']);
  });

  test('no-reply sender is never the owner', () => {
    // A Google Takeout with one notification: the robot and the owner tie on one message each.
    const messages = [summary({ from: 'googlecommunityteam-noreply@google.com', to: ['j2jrr2@gmail.com'] })];
    const counter = new AddressCounter();
    for (const message of messages) counter.add(message);
    const owners = counter.owners([]);
    expect(owners.addresses).toEqual(['j2jrr2@gmail.com']);
    expect(checkDetectedOwners(counter, owners, []).map((problem) => problem.code)).toEqual([]);
  });

  test.each([
    ['noreply@vendor.example', false],
    ['no_reply@vendor.example', false],
    ['do_not_reply@vendor.example', false],
    ['bounce+abc@vendor.example', false],
    ['mailerdaemon@vendor.example', false],
    ['john.noreply@vendor.example', true],
    ['notification.team.lead@vendor.example', true],
    ['postmaster.jones@vendor.example', true],
  ])('owner candidate %s: %s', (address, isPerson) => {
    // The address is on 9 messages and the busiest customer on 6, so only a robot check passes it over.
    const messages = [
      ...Array.from({ length: 3 }, () => summary({ from: address, to: ['cust@acme.example'] })),
      ...Array.from({ length: 3 }, () => summary({ from: address, to: ['other@globex.example'] })),
      ...Array.from({ length: 3 }, () => summary({ from: 'cust@acme.example', to: [address] })),
    ];
    const owners = detectOwners(messages, []);
    expect(owners.addresses).toEqual([isPerson ? address : 'cust@acme.example']);
  });

  test('each mailbox gets its own owner', () => {
    const messages = [
      summary({ mailbox: 'a.mbox', from: 'x@northwind.example', to: ['claire@vendor.example'] }),
      summary({ mailbox: 'a.mbox', from: 'w@initech.example', to: ['claire@vendor.example'] }),
      summary({ mailbox: 'b.mbox', from: 'y@globex.example', to: ['hugo@vendor.example'] }),
      summary({ mailbox: 'b.mbox', from: 'z@acme.example', to: ['hugo@vendor.example'] }),
    ];
    const owners = detectOwners(messages, []);
    expect(owners.byMailbox.get('a.mbox')).toBe('claire@vendor.example');
    expect(owners.byMailbox.get('b.mbox')).toBe('hugo@vendor.example');
  });

  test('list address is never the owner', () => {
    const list = 'users@lists.vendor.example';
    const messages = [
      summary({ from: 'anna@northwind.example', to: [list], listAddress: list }),
      summary({ from: 'bob@globex.example', to: [list], listAddress: list }),
      summary({ from: 'dan@initech.example', to: [list], listAddress: list }),
      summary({ from: 'claire@vendor.example', to: ['erin@initech.example'] }),
      summary({ from: 'erin@initech.example', to: ['claire@vendor.example', 'hugo@vendor.example'] }),
      summary({ from: 'claire@vendor.example', to: ['hugo@vendor.example'] }),
    ];
    const owners = detectOwners(messages, []);
    expect(owners.addresses).toEqual(['claire@vendor.example']);
  });

  test('list-only mailbox has no owner', () => {
    const list = 'users@lists.vendor.example';
    const messages = [
      summary({ from: 'anna@northwind.example', to: [list], listAddress: list }),
      summary({ from: 'anna@northwind.example', to: [list], listAddress: list }),
      summary({ from: 'bob@globex.example', to: ['anna@northwind.example'], listAddress: list }),
    ];
    const owners = detectOwners(messages, []);
    expect(owners.addresses).toEqual([]);
    expect(owners.byMailbox.size).toBe(0);
  });

  test('given owners win over detection', () => {
    const messages = [summary({ from: 'anna@northwind.example', to: ['claire@vendor.example'] })];
    const owners = detectOwners(messages, ['Hugo+crm@Vendor.example']);
    expect(owners.addresses).toEqual(['hugo@vendor.example']);
  });

  test('free-mail owner marks no domain internal', () => {
    const messages = [
      summary({ from: 'anna@northwind.example', to: ['claire.vendor@gmail.com'] }),
      summary({ from: 'bob@globex.example', to: ['claire.vendor@gmail.com'] }),
    ];
    const owners = detectOwners(messages, []);
    expect(owners.addresses).toEqual(['claire.vendor@gmail.com']);
    expect(owners.domains).toEqual([]);
    expect(isOwnerSide('someone@gmail.com', owners)).toBe(false);
  });

  test('colleague on owner domain is owner side', () => {
    const owners = detectOwners([summary({ from: 'anna@northwind.example', to: ['claire@vendor.example'] })], [
      'claire@vendor.example',
    ]);
    expect(isOwnerSide('hugo@mail.vendor.example', owners)).toBe(true);
    expect(isOwnerSide('anna@northwind.example', owners)).toBe(false);
  });
});

describe('checkDetectedOwners', () => {
  function problemsOf(messages: ReturnType<typeof summary>[], given: string[] = []) {
    const counter = new AddressCounter();
    for (const message of messages) counter.add(message);
    return checkDetectedOwners(counter, counter.owners(given), given).map((problem) => problem.code);
  }

  test('a clear owner raises nothing', () => {
    const messages = [
      summary({ from: 'anna@northwind.example', to: ['claire@vendor.example'] }),
      summary({ from: 'claire@vendor.example', to: ['anna@northwind.example'] }),
      summary({ from: 'bob@globex.example', to: ['claire@vendor.example'] }),
    ];
    expect(problemsOf(messages)).toEqual([]);
  });

  test('one message is a tie', () => {
    // Rose wrote to Sam: either could own the mailbox, and the first was taken.
    expect(problemsOf([summary({ from: 'rose@edge.example', to: ['sam@vendor.example'] })])).toEqual(['OWNER_TIED']);
  });

  test('a shared inbox gives a weak owner', () => {
    const messages = [
      summary({ from: 'olivia@northwind.example', to: ['tom@vendor.example'] }),
      summary({ from: 'olivia@northwind.example', to: ['ana@vendor.example'] }),
      summary({ from: 'olivia@northwind.example', to: ['li@vendor.example'] }),
      summary({ from: 'bob@globex.example', to: ['tom@vendor.example'] }),
      summary({ from: 'eve@acme.example', to: ['ana@vendor.example'] }),
      summary({ from: 'kai@initech.example', to: ['li@vendor.example'] }),
      summary({ from: 'max@umbrella.example', to: ['sara@vendor.example'] }),
    ];
    expect(problemsOf(messages)).toEqual(['OWNER_WEAK']);
  });

  test('list posts alone have no owner', () => {
    const list = 'users@lists.example';
    const messages = [
      summary({ from: 'a@one.example', to: [list], listAddress: list }),
      summary({ from: 'b@two.example', to: [list], listAddress: list }),
    ];
    expect(problemsOf(messages)).toEqual(['OWNER_NOT_FOUND']);
  });

  test('given owners raise nothing', () => {
    expect(problemsOf([summary({ from: 'rose@edge.example', to: ['sam@vendor.example'] })], ['vendor.example'])).toEqual([]);
  });
});

describe('ties across mailboxes', () => {
  function counterOf(messages: ReturnType<typeof summary>[]): AddressCounter {
    const counter = new AddressCounter();
    for (const message of messages) counter.add(message);
    return counter;
  }

  const clearInbox = [
    summary({ mailbox: 'claire.mbox', from: 'anna@northwind.example', to: ['claire@vendor.example'] }),
    summary({ mailbox: 'claire.mbox', from: 'claire@vendor.example', to: ['anna@northwind.example'] }),
    summary({ mailbox: 'claire.mbox', from: 'bob@globex.example', to: ['claire@vendor.example'] }),
  ];

  test('a clear owner elsewhere settles a tie', () => {
    const counter = counterOf([...clearInbox, summary({ mailbox: 'one.eml', from: 'ann@alpha.example', to: ['claire@vendor.example'] })]);
    const owners = counter.owners([]);
    expect(owners.byMailbox.get('one.eml')).toBe('claire@vendor.example');
    expect(owners.addresses).toEqual(['claire@vendor.example']);
    expect(checkDetectedOwners(counter, owners, []).map((problem) => problem.code)).toEqual([]);
  });

  test('an unsettled tie takes no owner', () => {
    const counter = counterOf([...clearInbox, summary({ mailbox: 'one.eml', from: 'ann@alpha.example', to: ['dan@delta.example'] })]);
    const owners = counter.owners([]);
    expect(owners.byMailbox.has('one.eml')).toBe(false);
    expect(owners.addresses).toEqual(['claire@vendor.example']);
    const problems = checkDetectedOwners(counter, owners, []);
    expect(problems.map((problem) => problem.code)).toEqual(['OWNER_TIED']);
    expect(problems[0]?.detail).toContain('ann@alpha.example, dan@delta.example appear as often (1 message) and none owns another mailbox');
  });

  test('a tie among many names five', () => {
    // A mass mailing saved alone: the sender and 29 recipients each appear once.
    const recipients = Array.from({ length: 29 }, (_, index) => `r${String(index).padStart(2, '0')}@crowd.example`);
    const counter = counterOf([summary({ mailbox: 'one.eml', from: 'ann@alpha.example', to: recipients })]);
    const problems = checkDetectedOwners(counter, counter.owners([]), []);
    expect(problems.map((problem) => problem.code)).toEqual(['OWNER_TIED']);
    expect(problems[0]?.detail).toContain('but r00@crowd.example, r01@crowd.example, r02@crowd.example, r03@crowd.example, r04@crowd.example and 24 other addresses appear');
    expect(problems[0]?.detail).not.toContain('r05@crowd.example');
  });

  test('an alphabetical pick in two mailboxes still warns', () => {
    // Anne ties with a different rep in each mailbox; no mailbox has a clear owner.
    const counter = counterOf([
      summary({ mailbox: 'one.mbox', from: 'anne@alpha.example', to: ['rep1@vendor.example'] }),
      summary({ mailbox: 'two.mbox', from: 'anne@alpha.example', to: ['rep2@vendor.example'] }),
    ]);
    const owners = counter.owners([]);
    expect(checkDetectedOwners(counter, owners, []).map((problem) => problem.code)).toEqual(['OWNER_TIED', 'OWNER_TIED']);
  });

  test('many addresses do not overflow the stack', () => {
    const messages = Array.from({ length: 150_000 }, (_, index) =>
      summary({ mailbox: 'big.mbox', from: `c${index}@client.example`, to: ['owner@vendor.example'] }),
    );
    const counter = counterOf(messages);
    const owners = counter.owners([]);
    expect(owners.addresses).toEqual(['owner@vendor.example']);
    expect(checkDetectedOwners(counter, owners, [])).toEqual([]);
  });

  test('a one-message copy keeps the leads', async () => {
    // Ann's reply as a lone .eml ties her with Claire. Taking Ann as an owner dropped her
    // requests from Claire's mailbox too.
    const alone = await runLeak(['audit', '--mbox', path.join(FIXTURES, 'owners', 'claire.mbox'), '--json', '--no-progress']);
    const withCopy = await runLeak([
      'audit',
      '--mbox',
      path.join(FIXTURES, 'owners', 'claire.mbox'),
      '--eml',
      path.join(FIXTURES, 'owners', 'tied-reply.eml'),
      '--json',
      '--no-progress',
    ]);
    const before = JSON.parse(alone.stdout) as { owners: string[]; summary: { estimatedAnnualLoss: number } };
    const after = JSON.parse(withCopy.stdout) as { owners: string[]; summary: { estimatedAnnualLoss: number } };
    expect(after.owners).toEqual(before.owners);
    expect(after.summary.estimatedAnnualLoss).toBe(before.summary.estimatedAnnualLoss);
  });
});

describe('listAddresses', () => {
  test('five or fewer are all named', () => {
    expect(listAddresses(['a@x.example', 'b@x.example'])).toBe('a@x.example, b@x.example');
  });

  test('one more is counted singular', () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => `${letter}@x.example`);
    expect(listAddresses(six)).toBe('a@x.example, b@x.example, c@x.example, d@x.example, e@x.example and 1 other address');
  });
});
