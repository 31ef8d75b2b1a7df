// findSignatureCompany: the company a customer's signature names with a legal form.
import { describe, expect, test } from 'vitest';
import { findSignatureCompany } from '../../src/detectors/signature-company.js';

describe('findSignatureCompany', () => {
  test.each<[string, string, string | null]>([
    ['name then company', 'Can you send pricing?\n\nJoe Bloggs\nPyramid Construction Inc.', 'Pyramid Construction Inc.'],
    ['title between', 'Pricing please.\n\nJoe Bloggs\nProcurement Manager\nPyramid Construction Inc.\nTel +1 512 555 0100', 'Pyramid Construction Inc.'],
    ['same line with a comma', 'Pricing please.\n\nBest,\nJoe Bloggs, Pyramid Construction Inc.', 'Pyramid Construction Inc.'],
    ['same line with a bar', 'Devis svp.\n\nMarc Durand | Bâtiments Durand SAS | 01 23 45 67 89', 'Bâtiments Durand SAS'],
    ['no legal form', 'Pricing please.\n\n--\nJoe Bloggs\nPyramid Construction', null],
    ['company only in quoted history', 'Thanks.\n\nOn Mon, 2 Mar 2026, Sam wrote:\n> Sam Seller\n> Vendor Software Ltd', null],
    ['company in Outlook history', 'Merci.\n\nDe : Sam Seller\nEnvoyé : lundi\n\nSam\nVendor Software Ltd', null],
    ['legal form alone', 'We are a Ltd.\n\nJoe', null],
    ['long body sentence', `${'We have worked with many partners over the years, including Globex Corporation Ltd'}\n\nJoe`, null],
  ])('%s', (_name, text, expected) => {
    expect(findSignatureCompany(text)).toBe(expected);
  });
});

describe('findSignatureCompany connectors', () => {
  test('lower-case connectors are allowed', () => {
    expect(findSignatureCompany('Thanks.\n\nAoife\nBank of Ireland plc')).toBe('Bank of Ireland plc');
  });
});
