// The HTML report's inline stylesheet and script. Both are plain constants so
// the page needs no network access: no fonts, images or scripts from elsewhere.
import { CATEGORIES, type Category } from '../types.js';

/** Colour per category, chosen to stay apart for common colour-vision deficiencies. */
export const CATEGORY_COLORS: Record<Category, string> = {
  expansion: '#2563a8',
  upgrade: '#6b4fbb',
  closing: '#1b8a6b',
  'new-business': '#d08a1c',
  referral: '#3f9fc9',
  'churn-risk': '#c0392b',
};

export const STATUS_COLORS = {
  covered: '#1b8a6b',
  ambiguous: '#d08a1c',
  invisible: '#c0392b',
} as const;

const CATEGORY_RULES = CATEGORIES.map(
  (category) => `.tag-${category} { background: ${CATEGORY_COLORS[category]}; }`,
).join('\n');

export const STYLESHEET = `
:root {
  --ink: #1d2433; --muted: #5b6578; --line: #dde2ea; --panel: #f6f8fb;
  --accent: #c0392b; --good: #1b8a6b;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: #fff;
}
* { box-sizing: border-box; }
body { margin: 0; line-height: 1.45; font-size: 15px; }
main { max-width: 1180px; margin: 0 auto; padding: 32px 28px 64px; }
header.page { border-bottom: 3px solid var(--ink); padding-bottom: 14px; margin-bottom: 24px; }
header.page h1 { margin: 0; font-size: 28px; letter-spacing: -0.01em; }
header.page p { margin: 4px 0 0; color: var(--muted); }
h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
.note { background: #fff6e0; border-left: 4px solid #d08a1c; padding: 10px 14px; margin: 12px 0; }
.caption { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
/* Headline cards: one column on a phone, two from 560 px, five in a row from 1100 px. Each card is a
   three-row subgrid, so that labels, values and details line up along a row. */
.figures { display: grid; grid-template-columns: minmax(0, 1fr); gap: 14px; container-type: inline-size; }
/* Value size: 10.5% of a card's inner width (row width less gaps, padding and border), so that
   "EUR 311,688.32" fits on one line.
   NOTE: a longer amount, such as "EUR 12,345,678.90", still wraps after its currency in a row of five. */
.figure .value { font-size: clamp(16px, calc((100cqi - 34px) * 0.105), 26px); }
@media (min-width: 560px) {
  .figures { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .figure:last-child:nth-child(odd) { grid-column: 1 / -1; }
  .figure .value { font-size: clamp(16px, calc(((100cqi - 14px) / 2 - 34px) * 0.105), 26px); }
}
@media (min-width: 1100px) {
  .figures { grid-template-columns: repeat(5, minmax(0, 1fr)); }
  .figure:last-child:nth-child(odd) { grid-column: auto; }
  .figure .value { font-size: clamp(16px, calc(((100cqi - 56px) / 5 - 34px) * 0.105), 26px); }
}
.figure { display: grid; grid-row: span 3; grid-template-rows: subgrid; row-gap: 4px; align-content: start;
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.figure .label { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: 0.04em; }
.figure .value { font-weight: 650; line-height: 1.2; font-variant-numeric: tabular-nums; }
.figure .detail { color: var(--muted); font-size: 13px; }
.figure.loss { border-color: var(--accent); background: #fdf1ef; }
.figure.loss .value { color: var(--accent); }
.formula { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px;
  background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(420px, 100%), 1fr)); gap: 24px; }
.columns > * { min-width: 0; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; font-size: 13px; white-space: nowrap; }
#invisible-table { table-layout: fixed; }
#invisible-table th { white-space: normal; }
#invisible-table td { overflow-wrap: anywhere; }
#invisible-table td.date { white-space: nowrap; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.chosen td { background: #fdf1ef; font-weight: 650; }
dl.assumptions { display: grid; grid-template-columns: fit-content(50%) minmax(0, 1fr); gap: 4px 16px; margin: 0; }
dl.assumptions dt { color: var(--muted); overflow-wrap: anywhere; }
dl.assumptions dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
dl.assumptions .flag { white-space: nowrap; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
figure.chart figcaption { font-weight: 600; font-size: 14px; margin-bottom: 8px; }
figure.chart svg { width: 100%; height: auto; display: block; }
figure.chart.wide { grid-column: 1 / -1; }
svg text { font-family: inherit; font-size: 12px; fill: var(--muted); }
svg text.value { fill: var(--ink); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin-top: 8px; font-size: 12px; color: var(--muted); }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 5px;
  border-radius: 2px; background: var(--swatch); vertical-align: -1px; }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 8px 0 12px; }
.controls input, .controls select { font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; }
.controls input { min-width: 280px; }
.controls .count { color: var(--muted); font-size: 13px; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th button::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--ink); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--ink); }
.tag { display: inline-block; color: #fff; font-size: 12px; padding: 1px 8px; border-radius: 10px; white-space: nowrap; }
${CATEGORY_RULES}
.evidence { margin: 0; padding: 0; list-style: none; }
.evidence li + li { margin-top: 8px; padding-top: 8px; border-top: 1px dashed var(--line); }
.evidence .meta { color: var(--muted); font-size: 12px; }
.evidence q { font-style: italic; }
.reason { color: var(--muted); font-size: 13px; }
.empty { color: var(--muted); font-style: italic; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .controls, th button::after { display: none; }
  .figure, figure.chart { break-inside: avoid; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * Sorting and filtering for the invisible-opportunity table. Rows carry their
 * sort keys in data attributes, so sorting never parses formatted text.
 */
export const TABLE_SCRIPT = `
(function () {
  var table = document.getElementById('invisible-table');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById('invisible-search');
  var category = document.getElementById('invisible-category');
  var count = document.getElementById('invisible-count');

  function applyFilter() {
    var needle = search.value.trim().toLowerCase();
    var selected = category.value;
    var visible = 0;
    rows.forEach(function (row) {
      var matches = (selected === '' || row.dataset.category === selected) &&
        (needle === '' || row.textContent.toLowerCase().indexOf(needle) !== -1);
      row.hidden = !matches;
      if (matches) visible += 1;
    });
    count.textContent = visible + ' of ' + rows.length + ' shown';
  }

  function sortBy(header) {
    var key = header.dataset.sort;
    var numeric = header.dataset.type === 'number';
    var descending = header.getAttribute('aria-sort') !== 'descending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute('aria-sort');
    });
    header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    rows.sort(function (a, b) {
      var x = a.dataset[key] || '';
      var y = b.dataset[key] || '';
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      if (order === 0) order = a.dataset.id.localeCompare(b.dataset.id);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.querySelectorAll('th[data-sort] button'), function (button) {
    button.addEventListener('click', function () { sortBy(button.parentElement); });
  });
  search.addEventListener('input', applyFilter);
  category.addEventListener('change', applyFilter);
  applyFilter();
})();
`;
