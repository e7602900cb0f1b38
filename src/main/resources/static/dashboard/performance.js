// Performance over time: a chart of one metric (selector) per day or month, the comparison
// period as a second line, values on hover, and the table of every metric under it.

import { h, fill, formatDay, numberCell, METRICS, metric as metricOf } from './format.js';
import { drawChart } from './chart.js';

export const SERIES_METRICS = METRICS.slice(0, 6);

/**
 * Renders a performance block into `el`: options.metric / granularity (current choices),
 * onMetric(field), onGranularity(g) → Promise of new points, exportCsv(), title.
 */
export function renderPerformance(el, points, options) {
  let current = points;
  let metric = metricOf(options.metric) && SERIES_METRICS.includes(metricOf(options.metric))
    ? metricOf(options.metric) : SERIES_METRICS[0];
  let granularity = options.granularity;
  const chartBox = h('div', { class: 'chart', dataset: { testid: 'chart' } });
  const tableBody = h('tbody');
  const tableHead = h('thead');
  const status = h('p', { class: 'table-status', role: 'status' });
  const id = options.id || 'performance';
  const metricSelect = h('select', { id: id + '-metric', dataset: { testid: 'metric' }, onchange: (e) => {
    metric = metricOf(e.target.value);
    if (options.onMetric) options.onMetric(metric.field);
    chart();
  } }, SERIES_METRICS.map((m) => h('option', { value: m.field, selected: m === metric }, m.label)));
  const granularityButtons = ['DAY', 'MONTH'].map((g) => h('button', {
    type: 'button', 'aria-pressed': String(g === granularity), dataset: { testid: 'granularity-' + g },
    onclick: async () => {
      if (g === granularity) return;
      el.dataset.state = 'loading';
      try {
        const next = await options.onGranularity(g);
        granularity = g;
        granularityButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.testid === 'granularity-' + g)));
        current = next;
        draw();
      } catch (e) {
        status.textContent = e.message;
        el.dataset.state = 'error';
      }
    }
  }, g === 'DAY' ? 'Day' : 'Month'));

  function chart() {
    drawChart(chartBox, current, metric, { granularity });
  }

  function draw() {
    const comparing = current.some((p) => p.metrics.previous);
    fill(tableHead, h('tr', null, h('th', { scope: 'col' }, granularity === 'DAY' ? 'Day' : 'Month'),
      SERIES_METRICS.map((m) => h('th', { scope: 'col', class: 'num' }, m.label)),
      comparing ? h('th', { scope: 'col', class: 'num' }, 'Plays (comparison)') : null));
    fill(tableBody, current.length ? current.map((p) => h('tr', { dataset: { testid: 'row', key: p.date } },
      h('th', { scope: 'row' }, formatDay(p.date, granularity === 'MONTH')),
      SERIES_METRICS.map((m) => field(numberCell(m.kind, p.metrics[m.field]), m.field)),
      comparing ? field(numberCell('int', p.metrics.previous ? p.metrics.previous.plays : null), 'previousPlays') : null))
      : h('tr', { class: 'empty' }, h('td', { colspan: 7 }, 'No data for this selection.')));
    status.textContent = '';
    chart();
    el.dataset.state = 'ready';
  }

  fill(el,
    h('div', { class: 'panel-tools' },
      h('label', { for: id + '-metric' }, 'Metric '), metricSelect,
      h('div', { class: 'toggle', role: 'group', 'aria-label': 'Granularity' }, granularityButtons),
      options.exportCsv ? h('button', { type: 'button', class: 'export', dataset: { testid: 'export' }, onclick: async () => {
        status.textContent = 'Preparing the CSV…';
        try {
          await options.exportCsv(granularity);
          status.textContent = 'CSV downloaded.';
        } catch (e) {
          status.textContent = 'Export failed: ' + e.message;
        }
      } }, 'Export CSV') : null),
    chartBox,
    h('div', { class: 'table-scroll tall', dataset: { testid: 'performance-table' } },
      h('table', { 'aria-label': (options.title || 'Performance over time') + ' table' }, tableHead, tableBody)),
    status);
  draw();
}

function field(cell, name) {
  cell.dataset.field = name;
  return cell;
}
