// Self-contained HTML report: headline, assumptions and sensitivity, charts,
// the sortable and filterable table of invisible opportunities, and a methods
// section. Everything is inline and the page references no other resource.
// Figures and rows carry their raw values in data attributes, so the page can
// be checked against the JSON report.
import { CATEGORIES, type Opportunity } from '../types.js';
import {
  describeSender,
  NO_CRM_NOTE,
  SAMPLE_NOTE,
  SENSITIVITY_LTV_FACTORS,
  categoryLabel,
  compareText,
  computeSensitivity,
  countMessages,
  countNoun,
  countProblems,
  describeAssumptions,
  describeLossFormula,
  describePipeline,
  CHURN_NOTE,
  describePeriodRange,
  describeRateFormula,
  formatCoverage,
  formatDate,
  formatMoney,
  formatNumber,
  formatExactPercent,
  formatPercent,
  formatRate,
  splitInvisible,
  listInvisible,
  rankAccounts,
  rankOwners,
  sortProblems,
  summariseCategories,
  assumedCurrencyNote,
  describeFooter,
  LEFT_OUT_LABELS,
  sensitivityLtv,
  valueKind,
  describeDuplicates,
  describeAttachedCounts,
} from './format.js';
import { CATEGORY_COLORS, STATUS_COLORS, STYLESHEET, TABLE_SCRIPT } from './html-assets.js';
import { renderBarChart, renderWeeklyChart, type Series } from './html-charts.js';
import { escapeHtml } from './html-escape.js';
import type { AuditReport } from './schema.js';

/** Accounts in the "top accounts" chart. */
export const HTML_TOP_ACCOUNTS = 10;

/** Column widths of the invisible-opportunity table; evidence gets the most room. */
const INVISIBLE_COLUMN_WIDTHS =
  '<colgroup><col style="width: 13%"><col style="width: 10%"><col style="width: 9%">' +
  '<col style="width: 10%"><col style="width: 13%"><col style="width: 17%"><col style="width: 28%"></colgroup>';

const STATUS_SERIES: Series[] = [
  { key: 'covered', label: 'Covered', color: STATUS_COLORS.covered },
  { key: 'ambiguous', label: 'Ambiguous', color: STATUS_COLORS.ambiguous },
  { key: 'invisible', label: 'Invisible', color: STATUS_COLORS.invisible },
];

export function renderHtml(report: AuditReport): string {
  const body = [
    renderHeader(report),
    renderHeadline(report),
    renderAssumptions(report),
    renderCharts(report),
    renderInvisibleTable(report),
    renderMethods(report),
    `<footer>Generated offline by leak. Report schema version ${report.schemaVersion}.</footer>`,
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Revenue leak audit</title>',
    // An empty icon in the page, so a browser that loads the report over HTTP requests no /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<style>${STYLESHEET}</style>`,
    '</head>',
    '<body>',
    `<main>\n${body}\n</main>`,
    `<script>${TABLE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function money(report: AuditReport, amount: number): string {
  return escapeHtml(formatMoney(amount, report.assumptions.currency));
}

function renderHeader(report: AuditReport): string {
  const period = describePeriodRange(report);
  const mailboxes = report.inputs.mailboxes.length;
  const notes: string[] = [];
  if (report.sample) notes.push(SAMPLE_NOTE);
  if (report.inputs.crm === null) notes.push(NO_CRM_NOTE);
  if (report.redacted) notes.push('Personal data in this report is redacted.');
  return [
    '<header class="page">',
    '<h1>Revenue leak audit</h1>',
    `<p>${countNoun(report.summary.messages, 'message', 'messages')}${describeDuplicates(report)} from ${mailboxes} ` +
      `mailbox${mailboxes === 1 ? '' : 'es'}, ${escapeHtml(period)}</p>`,
    '</header>',
    ...notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`),
  ].join('\n');
}

function renderFigure(
  name: string,
  value: number | null,
  label: string,
  formatted: string,
  detail: string,
  extraClass = '',
): string {
  return (
    `<div class="figure${extraClass}" data-figure="${name}" data-value="${value ?? ''}">` +
    `<div class="label">${escapeHtml(label)}</div>` +
    `<div class="value">${formatted}</div>` +
    `<div class="detail">${detail}</div></div>`
  );
}

function renderHeadline(report: AuditReport): string {
  const { summary } = report;
  const invisible = splitInvisible(report);
  const figures = [
    renderFigure(
      'invisible',
      summary.invisible,
      'Invisible opportunities',
      formatNumber(summary.invisible),
      `${describePipeline(report)} and ${formatNumber(invisible.churnRisk)} churn-risk ` +
        `of ${countNoun(summary.opportunities, 'opportunity', 'opportunities')}, ` +
        `${formatRate(summary.invisiblePerWeek)} pipeline per week`,
    ),
    renderFigure(
      'coverageRate',
      summary.coverageRate,
      'CRM coverage',
      formatCoverage(summary),
      `${formatNumber(summary.covered)} covered, ${formatNumber(summary.ambiguous)} ambiguous`,
    ),
    renderFigure(
      'estimatedAnnualLoss',
      summary.estimatedAnnualLoss,
      'Estimated annual loss',
      money(report, summary.estimatedAnnualLoss),
      'pipeline never logged in the CRM',
      ' loss',
    ),
    renderFigure(
      'estimatedAnnualLossWithSecondOrder',
      summary.estimatedAnnualLossWithSecondOrder,
      'With second-order effects',
      money(report, summary.estimatedAnnualLossWithSecondOrder),
      `the whole annual loss x${formatNumber(report.assumptions.secondOrderMultiplier)}, to allow for referrals and expansion`,
    ),
    renderFigure(
      'revenueAtRisk',
      summary.revenueAtRisk,
      'Revenue at risk',
      money(report, summary.revenueAtRisk),
      countNoun(summary.revenueAtRiskCount, 'account with churn risk', 'accounts with churn risk'),
    ),
  ];
  return `<section id="headline"><div class="figures">\n${figures.join('\n')}\n</div></section>`;
}

/** Wraps each command-line flag of escaped text in a span that never breaks, so "--conversion" stays on one line. */
function keepFlagsWhole(html: string): string {
  return html.replace(/--[a-z][a-z-]*/g, (flag) => `<span class="flag">${flag}</span>`);
}

function renderAssumptions(report: AuditReport): string {
  const items = describeAssumptions(report)
    .map(({ label, value }) => `<dt>${escapeHtml(label)}</dt><dd>${keepFlagsWhole(escapeHtml(value))}</dd>`)
    .join('');
  return [
    '<section id="assumptions" class="columns">',
    '<div><h2>Assumptions</h2>',
    `<dl class="assumptions">${items}</dl>`,
    `<p class="formula">${escapeHtml(describeRateFormula(report))}</p>`,
    `<p class="formula">${escapeHtml(describeLossFormula(report))}</p>`,
    `<p class="reason">${escapeHtml(CHURN_NOTE)}</p></div>`,
    `<div><h2>Sensitivity of the annual loss</h2>${renderSensitivity(report)}</div>`,
    '</section>',
  ].join('\n');
}

function renderSensitivity(report: AuditReport): string {
  const head = SENSITIVITY_LTV_FACTORS.map(
    (factor) =>
      `<th class="number">LTV x${factor}<br>${money(report, sensitivityLtv(report, factor))}</th>`,
  ).join('');
  const rows = computeSensitivity(report).map((cells) => {
    const conversion = cells[0]?.conversion ?? 0;
    const isChosenRow = conversion === report.assumptions.conversionRate;
    const values = cells
      .map(
        (cell) =>
          `<td class="number${cell.isChosen ? ' chosen-cell' : ''}" data-conversion="${cell.conversion}" ` +
          `data-ltv-factor="${cell.ltvFactor}" data-value="${cell.loss}">${money(report, cell.loss)}</td>`,
      )
      .join('');
    const label = `${formatExactPercent(conversion)}${isChosenRow ? ' (chosen)' : ''}`;
    return `<tr${isChosenRow ? ' class="chosen"' : ''}><th>${label}</th>${values}</tr>`;
  });
  return (
    `<table id="sensitivity"><thead><tr><th>Conversion</th>${head}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>` +
    '<p class="caption">Each cell is computed from the lead count and rounded once, so a doubled LTV can ' +
    'differ by one minor unit from the second-order figure, which multiplies the rounded loss.</p>'
  );
}

function renderCharts(report: AuditReport): string {
  const categoryRows = summariseCategories(report).map((row) => ({
    label: categoryLabel(row.category),
    values: { covered: row.covered, ambiguous: row.ambiguous, invisible: row.invisible },
  }));
  const accountRows = rankAccounts(report, HTML_TOP_ACCOUNTS).map((account) => ({
    label: account.account,
    values: { value: account.invisiblePipelineValue },
    note: formatMoney(account.invisiblePipelineValue, report.assumptions.currency),
  }));
  const charts = [
    renderWeeklyChart(report),
    renderBarChart('chart-status', 'Covered and invisible by category', categoryRows, STATUS_SERIES),
    renderBarChart('chart-accounts', 'Top accounts by invisible pipeline value', accountRows, [
      { key: 'value', label: 'Invisible pipeline value', color: CATEGORY_COLORS.expansion },
    ]),
  ];
  const owners = rankOwners(report);
  const namedOwners = new Set(report.opportunities.flatMap((o) => (o.owner === null ? [] : [o.owner])));
  if (namedOwners.size > 1) {
    const ownerRows = owners.map((owner) => ({
      label: owner.account,
      values: {
        covered: countByOwner(report, owner.account, 'covered'),
        ambiguous: countByOwner(report, owner.account, 'ambiguous'),
        invisible: owner.invisible,
      },
    }));
    charts.push(renderBarChart('chart-owners', 'Opportunities per mailbox owner', ownerRows, STATUS_SERIES));
  }
  return `<section id="charts"><h2>Charts</h2><div class="columns">\n${charts.join('\n')}\n</div></section>`;
}

function countByOwner(report: AuditReport, owner: string, status: string): number {
  return report.opportunities.filter(
    (o) => (o.owner ?? '(no owner)') === owner && o.crm.status === status,
  ).length;
}

function renderInvisibleTable(report: AuditReport): string {
  const invisible = listInvisible(report);
  const title = `<h2>Invisible opportunities (${invisible.length})</h2>`;
  if (invisible.length === 0) {
    return `<section id="invisible">${title}<p class="empty">None: the CRM knows every opportunity found.</p></section>`;
  }
  const options = CATEGORIES.map(
    (category) => `<option value="${category}">${escapeHtml(categoryLabel(category))}</option>`,
  ).join('');
  const sortable = (key: string, label: string, type: 'text' | 'number', extra = '') =>
    `<th data-sort="${key}" data-type="${type}"${extra}><button type="button">${label}</button></th>`;
  return [
    `<section id="invisible">${title}`,
    '<div class="controls">',
    '<input id="invisible-search" type="search" placeholder="Filter by account, contact, text..." aria-label="Filter opportunities">',
    `<select id="invisible-category" aria-label="Category"><option value="">All categories</option>${options}</select>`,
    '<span id="invisible-count" class="count"></span>',
    '</div>',
    '<table id="invisible-table">',
    INVISIBLE_COLUMN_WIDTHS,
    '<thead><tr>',
    sortable('account', 'Account', 'text'),
    sortable('category', 'Category', 'text'),
    sortable('value', 'Value', 'number', ' class="number"'),
    sortable('date', 'First seen', 'text'),
    sortable('owner', 'Owner', 'text'),
    '<th>Contacts and match</th><th>Evidence</th>',
    '</tr></thead><tbody>',
    ...invisible.map((opportunity) => renderRow(report, opportunity)),
    '</tbody></table></section>',
  ].join('\n');
}

function renderRow(report: AuditReport, o: Opportunity): string {
  const evidence = o.evidence
    .map(
      (item) =>
        `<li><q>${escapeHtml(item.snippet)}</q><div class="meta">${escapeHtml(formatDate(item.date))} · ` +
        `${escapeHtml(describeSender(item))} · ${escapeHtml(item.subject)} · <code>${escapeHtml(item.rule)}</code></div></li>`,
    )
    .join('');
  const attributes = [
    `data-id="${escapeHtml(o.id)}"`,
    `data-account="${escapeHtml(o.account.toLowerCase())}"`,
    `data-category="${o.category}"`,
    `data-value="${o.estimatedValue}"`,
    `data-date="${escapeHtml(o.firstSeen ?? '')}"`,
    `data-owner="${escapeHtml((o.owner ?? '').toLowerCase())}"`,
  ].join(' ');
  return (
    `<tr ${attributes}>` +
    `<td>${escapeHtml(o.account)}` +
    (o.referredCompany === null ? '' : `<div class="reason">referred company: ${escapeHtml(o.referredCompany)}</div>`) +
    '</td>' +
    `<td><span class="tag tag-${o.category}">${escapeHtml(categoryLabel(o.category))}</span></td>` +
    `<td class="number">${money(report, o.estimatedValue)}` +
    (o.sameLeadAs !== null
      ? `<div class="reason">same lead as ${escapeHtml(o.sameLeadAs)}</div>`
      : LEFT_OUT_LABELS[valueKind(o)] !== undefined
        ? `<div class="reason">${escapeHtml(LEFT_OUT_LABELS[valueKind(o)] ?? '')}</div>`
        : '') +
    '</td>' +
    `<td class="date">${escapeHtml(formatDate(o.firstSeen))}</td>` +
    `<td>${escapeHtml(o.owner ?? 'unknown')}</td>` +
    `<td>${escapeHtml(o.contacts.join(', '))}<div class="reason">Match: ${escapeHtml(o.crm.reason)}</div></td>` +
    `<td><ul class="evidence">${evidence}</ul></td></tr>`
  );
}

function renderMethods(report: AuditReport): string {
  return [
    '<section id="methods"><h2>Methods</h2>',
    '<div class="columns"><div>',
    renderMailboxes(report),
    renderRules(report),
    '</div><div>',
    renderCrmInputs(report),
    renderRedaction(report),
    '</div></div>',
    renderProblems(report),
    '</section>',
  ].join('\n');
}

function renderMailboxes(report: AuditReport): string {
  const rows = report.inputs.mailboxes.map(
    (m) =>
      `<tr><td><code>${escapeHtml(m.path)}</code>` +
      (m.attached === undefined ? '' : `<br>${escapeHtml(describeAttachedCounts(m.attached))}`) +
      `</td><td class="number">${formatNumber(m.messages)}</td>` +
      `<td class="number">${formatNumber(m.skipped)}</td><td class="number">${formatNumber(m.excluded)}</td></tr>`,
  );
  const kinds = Object.entries(report.exclusions.byKind)
    .sort(([a], [b]) => compareText(a, b))
    .map(([kind, count]) => `${escapeHtml(kind)}: ${formatNumber(count)}`);
  const excluded = kinds.length === 0 ? 'none' : kinds.join(', ');
  return [
    '<h3>What was read</h3>',
    '<table id="mailboxes"><thead><tr><th>Mailbox</th><th class="number">Read</th>' +
      '<th class="number">Skipped</th><th class="number">Excluded</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    `<p class="reason">Excluded from detection by kind: ${excluded}. Skipped messages are listed under data quality.</p>`,
  ].join('\n');
}

function renderRules(report: AuditReport): string {
  const files = report.rules.files.map((file) => `<li><code>${escapeHtml(file)}</code></li>`).join('');
  const models = report.rules.models.map((file) => `<code>${escapeHtml(file)}</code>`).join(', ');
  const modelNote =
    report.rules.models.length === 0
      ? '<p>Learned model: off (--no-model), rules only.</p>'
      : `<p>Learned model: ${models}. Its findings have rule ids starting with <code>model-</code>.</p>`;
  return (
    `<h3>Rules</h3><p>${formatNumber(report.rules.count)} signal rules from ` +
    `${countNoun(report.rules.files.length, 'file', 'files')}.</p><ul>${files}</ul>${modelNote}`
  );
}

function renderCrmInputs(report: AuditReport): string {
  if (report.inputs.crm === null) return `<h3>CRM export</h3><p>${escapeHtml(NO_CRM_NOTE)}</p>`;
  const blocks = report.inputs.crm.map((crm) => {
    const columns = Object.entries(crm.columns)
      .sort(([a], [b]) => compareText(a, b))
      .map(([field, header]) => `<tr><td>${escapeHtml(field)}</td><td>${escapeHtml(header)}</td></tr>`)
      .join('');
    const totals = Object.entries(crm.amountTotals)
      .sort(([a], [b]) => compareText(a, b))
      .map(([currency, total]) => escapeHtml(formatMoney(total, currency)))
      .join(', ');
    return (
      `<p><code>${escapeHtml(crm.path)}</code>: ${countNoun(crm.rows, 'row', 'rows')}, ` +
      `${formatNumber(crm.skipped)} skipped, ${escapeHtml(describeFooter(crm))}${escapeHtml(crm.encoding)}, ` +
      `delimiter <code>${escapeHtml(crm.delimiter)}</code>. Amounts: ${totals || 'none'}${escapeHtml(assumedCurrencyNote(crm, report.assumptions.currency))}.</p>` +
      `<table class="crm-columns"><thead><tr><th>Field</th><th>CRM column</th></tr></thead>` +
      `<tbody>${columns}</tbody></table>`
    );
  });
  return `<h3>CRM export</h3>${blocks.join('')}`;
}

function renderRedaction(report: AuditReport): string {
  const text = report.redacted
    ? 'Redacted: email local parts and person names are replaced by person-&lt;hash&gt; tokens ' +
      '(the same person gets the same token), phone numbers by [phone], IBAN-like strings by ' +
      '[IBAN] and Message-IDs by message-&lt;hash&gt;. Company domains and CRM account names are kept.'
    : 'Not redacted: this report shows names, addresses and message text as found. ' +
      'Run with --redact before sharing it.';
  return `<h3>Redaction</h3><p id="redaction">${text}</p>`;
}

function renderProblems(report: AuditReport): string {
  const counts = countMessages(report);
  const intro =
    `<p>${countNoun(counts.skipped, 'message', 'messages')} skipped, ` +
    `${countNoun(report.problems.length, 'problem', 'problems')} in total.</p>`;
  if (report.problems.length === 0) return `<h3>Data quality</h3>${intro}`;
  const summary = countProblems(report.problems)
    .map(
      (count) =>
        `<tr><td><code>${escapeHtml(count.code)}</code></td><td class="number">${count.count}</td>` +
        `<td>${escapeHtml(count.example)}</td></tr>`,
    )
    .join('');
  const details = sortProblems(report.problems)
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.code)}</code></td><td><code>${escapeHtml(p.file)}</code></td>` +
        `<td>${escapeHtml(p.where)}</td><td>${escapeHtml(p.detail)}</td></tr>`,
    )
    .join('');
  return [
    '<h3>Data quality</h3>',
    intro,
    '<table id="problems"><thead><tr><th>Problem code</th><th class="number">Count</th>' +
      `<th>Example</th></tr></thead><tbody>${summary}</tbody></table>`,
    `<details><summary>Every problem (${report.problems.length})</summary>`,
    '<table><thead><tr><th>Code</th><th>File</th><th>Where</th><th>Detail</th></tr></thead>',
    `<tbody>${details}</tbody></table></details>`,
  ].join('\n');
}
