// Bidirectional controls in mail text (U+202E and its kin) make a sentence
// display in another order than it reads. The HTML, terminal and Markdown
// reports write them as visible escapes; CSV and JSON keep the text as found.
import { describe, expect, test } from 'vitest';
import { renderOpportunitiesCsv } from '../../src/report/csv.js';
import { showBidiControls } from '../../src/report/control-chars.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import type { AuditReport } from '../../src/report/schema.js';
import { buildSampleReport } from './sample-report.js';

/** "TXE.exe" shown as "exe.EXT": the right-to-left override the breaker sent. */
const SPOOFED = 'see invoice_\u202Eexe.TXE\u202C for the 40 licences';

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function spoofedReport(): AuditReport {
  const base = buildSampleReport();
  const [first, ...rest] = base.opportunities;
  const evidence = first!.evidence.map((item) => ({
    ...item,
    subject: `\u2067Renewal\u2069 \u200Fquote\u200E`,
    snippet: SPOOFED,
  }));
  return buildSampleReport({ opportunities: [{ ...first!, account: 'acme\u202Dcorp.example', evidence }, ...rest] });
}

describe('bidirectional controls', () => {
  test('every one becomes a visible escape', () => {
    expect(showBidiControls('a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j\u200Ek\u200Fl\u061Cm')).toBe(
      'a\\u202Ab\\u202Bc\\u202Cd\\u202De\\u202Ef\\u2066g\\u2067h\\u2068i\\u2069j\\u200Ek\\u200Fl\\u061Cm',
    );
    // Right-to-left text itself stays.
    expect(showBidiControls('שלום مرحبا')).toBe('שלום مرحبا');
  });

  test('HTML shows escapes, no raw controls', () => {
    const html = renderHtml(spoofedReport());
    expect(html).not.toMatch(BIDI);
    expect(html).toContain('see invoice_\\u202Eexe.TXE\\u202C for the 40 licences');
    expect(html).toContain('acme\\u202Dcorp.example');
  });

  test('plain and verbose terminal escape controls', () => {
    for (const verbose of [false, true]) {
      const text = renderTerminal(spoofedReport(), { color: false, verbose, width: 400 });
      expect(text).not.toMatch(BIDI);
      expect(text).toContain('\\u202E');
    }
  });

  test('Markdown holds no raw control', () => {
    const markdown = renderMarkdown(spoofedReport());
    expect(markdown).not.toMatch(BIDI);
    expect(markdown).toContain('u202E');
  });

  test('CSV and JSON keep controls', () => {
    const report = spoofedReport();
    expect(renderJson(report)).toContain('\u202E');
    expect(renderOpportunitiesCsv(report, { delimiter: ',', excel: false })).toContain('\u202E');
  });
});
