// Web-form notifications. A site's contact form or a form service sends the
// visitor's request from its own robot address (noreply@vendor.example,
// notifications@forms-saas.example) and puts the visitor in Reply-To. The
// request is then the visitor's message, and the robot is no customer.
import { registrableDomain } from '../match/domains.js';
import type { Address, MailMessage } from '../types.js';

/**
 * Local parts that no person replies to. The no-reply words may stand anywhere
 * in the local part as a whole word ("messages-noreply@", "info.no_reply@"); the
 * others must start it ("notifications-eu@").
 */
export const NO_REPLY_SENDER =
  /(?:^|[._+-])(?:no[-_]?reply|do[-_]?not[-_]?reply|ne[-_]?pas[-_]?repondre)(?:[._+\d-]|$)|^(?:mailer-daemon|postmaster|bounces?|newsletters?|notifications?|marketing)(?:[+.-].*)?$/i;

/** Local parts of form robots that send as a person would: WordPress, form plug-ins. */
const FORM_SENDER = /^(?:wordpress|forms?|web-?forms?|form-?submissions?|contact-?forms?)(?:[._+\d-].*)?$/i;

// Headers of a mailing: a newsletter that sends from noreply@ with the
// editor in Reply-To stays the newsletter's, so it is still classified as bulk.
const MAILING_HEADERS = ['list-id', 'list-unsubscribe', 'list-post', 'precedence', 'feedback-id', 'x-campaign'];

export interface FormRelay {
  /** The visitor: the only Reply-To address, with its display name. */
  author: Address;
  /** The robot address in From that relayed the request, lower case. */
  relay: string;
}

function localPartOf(address: string): string {
  return address.slice(0, address.lastIndexOf('@'));
}

/**
 * Finds the visitor of a web-form notification: From is a no-reply or form
 * robot, the message has no mailing header, and Reply-To contains exactly one
 * address, on another registrable domain than From and not a robot itself.
 * Returns null for any other message.
 */
export function findFormRelay(message: Pick<MailMessage, 'headers' | 'from' | 'replyTo'>): FormRelay | null {
  const relay = message.from?.address.toLowerCase() ?? '';
  if (!relay.includes('@')) return null;
  const robot = localPartOf(relay);
  if (!NO_REPLY_SENDER.test(robot) && !FORM_SENDER.test(robot)) return null;
  if (MAILING_HEADERS.some((name) => message.headers[name] !== undefined)) return null;

  const replyTo = message.replyTo.filter((address) => address.address !== '');
  if (replyTo.length !== 1) return null;
  const visitor = (replyTo[0] as Address).address.toLowerCase();
  if (!visitor.includes('@') || NO_REPLY_SENDER.test(localPartOf(visitor)) || FORM_SENDER.test(localPartOf(visitor))) {
    return null;
  }
  const relayDomain = registrableDomain(relay);
  if (relayDomain === null || relayDomain === registrableDomain(visitor)) return null;
  return { author: { address: visitor, name: (replyTo[0] as Address).name }, relay };
}
