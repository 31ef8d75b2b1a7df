// findFormRelay() names the visitor of a web-form notification, and only of one.
import { describe, expect, test } from 'vitest';
import { findFormRelay, NO_REPLY_SENDER } from '../../src/detectors/form-relay.js';
import { classifyMessage } from '../../src/detectors/classify.js';
import { authorOf } from '../../src/detectors/mailing-list.js';
import { makeMessage, type MessageFields } from './message.js';

function formMessage(from: string, replyTo: string[], headers: Record<string, string> = {}) {
  const fields: MessageFields = { from, subject: 'New contact form submission', text: 'Message: Could we book a demo?', headers };
  return { ...makeMessage(fields), replyTo: replyTo.map((address) => ({ address, name: '' })) };
}

describe('findFormRelay', () => {
  test.each([
    ['site form', 'noreply@vendor.example', ['dan@delta.example']],
    ['form service', 'notifications@forms-saas.example', ['zed@zeta.example']],
    ['WordPress form', 'wordpress@vendor.example', ['ana@client.example']],
    ['no-reply word inside', 'site-noreply@vendor.example', ['ana@client.example']],
  ])('%s gives the visitor', (_name, from, replyTo) => {
    const relay = findFormRelay(formMessage(from, replyTo));
    expect(relay?.author.address).toBe(replyTo[0]);
    expect(relay?.relay).toBe(from);
  });

  test.each([
    ['person in From', 'anna@acme.example', ['dan@delta.example']],
    ['Reply-To on the robot domain', 'noreply@vendor.example', ['sales@vendor.example']],
    ['Reply-To subdomain of the robot', 'noreply@vendor.example', ['help@eu.vendor.example']],
    ['two Reply-To addresses', 'noreply@vendor.example', ['a@one.example', 'b@two.example']],
    ['no Reply-To', 'noreply@vendor.example', []],
    ['Reply-To another robot', 'noreply@vendor.example', ['no-reply@esp.example']],
  ])('%s gives null', (_name, from, replyTo) => {
    expect(findFormRelay(formMessage(from, replyTo))).toBeNull();
  });

  test('mailing header keeps the robot', () => {
    const message = formMessage('noreply@esp.example', ['editor@brand.example'], { 'list-unsubscribe': '<mailto:u@esp.example>' });
    expect(findFormRelay(message)).toBeNull();
    expect(authorOf(message)?.address).toBe('noreply@esp.example');
  });

  test('author is the visitor', () => {
    expect(authorOf(formMessage('noreply@vendor.example', ['dan@delta.example']))?.address).toBe('dan@delta.example');
  });

  test('form request is human mail', () => {
    expect(classifyMessage(formMessage('noreply@vendor.example', ['dan@delta.example'])).kind).toBe('human');
  });

  test('auto-generated form request is human', () => {
    const message = formMessage('noreply@vendor.example', ['dan@delta.example'], { 'auto-submitted': 'auto-generated' });
    expect(classifyMessage(message).kind).toBe('human');
  });

  test('auto-replied form robot stays auto-reply', () => {
    const message = formMessage('noreply@vendor.example', ['dan@delta.example'], { 'auto-submitted': 'auto-replied' });
    expect(classifyMessage(message).kind).toBe('auto-reply');
  });

  test('robot without Reply-To stays bulk', () => {
    expect(classifyMessage(formMessage('messages-noreply@social.example', [])).reason).toBe('no-reply sender messages-noreply@social.example');
  });
});

describe('NO_REPLY_SENDER', () => {
  test.each(['noreply', 'no-reply', 'no_reply', 'messages-noreply', 'info.no-reply', 'donotreply', 'do-not-reply+x', 'notifications', 'bounces-12'])(
    '%s matches',
    (local) => {
      expect(NO_REPLY_SENDER.test(local)).toBe(true);
    },
  );

  test.each(['anna', 'noreplying', 'jane.marketing', 'norbert.reply', 'jane.notifications'])('%s does not match', (local) => {
    expect(NO_REPLY_SENDER.test(local)).toBe(false);
  });
});
