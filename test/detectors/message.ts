// Builds MailMessage records by hand, as the mail parser would return them, so
// detector tests do not depend on the parser.
import type { MailMessage } from '../../src/types.js';

export interface MessageFields {
  from?: string;
  subject?: string;
  text: string;
  headers?: Record<string, string>;
  inReplyTo?: string | null;
  gmailLabels?: string[];
  /** File the message was read from, or test.mbox when unset. */
  file?: string;
}

export function makeMessage(fields: MessageFields): MailMessage {
  const address = fields.from ?? 'anna.keller@northwind.example';
  return {
    id: `${address}-${fields.subject ?? ''}`,
    hasMessageId: true,
    mailbox: 'test.mbox',
    file: fields.file ?? 'test.mbox',
    index: 0,
    offset: null,
    date: '2026-11-10T14:03:10Z',
    dateSource: 'header',
    from: { address, name: '' },
    replyTo: [],
    to: [{ address: 'claire.besson@vendor.example', name: 'Claire Besson' }],
    cc: [],
    subject: fields.subject ?? '',
    inReplyTo: fields.inReplyTo ?? null,
    references: [],
    gmailThreadId: null,
    gmailLabels: fields.gmailLabels ?? [],
    headers: fields.headers ?? {},
    text: fields.text,
    textSource: 'plain',
  };
}
