import { describe, expect, it } from 'vitest';
import { MAX_MIME_DEPTH } from '../../../src/limits.js';
import { findParts, walkMime } from '../../../src/parsers/mail-mime.js';

function bodies(raw: string): string[] {
  const buffer = Buffer.from(raw);
  return walkMime(buffer).leaves.map((leaf) => buffer.toString('utf8', leaf.bodyStart, leaf.bodyEnd));
}

function multipart(boundary: string, ...parts: string[]): string {
  const inner = parts.map((part) => `--${boundary}\n${part}\n`).join('');
  return `Content-Type: multipart/mixed; boundary="${boundary}"\n\npreamble\n${inner}--${boundary}--\nepilogue\n`;
}

describe('walkMime', () => {
  it('single part body', () => {
    expect(bodies('Subject: x\n\nhello\n')).toEqual(['hello\n']);
  });

  it('multipart leaves in order', () => {
    const raw = multipart('b', 'Content-Type: text/plain\n\none', 'Content-Type: text/html\n\n<p>two</p>');
    expect(bodies(raw)).toEqual(['one', '<p>two</p>']);
  });

  it('nested multipart', () => {
    const inner = multipart('inner', 'Content-Type: text/plain\n\ndeep');
    const raw = multipart('outer', inner.trimEnd(), 'Content-Type: text/plain\n\nflat');
    expect(bodies(raw)).toEqual(['deep', 'flat']);
  });

  it('boundary prefix is not a delimiter', () => {
    const raw = multipart('b', 'Content-Type: text/plain\n\n--b2 is text\nmore');
    expect(bodies(raw)).toEqual(['--b2 is text\nmore']);
  });

  it('missing close delimiter runs to the end', () => {
    const raw = 'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nopen\n';
    expect(bodies(raw)).toEqual(['open\n']);
  });

  it('CRLF delimiters', () => {
    const raw = 'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n';
    expect(bodies(raw)).toEqual(['x']);
  });

  it('inline message/rfc822 is an attached message', () => {
    const raw = multipart('b', 'Content-Type: message/rfc822\nContent-Disposition: inline\n\nSubject: in\n\nforwarded');
    const tree = walkMime(Buffer.from(raw));
    expect(tree.leaves).toEqual([]);
    expect(tree.messages.map((part) => raw.slice(part.bodyStart, part.bodyEnd))).toEqual(['Subject: in\n\nforwarded']);
  });

  it('attached message/rfc822 is an attached message', () => {
    const raw = multipart('b', 'Content-Type: text/plain\n\nsee attached', 'Content-Type: message/rfc822\nContent-Disposition: attachment\n\nSubject: in\n\nforwarded');
    const tree = walkMime(Buffer.from(raw));
    expect(tree.leaves.map((leaf) => leaf.contentType)).toEqual(['text/plain']);
    expect(tree.messages.map((part) => raw.slice(part.bodyStart, part.bodyEnd))).toEqual(['Subject: in\n\nforwarded']);
  });

  it('empty message/rfc822 is no message', () => {
    const raw = multipart('b', 'Content-Type: message/rfc822\nContent-Disposition: inline\n\n');
    expect(walkMime(Buffer.from(raw)).messages).toEqual([]);
  });

  it('top-level message/rfc822 is an attached message', () => {
    const raw = 'Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nU3ViamVjdDogaW4KCmZvcndhcmRlZA==\n';
    const [part] = walkMime(Buffer.from(raw)).messages;
    expect(part?.encoding).toBe('base64');
    expect(raw.slice(part?.bodyStart, part?.bodyEnd)).toBe('U3ViamVjdDogaW4KCmZvcndhcmRlZA==\n');
  });

  it('part fields are read', () => {
    const part = 'Content-Type: text/plain; charset="ISO-8859-1"; format=flowed; delsp=yes\nContent-Transfer-Encoding: Quoted-Printable\nContent-Disposition: attachment; filename="a.txt"\n\nx';
    const [leaf] = walkMime(Buffer.from(multipart('b', part))).leaves;
    expect(leaf?.charset).toBe('ISO-8859-1');
    expect(leaf?.encoding).toBe('quoted-printable');
    expect(leaf?.disposition).toBe('attachment');
    expect(leaf?.hasFilename).toBe(true);
    expect(leaf?.isFlowed).toBe(true);
    expect(leaf?.isDelSp).toBe(true);
  });

  it('missing subtype is not text', () => {
    const [leaf] = walkMime(Buffer.from('Content-Type: application-x-gzip\n\nxx')).leaves;
    expect(leaf?.contentType).toBe('application/octet-stream');
  });

  it('nesting beyond the limit is cut', () => {
    let raw = 'Content-Type: text/plain\n\ncore';
    for (let level = 0; level <= MAX_MIME_DEPTH; level += 1) {
      raw = multipart(`b${level}`, raw).trimEnd();
    }
    const tree = walkMime(Buffer.from(raw));
    expect(tree.isDepthCut).toBe(true);
    expect(tree.leaves).toHaveLength(0);
  });
});

describe('multipart with a bad boundary', () => {
  const parts = '--abc\nContent-Type: text/plain\n\nWe need 10 more licences.\n--abc--\n';

  it('missing boundary is guessed', () => {
    const raw = `Content-Type: multipart/alternative\n\n${parts}`;
    expect(bodies(raw)).toEqual(['We need 10 more licences.']);
    expect(walkMime(Buffer.from(raw)).repairs).toEqual([
      'multipart body without a boundary; parts read at the delimiter "--abc"',
    ]);
  });

  it('wrong boundary is guessed', () => {
    const raw = `Content-Type: multipart/mixed; boundary="zzz"\n\n${parts}`;
    expect(bodies(raw)).toEqual(['We need 10 more licences.']);
    expect(walkMime(Buffer.from(raw)).repairs).toEqual([
      'boundary "zzz" not found in the body; parts read at the delimiter "--abc"',
    ]);
  });

  it('no delimiter reads body as text', () => {
    const raw = 'Content-Type: multipart/mixed\n\nWe need 10 more licences.\n-- \nMarc\n';
    const tree = walkMime(Buffer.from(raw));
    expect(tree.leaves.map((leaf) => leaf.contentType)).toEqual(['text/plain']);
    expect(bodies(raw)).toEqual(['We need 10 more licences.\n-- \nMarc\n']);
    expect(tree.repairs).toEqual(['multipart body without a boundary; body read as plain text']);
  });

  it('empty multipart needs no repair', () => {
    const tree = walkMime(Buffer.from('Content-Type: multipart/mixed; boundary="b"\n\n\n'));
    expect(tree.leaves).toEqual([]);
    expect(tree.repairs).toEqual([]);
  });

  it('valid boundary records nothing', () => {
    const tree = walkMime(Buffer.from(multipart('b', 'Content-Type: text/plain\n\none')));
    expect(tree.repairs).toEqual([]);
  });
});

describe('findParts', () => {
  it('ignores preamble and epilogue', () => {
    const raw = Buffer.from('pre\n--b\nA\n--b\nB\n--b--\npost');
    const ranges = findParts(raw, 0, raw.length, 'b');
    expect(ranges.map(([start, end]) => raw.toString('utf8', start, end))).toEqual(['A', 'B']);
  });

  it('delimiter must start a line', () => {
    const raw = Buffer.from('--b\nA x--b\n--b--\n');
    const ranges = findParts(raw, 0, raw.length, 'b');
    expect(ranges.map(([start, end]) => raw.toString('utf8', start, end))).toEqual(['A x--b']);
  });
});
