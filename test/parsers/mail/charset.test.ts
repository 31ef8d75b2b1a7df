import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, normalizeLabel } from '../../../src/parsers/charset.js';

const FRENCH = 'Nous voulons passer à 40 licences supplémentaires, l’équipe paie 12 500 €.';

describe('decodeBytes', () => {
  it.each([
    ['utf-8', 'iso-8859-1', 'UTF-8 under a Latin-1 label'],
    ['utf-8', 'windows-1252', 'UTF-8 under a Windows-1252 label'],
    ['utf-8', 'us-ascii', 'UTF-8 under US-ASCII'],
    ['utf-8', 'bad-charset', 'UTF-8 under an unknown label'],
    ['utf-8', null, 'UTF-8 without a label'],
    ['windows-1252', 'iso-8859-1', 'Windows-1252 under a Latin-1 label'],
    ['windows-1252', 'latin1', 'Windows-1252 under latin1'],
    ['windows-1252', 'us-ascii', 'Windows-1252 under US-ASCII'],
    ['windows-1252', 'y', 'Windows-1252 under an unknown label'],
    ['windows-1252', null, 'Windows-1252 without a label'],
    ['windows-1252', 'utf-8', 'Windows-1252 under a UTF-8 label'],
  ] as const)('%s bytes, label %s', (encoding, label, _reason) => {
    const result = decodeBytes(iconv.encode(FRENCH, encoding), label);
    expect(result.text).toBe(FRENCH);
    expect(result.replacements).toBe(0);
  });

  it('UTF-8 with one stray byte keeps the rest', () => {
    const bytes = Buffer.concat([Buffer.from('déjà vu '), Buffer.from([0xe9]), Buffer.from(' été')]);
    const result = decodeBytes(bytes, 'utf-8');
    expect(result.text).toBe('déjà vu é été');
    expect(result.replacements).toBe(0);
  });

  it('UTF-8 mixed with many Latin-1 bytes keeps both', () => {
    // A reply typed in UTF-8 above a quote pasted as Latin-1: more stray bytes than valid sequences.
    const bytes = Buffer.concat([Buffer.from('supplémentaires\n> '), iconv.encode('récapitulatif écrit à Hélène', 'latin1')]);
    const result = decodeBytes(bytes, 'utf-8');
    expect(result.text).toBe('supplémentaires\n> récapitulatif écrit à Hélène');
    expect(result.replacements).toBe(0);
    expect(result.strayBytes).toBe(5);
  });

  it.each([
    ['koi8-r', 'Моя семья большая, у меня есть брат и сестра.'],
    ['iso-8859-7', 'Καλησπέρα σας, θέλουμε δέκα άδειες ακόμη.'],
    ['shift_jis', 'メールを簡単に。メッセージの高速全文検索。'],
  ] as const)('labelled %s decodes', (encoding, sample) => {
    expect(decodeBytes(iconv.encode(sample, encoding), encoding).text).toBe(sample);
  });

  it('Shift_JIS under a UTF-8 label is detected', () => {
    const sample = 'メールを簡単に。メッセージの高速全文検索、タブ表示、アーカイブ。設定も簡単です。';
    expect(decodeBytes(iconv.encode(sample, 'shift_jis'), 'utf8').text).toBe(sample);
  });

  it('ISO-2022-JP decodes', () => {
    const bytes = Buffer.from('\x1b$BF|K\\8l\x1b(B text', 'latin1');
    expect(decodeBytes(bytes, 'ISO-2022-JP').text).toBe('日本語 text');
  });

  it('UTF-7 decodes', () => {
    expect(decodeBytes(Buffer.from('Fr+APY-sche'), 'utf-7').text).toBe('Frösche');
  });

  it('UTF-16 with BOM decodes', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello', 'utf16le')]);
    expect(decodeBytes(bytes, 'utf-16').text).toBe('Hello');
  });

  it('undefined Windows-1252 byte is counted', () => {
    const result = decodeBytes(Buffer.from([0x41, 0x81, 0x42]), 'iso-8859-1');
    expect(result.replacements).toBe(1);
  });
});

describe('normalizeLabel', () => {
  it.each([
    ['"ISO-8859-1"', 'iso-8859-1'],
    [' UTF-8 ', 'utf-8'],
    ['ks_c_5601-1987', 'cp949'],
    ['iso-8859-8-i', 'iso-8859-8'],
    ['', null],
  ])('%s', (label, expected) => {
    expect(normalizeLabel(label)).toBe(expected);
  });
});

// decodeBytes reads UTF-8 and Windows-1252 with Buffer's decoders when they
// give iconv-lite's text. These cases compare the two over every byte value.
describe('decodeBytes matches iconv-lite', () => {
  const allBytes = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));

  it.each([
    ['every byte value', allBytes],
    ['bytes 0x80-0x9f only', allBytes.subarray(0x80, 0xa0)],
    ['bytes 0xa0-0xff only', allBytes.subarray(0xa0)],
    ['Latin-1 French', iconv.encode(FRENCH.replace(/[’€]/g, ''), 'latin1')],
    ['Windows-1252 French', iconv.encode(FRENCH, 'windows-1252')],
  ])('%s under a Latin-1 label', (_name, bytes) => {
    const result = decodeBytes(bytes, 'iso-8859-1');
    if (result.charset === 'windows-1252') expect(result.text).toBe(iconv.decode(bytes, 'windows-1252'));
    else expect(result.text).toBe(iconv.decode(bytes, result.charset));
  });

  it.each([
    ['no BOM', Buffer.from(FRENCH, 'utf8')],
    ['a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FRENCH, 'utf8')])],
    ['a BOM after the start', Buffer.from(`a\ufeff${FRENCH}`, 'utf8')],
  ])('UTF-8 with %s', (_name, bytes) => {
    const result = decodeBytes(bytes, 'utf-8');
    expect(result.charset).toBe('utf-8');
    expect(result.text).toBe(iconv.decode(bytes, 'utf-8'));
  });

  it('a leading BOM is dropped', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('été', 'utf8')]);
    expect(decodeBytes(bytes, null).text).toBe('été');
  });
});
