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

describe('findSignatureCompany history and footers', () => {
  test.each<[string, string]>([
    ['bold Outlook header after a rule', 'Quote please.\n\n________________________________\n*From:* Sam Seller\n*Sent:* Monday\n*To:* Joe\n\nSam Seller\nPyramid Construction Inc.'],
    ['wrapped wrote line', 'Quote please.\n\nOn Mon, 2 Mar 2026 at 09:00, Sam Seller <sam@vendor.example>\nwrote:\n\nSam\nPyramid Construction Inc.'],
    ['German original message', 'Angebot bitte.\n\n-----Ursprüngliche Nachricht-----\nVon: Sam\n\nPyramid Construction Inc.'],
    ['wrapped French header', 'Un devis svp.\n\nLe lun. 2 mars 2026 à 09:00, Sam Seller <sam@vendor.example> a\nécrit :\n\nPyramid Construction Inc.'],
    ['Dutch Outlook header', 'Offerte graag.\n\nVan: Sam Seller\nVerzonden: maandag\nAan: Joe\nOnderwerp: offerte\n\nPyramid Construction Inc.'],
    ['Italian wrote line', 'Preventivo per favore.\n\nIl giorno lun 2 mar 2026, Sam ha scritto:\n\nPyramid Construction Inc.'],
    ['registered office footer', 'Quote please.\n\nJoe\nRegistered office: 1 High Street, Pyramid Construction plc'],
    ['address line', 'Quote please.\n\nJoe\nUnit 4, Pyramid Construction Ltd'],
    ['former company', 'Quote please.\n\nJoe\nFormerly Pyramid Construction Inc.'],
    ['phone footer then history', 'Quote please.\n\nSent from my iPhone\n\nSam Seller\nPyramid Construction Inc.'],
  ])('%s gives no company', (_name, text) => {
    expect(findSignatureCompany(text)).toBeNull();
  });
});
