// Inline SVG charts for the HTML report, drawn from the report alone: signals
// per week by category, and horizontal bars for statuses and values.
import { CATEGORIES, type Category } from '../types.js';
import { CATEGORY_COLORS } from './html-assets.js';
import { escapeHtml } from './html-escape.js';
import { categoryLabel, countNoun, formatNumber } from './format.js';
import type { AuditReport } from './schema.js';

/** Weeks drawn in the weekly chart. Older weeks are cut and a note under the chart counts them. */
export const MAX_CHART_WEEKS = 104;

const MS_PER_DAY = 24 * 60 * 60 * 1000;
/** Maximum characters of a bar label. The full label is in the label's tooltip. */
const MAX_LABEL_CHARS = 28;

/** SVG user units; charts scale to their box, so these set the text-to-plot ratio. */
const WEEKLY_WIDTH = 960;
const BAR_WIDTH = 520;

/** Widest weekly bar, so a short period does not draw slabs. */
const MAX_BAR_UNITS = 56;

export interface Series {
  key: string;
  label: string;
  color: string;
}

export interface BarRow {
  label: string;
  values: Record<string, number>;
  /** Text drawn after the bar; defaults to the total. */
  note?: string;
}

/** Returns the Monday (UTC) of the week containing an ISO timestamp, as YYYY-MM-DD. */
export function weekStart(iso: string): string | null {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  const date = new Date(time);
  const offset = (date.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - offset))
    .toISOString()
    .slice(0, 10);
}

export interface WeeklyCounts {
  weeks: string[];
  counts: Array<Record<Category, number>>;
  /** Weeks left out because they are older than the last MAX_CHART_WEEKS. */
  cutWeeks: number;
  /** Signals in the weeks left out, which the note under the chart counts. */
  cutSignals: number;
  undated: number;
}

/** Counts evidence (one signal per evidence item) per week and category, empty weeks included. */
export function countSignalsPerWeek(report: AuditReport): WeeklyCounts {
  const byWeek = new Map<string, Record<Category, number>>();
  let undated = 0;
  for (const opportunity of report.opportunities) {
    for (const item of opportunity.evidence) {
      const week = item.date === null ? null : weekStart(item.date);
      if (week === null) {
        undated += 1;
        continue;
      }
      const row = byWeek.get(week) ?? emptyCounts();
      row[opportunity.category] += 1;
      byWeek.set(week, row);
    }
  }
  const known = [...byWeek.keys()].sort();
  const first = known[0];
  const last = known[known.length - 1];
  if (first === undefined || last === undefined) return { weeks: [], counts: [], cutWeeks: 0, cutSignals: 0, undated };
  const weeks: string[] = [];
  for (let time = Date.parse(first); time <= Date.parse(last); time += 7 * MS_PER_DAY) {
    weeks.push(new Date(time).toISOString().slice(0, 10));
  }
  const cutWeeks = Math.max(0, weeks.length - MAX_CHART_WEEKS);
  const drawnWeeks = weeks.slice(cutWeeks);
  let cutSignals = 0;
  for (const week of weeks.slice(0, cutWeeks)) {
    const row = byWeek.get(week);
    if (row !== undefined) cutSignals += CATEGORIES.reduce((sum, category) => sum + row[category], 0);
  }
  return { weeks: drawnWeeks, counts: drawnWeeks.map((week) => byWeek.get(week) ?? emptyCounts()), cutWeeks, cutSignals, undated };
}

function emptyCounts(): Record<Category, number> {
  return Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>;
}

/** Picks a tick step of 1, 2 or 5 times a power of ten that gives about four ticks up to max. */
function tickStep(max: number): number {
  const raw = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((value) => value >= raw);
  return Math.max(1, step ?? power * 10);
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function legend(series: Series[]): string {
  const items = series.map(
    (item) => `<span style="--swatch: ${item.color}">${escapeHtml(item.label)}</span>`,
  );
  return `<div class="legend">${items.join('')}</div>`;
}

function figure(id: string, caption: string, svg: string, after: string, extraClass = ''): string {
  return (
    `<figure class="chart${extraClass}" id="${id}"><figcaption>${escapeHtml(caption)}</figcaption>` +
    `${svg}${after}</figure>`
  );
}

/** Draws the stacked weekly bar chart of signals by category. */
export function renderWeeklyChart(report: AuditReport): string {
  const data = countSignalsPerWeek(report);
  const caption = 'Signals per week by category';
  if (data.weeks.length === 0) {
    return figure('chart-weekly', caption, '<p class="empty">No dated signals.</p>', '', ' wide');
  }
  const height = 220;
  const left = 36;
  const bottom = 28;
  const top = 10;
  const plotWidth = WEEKLY_WIDTH - left - 8;
  const plotHeight = height - top - bottom;
  const totals = data.counts.map((row) => CATEGORIES.reduce((sum, c) => sum + row[c], 0));
  const step = tickStep(Math.max(...totals));
  const max = Math.ceil(Math.max(1, ...totals) / step) * step;
  const slot = plotWidth / data.weeks.length;
  const barWidth = Math.min(MAX_BAR_UNITS, Math.max(2, slot * 0.72));
  const parts: string[] = [];

  for (let tick = 0; tick <= max; tick += step) {
    const y = top + plotHeight - (tick / max) * plotHeight;
    parts.push(
      `<line x1="${left}" x2="${WEEKLY_WIDTH - 8}" y1="${round(y)}" y2="${round(y)}" stroke="#e6e9ef"/>`,
      `<text x="${left - 6}" y="${round(y + 4)}" text-anchor="end">${tick}</text>`,
    );
  }
  const labelEvery = Math.ceil(data.weeks.length / 8);
  // Labels drop the year only when every drawn week is in the same year.
  const isOneYear = data.weeks.length === 0 || data.weeks[0]?.slice(0, 4) === data.weeks[data.weeks.length - 1]?.slice(0, 4);
  data.weeks.forEach((week, index) => {
    const x = left + index * slot + (slot - barWidth) / 2;
    let y = top + plotHeight;
    for (const category of CATEGORIES) {
      const count = data.counts[index]?.[category] ?? 0;
      if (count === 0) continue;
      const barHeight = (count / max) * plotHeight;
      y -= barHeight;
      parts.push(
        `<rect x="${round(x)}" y="${round(y)}" width="${round(barWidth)}" height="${round(barHeight)}" ` +
          `fill="${CATEGORY_COLORS[category]}"><title>Week of ${week}: ${count} ${escapeHtml(categoryLabel(category))}</title></rect>`,
      );
    }
    if (index % labelEvery === 0) {
      parts.push(
        `<text x="${round(x + barWidth / 2)}" y="${height - 8}" text-anchor="middle">${isOneYear ? week.slice(5) : week}</text>`,
      );
    }
  });
  const svg =
    `<svg viewBox="0 0 ${WEEKLY_WIDTH} ${height}" role="img" aria-label="${caption}">` +
    `${parts.join('')}</svg>`;
  const series = CATEGORIES.map((c) => ({ key: c, label: categoryLabel(c), color: CATEGORY_COLORS[c] }));
  const notes: string[] = [];
  if (data.cutWeeks > 0) {
    const weeks = data.cutWeeks === 1 ? '1 older week' : `${data.cutWeeks} older weeks`;
    const signals = data.cutSignals === 1 ? '1 signal' : `${data.cutSignals} signals`;
    notes.push(`${weeks} (${signals}) not drawn.`);
  }
  if (data.undated > 0) notes.push(`${countNoun(data.undated, 'signal', 'signals')} without a date not drawn.`);
  const note = notes.length === 0 ? '' : `<p class="reason">${notes.join(' ')}</p>`;
  return figure('chart-weekly', `${caption} (weeks starting Monday)`, svg, legend(series) + note, ' wide');
}

/**
 * Draws one horizontal bar per row, stacked by series, with the total (or the
 * row note) after each bar.
 */
export function renderBarChart(id: string, caption: string, rows: BarRow[], series: Series[]): string {
  if (rows.length === 0) return figure(id, caption, '<p class="empty">Nothing to show.</p>', '');
  const labelWidth = 200;
  const noteWidth = 90;
  const rowHeight = 26;
  const plotWidth = BAR_WIDTH - labelWidth - noteWidth;
  const height = rows.length * rowHeight + 8;
  const totals = rows.map((row) => series.reduce((sum, s) => sum + (row.values[s.key] ?? 0), 0));
  const max = Math.max(...totals, 0) || 1;
  const parts: string[] = [];

  rows.forEach((row, index) => {
    const y = 4 + index * rowHeight;
    const label = row.label.length > MAX_LABEL_CHARS ? `${row.label.slice(0, MAX_LABEL_CHARS - 1)}…` : row.label;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end"><title>${escapeHtml(row.label)}</title>${escapeHtml(label)}</text>`,
    );
    let x = labelWidth;
    for (const item of series) {
      const value = row.values[item.key] ?? 0;
      if (value <= 0) continue;
      const width = (value / max) * plotWidth;
      parts.push(
        `<rect x="${round(x)}" y="${y + 3}" width="${round(width)}" height="${rowHeight - 8}" rx="2" ` +
          `fill="${item.color}"><title>${escapeHtml(row.label)}: ${escapeHtml(item.label)} ${formatNumber(value)}</title></rect>`,
      );
      x += width;
    }
    const note = row.note ?? formatNumber(totals[index] ?? 0);
    parts.push(`<text class="value" x="${round(x + 6)}" y="${y + 16}">${escapeHtml(note)}</text>`);
  });
  const svg =
    `<svg viewBox="0 0 ${BAR_WIDTH} ${height}" role="img" aria-label="${escapeHtml(caption)}">` +
    `${parts.join('')}</svg>`;
  return figure(id, caption, svg, series.length > 1 ? legend(series) : '');
}
