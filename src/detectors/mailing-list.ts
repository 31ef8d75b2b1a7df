// The author of a discussion-list post. Lists that rewrite From to their own
// address so DMARC checks pass ("Ann via Users" <users@lists.example.org>)
// keep the author's address in Reply-To. The list address is therefore
// neither the sender of the post nor a candidate mailbox owner.
import { readAddresses } from '../parsers/mail-headers.js';
import type { Address, MailMessage } from '../types.js';
import { findFormRelay } from './form-relay.js';

// The " via List" suffix that Mailman and Google Groups add to the author's name.
const VIA_LIST_NAME = /\s+via\s+\S.*$/i;

/**
 * Finds the author of a message whose From has no address (a bare name,
 * `<>`, a group): the Sender header, then Reply-To. The From display name
 * is kept. Returns the From as it is when neither has an address.
 */
function fallbackAuthor(message: Pick<MailMessage, 'headers' | 'from' | 'replyTo'>): Address | null {
  const name = message.from?.name ?? '';
  const value = message.headers['sender'];
  const sender = value === undefined ? undefined : readAddresses([value]).find((address) => address.address !== '');
  if (sender !== undefined) return { address: sender.address.toLowerCase(), name: name || sender.name };
  const replyTo = message.replyTo.find((address) => address.address !== '');
  if (replyTo !== undefined) return { address: replyTo.address.toLowerCase(), name: name || replyTo.name };
  return message.from;
}

function mailtoAddress(value: string | undefined): string | null {
  const address = value === undefined ? undefined : /<?mailto:([^>?\s,]+)/i.exec(value)?.[1];
  return address === undefined ? null : address.toLowerCase();
}

/**
 * Returns the posting address of the list that delivered the message: the
 * List-Post address, or, when only List-Id is present, a From address whose
 * name carries the " via List" suffix. Newsletters set List-Post to NO or
 * leave it out (RFC 2369), so they have no list address.
 */
export function listAddressOf(message: Pick<MailMessage, 'headers' | 'from'>): string | null {
  const post = mailtoAddress(message.headers['list-post']);
  if (post !== null) return post;
  const from = message.from;
  if (message.headers['list-id'] === undefined || from === null || from.address === '') return null;
  return VIA_LIST_NAME.test(from.name) ? from.address.toLowerCase() : null;
}

/**
 * Returns the author of the message: From, unless From is the list's own
 * address, in which case the first Reply-To address that is not the list.
 * A rewritten post without Reply-To keeps the list address, because the
 * author is unknown. A web-form notification's author is the visitor in
 * Reply-To (see findFormRelay).
 */
export function authorOf(message: Pick<MailMessage, 'headers' | 'from' | 'replyTo'>): Address | null {
  const relayed = findFormRelay(message);
  if (relayed !== null) return relayed.author;
  const from = message.from === null || message.from.address === '' ? fallbackAuthor(message) : message.from;
  const list = listAddressOf(message);
  if (from === null || list === null || from.address.toLowerCase() !== list) return from;
  const replyTo = message.replyTo.find((address) => address.address !== '' && address.address.toLowerCase() !== list);
  if (replyTo === undefined) return from;
  const name = replyTo.name.trim() !== '' ? replyTo.name : from.name.replace(VIA_LIST_NAME, '');
  return { address: replyTo.address.toLowerCase(), name };
}
