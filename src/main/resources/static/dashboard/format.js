// Formatting and DOM helpers shared by every panel. Numbers are formatted the same way whatever
// the browser's language (en-US), so a screenshot or a test reads the same everywhere.

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** The metrics of a table row (GraphQL `Metrics`), in the order the article's tables show them. */
export const METRICS = [
  { field: 'playerImpressions', order: 'PLAYER_IMPRESSIONS', label: 'Player impressions', kind: 'int' },
  { field: 'plays', order: 'PLAYS', label: 'Plays', kind: 'int' },
  { field: 'uniqueViewers', order: 'UNIQUE_VIEWERS', label: 'Unique viewers', kind: 'int' },
  { field: 'minutesViewed', order: 'MINUTES_VIEWED', label: 'Minutes viewed (VOD)', kind: 'dec' },
  { field: 'avgDropOffRate', order: 'AVG_DROP_OFF_RATE', label: 'Avg. drop-off rate (VOD)', kind: 'pct' },
  { field: 'avgCompletionRate', order: 'AVG_COMPLETION_RATE', label: 'Avg. completion rate (VOD)', kind: 'pct' },
  { field: 'playImpressionRatio', order: 'PLAY_IMPRESSION_RATIO', label: 'Play/impr. ratio', kind: 'pct' },
  { field: 'playsDistribution', order: 'PLAYS_DISTRIBUTION', label: 'Plays distribution', kind: 'pct' }
];

export const metric = (field) => METRICS.find((m) => m.field === field);

export function formatValue(kind, value) {
  if (value === null || value === undefined) return '—';
  switch (kind) {
    case 'int': return INTEGER.format(value);
    case 'dec': return DECIMAL.format(value);
    case 'pct': return DECIMAL.format(value * 100) + '%';
    case 'score': return value.toFixed(1) + '/10';
    default: return String(value);
  }
}

/** A change against the comparison period: +12.5% / −3.0% / — (no previous value). */
export function formatChange(change) {
  if (change === null || change === undefined) return '—';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '';
  return sign + DECIMAL.format(Math.abs(change) * 100) + '%';
}

/** A DateTime (UTC instant) as a calendar date in the dashboard's time zone. */
export function formatDate(instant, timeZone) {
  if (!instant) return '—';
  return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(instant));
}

/** An ISO day (2023-07-25) as the article writes it: Jul 25, 2023 (or Jul 2023 for a month). */
export function formatDay(iso, month = false) {
  const [y, m, d] = iso.split('-').map(Number);
  const options = month ? { year: 'numeric', month: 'short', timeZone: 'UTC' }
    : { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat('en-US', options).format(new Date(Date.UTC(y, m - 1, d)));
}

/**
 * Creates an element: h('td', { class: 'num', dataset: { value: 3 }, onclick: fn }, 'text', child).
 * Text is always set as text, never parsed as HTML.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A numeric cell: formatted text, the API's raw value in data-value. */
export function numberCell(kind, value, tag = 'td') {
  return h(tag, { class: 'num', dataset: { value: value ?? '' } }, formatValue(kind, value));
}
