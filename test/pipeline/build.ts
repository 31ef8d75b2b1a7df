// Builds MessageSummary records for pipeline-stage tests.
import type { MessageSummary, SignalHit } from '../../src/types.js';

let counter = 0;

export function summary(
  fields: Partial<Omit<MessageSummary, 'from' | 'to' | 'signatureCompany'>> & {
    from?: string | null;
    to?: string[];
    signatureCompany?: string | null;
  },
): MessageSummary {
  counter += 1;
  const { from, to, ...rest } = fields;
  return {
    id: `m${counter}@test.example`,
    hasMessageId: true,
    mailbox: 'inbox.mbox',
    file: 'inbox.mbox',
    index: counter,
    offset: null,
    date: '2026-10-01T09:00:00.000Z',
    dateSource: 'header',
    from: from === null ? null : { address: from ?? 'anna@northwind.example', name: '' },
    to: (to ?? ['claire@vendor.example']).map((address) => ({ address, name: '' })),
    cc: [],
    relayedBy: null,
    listAddress: null,
    subject: 'Subject',
    inReplyTo: null,
    references: [],
    gmailThreadId: null,
    classification: { kind: 'human', reason: 'no automation header' },
    hits: [],
    signatureCompany: null,
    referralText: null,
    ...rest,
  };
}

export function hit(fields: Partial<SignalHit> = {}): SignalHit {
  return {
    ruleId: 'en.expansion.add-users',
    category: 'expansion',
    language: 'en',
    phrase: 'add users',
    snippet: 'We are considering adding 15 users.',
    quantity: 15,
    confidence: 0.9,
    ...fields,
  };
}
