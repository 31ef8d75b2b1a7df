// Properties of the escaping every renderer relies on, over generated text.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { renderOpportunitiesCsv } from '../../src/report/csv.js';
import { escapeHtml } from '../../src/report/html-escape.js';
import { renderHtml } from '../../src/report/html.js';
import { redactReport } from '../../src/redact.js';
import { buildSampleReport } from './sample-report.js';

const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

/** Text that often starts with a formula character and contains CSV and HTML specials. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .tuple(fc.constantFrom(...FORMULA_STARTS), fc.string({ maxLength: 30 }))
    .map(([start, rest]) => start + rest),
  fc.constantFrom('<script>x</script>', '"; DROP', 'a,b;c\nd', '\'quoted', '=1+1', '-1500'),
);

function reportWithSubject(subject: string, value: number) {
  const report = buildSampleReport();
  const target = report.opportunities[0]!;
  target.evidence[0] = { ...target.evidence[0]!, subject };
  target.estimatedValue = value;
  return report;
}

describe('csv escaping properties', () => {
  test('text round trips with prefix', () => {
    fc.assert(
      fc.property(hostileText, fc.constantFrom(',', ';', '\t'), (subject, delimiter) => {
        const csv = renderOpportunitiesCsv(reportWithSubject(subject, 1), { delimiter, excel: false });
        const rows = parse(csv, { columns: true, delimiter }) as Array<Record<string, string>>;
        const isFormula = FORMULA_STARTS.some((start) => subject.startsWith(start));
        const expected = isFormula ? `'${subject}` : subject;
        expect(rows[0]?.first_evidence_subject).toBe(expected);
      }),
    );
  });

  test('amounts stay numeric', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (value) => {
        const csv = renderOpportunitiesCsv(reportWithSubject('x', value), { delimiter: ',', excel: false });
        const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
        expect(rows[0]?.estimated_value).toBe(value.toFixed(2));
      }),
    );
  });
});

describe('html escaping properties', () => {
  test('escaped text has no markup', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
    );
  });

  test('subject never adds elements', () => {
    fc.assert(
      fc.property(hostileText, (subject) => {
        const page = renderHtml(reportWithSubject(subject, 1));
        expect(page.match(/<script>/g)).toHaveLength(1);
        expect(page).toContain(escapeHtml(subject));
      }),
      { numRuns: 50 },
    );
  });
});

describe('redaction properties', () => {
  test('tokens stable across runs', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const report = buildSampleReport();
        const target = report.opportunities[0]!;
        target.contacts = [address];
        const first = redactReport(report).opportunities[0]?.contacts[0];
        const second = redactReport(report).opportunities[0]?.contacts[0];
        expect(first).toBe(second);
        expect(first).toMatch(/^person-[0-9a-f]{6}@/);
        expect(first?.endsWith(address.slice(address.lastIndexOf('@')))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
