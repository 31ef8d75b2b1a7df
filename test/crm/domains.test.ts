import { describe, expect, test } from 'vitest';
import {
  hostOf,
  isFreeMailDomain,
  normaliseEmail,
  registrableDomain,
} from '../../src/match/domains.js';

describe('registrableDomain', () => {
  test.each([
    ['https://www.acme.example/fr/', 'acme.example'],
    ['mail.acme.example', 'acme.example'],
    ['sophie.martin@mail.acme.example', 'acme.example'],
    ['notacme.example', 'notacme.example'],
    ['sam.diaz@acme.example.org', 'example.org'],
    ['shop.acme.co.uk', 'acme.co.uk'],
    ['HTTP://Acme.Example:8080/path?q=1', 'acme.example'],
    ['<paul@acme.example>', 'acme.example'],
    ['mailto:paul@acme.example', 'acme.example'],
    ['café.example', 'xn--caf-dma.example'],
    ['acme.example.', 'acme.example'],
  ])('%s', (value, domain) => {
    expect(registrableDomain(value)).toBe(domain);
  });

  test.each(['', 'localhost', 'not a domain', '@'])('rejects %j', (value) => {
    expect(registrableDomain(value)).toBeNull();
  });
});

describe('hostOf', () => {
  test('keeps subdomain', () => {
    expect(hostOf('https://www.eu.acme.example/')).toBe('eu.acme.example');
  });
});

describe('isFreeMailDomain', () => {
  test.each([
    ['gmail.com', true],
    ['outlook.com', true],
    ['orange.fr', true],
    ['acme.example', false],
  ])('%s', (domain, isFree) => {
    expect(isFreeMailDomain(domain)).toBe(isFree);
  });
});

describe('normaliseEmail', () => {
  test.each([
    ['Paul.Girard+rfq@ACME.example', 'paul.girard@acme.example'],
    [' anna@northwind.example ', 'anna@northwind.example'],
  ])('%s', (email, normalised) => {
    expect(normaliseEmail(email)).toBe(normalised);
  });
});
