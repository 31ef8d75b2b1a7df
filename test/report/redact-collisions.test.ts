// Tokens of two people that share the first 6 hex digits: within one report
// both get more digits of the same digest until they differ.
import { describe, expect, test } from 'vitest';
import { hashToken, redactReport, withDistinctTokens } from '../../src/redact.js';
import { buildSampleReport } from './sample-report.js';

/** Returns the first two addresses of the form userN@client.example whose 6-digit tokens are equal under the suite's key. */
function collidingAddresses(): [string, string] {
  const seen = new Map<string, string>();
  for (let index = 0; index < 200_000; index += 1) {
    const address = `user${index}@client.example`;
    const token = hashToken(address);
    const earlier = seen.get(token);
    if (earlier !== undefined) return [earlier, address];
    seen.set(token, address);
  }
  throw new Error('no two addresses share a token');
}

const [first, second] = collidingAddresses();

function redactedContacts(): string[] {
  const report = buildSampleReport();
  const opportunity = report.opportunities[0];
  if (opportunity === undefined) throw new Error('the sample report has no opportunity');
  opportunity.contacts = [first, second, 'someone.else@client.example'];
  return redactReport(report).opportunities[0]?.contacts ?? [];
}

describe('token collisions', () => {
  test('colliding addresses get distinct tokens', () => {
    const contacts = redactedContacts();
    const tokens = contacts.map((contact) => contact.split('@')[0] ?? '');
    const firstToken = hashToken(first).replace(/^person-/, '');
    const colliding = tokens.filter((token) => token.startsWith(`person-${firstToken}`));
    expect(colliding).toHaveLength(2);
    expect(colliding[0]).not.toBe(colliding[1]);
    for (const token of colliding) expect(token).toMatch(/^person-[0-9a-f]{7,}$/);
  });

  test('other tokens keep 6 digits', () => {
    const contacts = redactedContacts();
    expect(contacts).toContain(`${hashToken('someone.else@client.example')}@client.example`);
    expect(hashToken('someone.else@client.example')).toMatch(/^person-[0-9a-f]{6}$/);
  });

  test('longer tokens are deterministic', () => {
    expect(redactedContacts()).toEqual(redactedContacts());
  });

  test('longer token extends the 6 digits', () => {
    const [a, b] = withDistinctTokens(() => [hashToken(first), hashToken(second)]);
    expect(a?.slice(0, 13)).toBe(hashToken(first));
    expect(b?.slice(0, 13)).toBe(hashToken(second));
    expect(a).not.toBe(b);
  });

  test('tokens outside reports keep 6 digits', () => {
    withDistinctTokens(() => [hashToken(first), hashToken(second)]);
    expect(hashToken(first)).toBe(hashToken(second));
    expect(hashToken(first)).toMatch(/^person-[0-9a-f]{6}$/);
  });
});
