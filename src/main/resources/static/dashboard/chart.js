// Line charts with uPlot (served from its WebJar, global `uPlot`): one metric per day or month,
// the comparison period as a second line, values shown in the legend as the pointer moves.

import { formatValue, formatDay } from './format.js';

const COLORS = { current: '#1565c0', previous: '#ef6c00' };

function timestamp(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

/**
 * Draws (or redraws) a chart in `container`. points: [{ date, metrics: { …, previous? } }].
 * Returns a handle with destroy(). Dates are calendar days: shown in UTC so no time zone shifts them.
 */
export function drawChart(container, points, metric, options = {}) {
  if (container._chart) container._chart.destroy();
  container.replaceChildren();
  const comparing = points.some((p) => p.metrics.previous);
  const month = options.granularity === 'MONTH';
  const data = [points.map((p) => timestamp(p.date)), points.map((p) => p.metrics[metric.field])];
  const series = [
    { label: month ? 'Month' : 'Day', value: (u, ts) => (ts == null ? '—' : formatDay(new Date(ts * 1000).toISOString().slice(0, 10), month)) },
    { label: options.label || metric.label, stroke: COLORS.current, width: 2, fill: 'rgba(21,101,192,0.08)',
      value: (u, v) => formatValue(metric.kind, v) }
  ];
  if (comparing) {
    data.push(points.map((p) => (p.metrics.previous ? p.metrics.previous[metric.field] : null)));
    series.push({ label: 'Comparison period', stroke: COLORS.previous, width: 2, dash: [6, 4],
      value: (u, v) => formatValue(metric.kind, v) });
  }
  const width = Math.max(280, container.clientWidth || 600);
  const opts = {
    width,
    height: options.height || 260,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    series,
    cursor: { points: { size: 8 } },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      {},
      { size: 60, values: (u, ticks) => ticks.map((t) => formatValue(metric.kind === 'pct' ? 'pct' : 'dec', t)) }
    ]
  };
  const chart = new uPlot(opts, data, container);
  container._chart = chart;
  if (!container._observer && 'ResizeObserver' in window) {
    let last = width;
    container._observer = new ResizeObserver(() => {
      const w = Math.max(280, container.clientWidth);
      if (container._chart && Math.abs(w - last) > 4) {
        last = w;
        container._chart.setSize({ width: w, height: container._chart.height });
      }
    });
    container._observer.observe(container);
  }
  return chart;
}
