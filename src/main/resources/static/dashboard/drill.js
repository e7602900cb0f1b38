// Drill-downs, each one further GraphQL request: a user → their entries and chart, an entry →
// its viewers and chart, country → regions → cities, device → operating systems and browsers,
// domain → URLs. They open in the panel's drill area under its table.

import { h, fill, formatValue, METRICS } from './format.js';
import { Table } from './table.js';
import { renderPerformance } from './performance.js';
import { rowDetailQuery, pageQuery, deviceQuery, follow } from './query.js';
import { downloadCsv } from './api.js';
import { exportParams, DEFAULT_SORT } from './state.js';
import { capitalize } from './panels.js';

const MOVED = 'This row is no longer where it was in the table (new data?): reload the dashboard.';

export const USER_COLUMNS = ['playerImpressions', 'plays', 'minutesViewed', 'avgDropOffRate', 'avgCompletionRate'];
export const GEO_COLUMNS = ['plays', 'playsDistribution', 'uniqueViewers', 'minutesViewed', 'avgCompletionRate'];

export function columns(fields) {
  return fields.map((f) => {
    const m = METRICS.find((x) => x.field === f);
    return { field: f, label: m.label, kind: m.kind, order: m.order, value: (n) => n.metrics[f] };
  });
}

/** The drill area's frame: a title, a close button, and a ready/loading/error state for tests. */
function frame(area, title, testid) {
  const body = h('div', { class: 'drill-body' });
  const close = h('button', { type: 'button', class: 'close', dataset: { testid: 'drill-close' }, onclick: () => {
    area.replaceChildren();
    area.hidden = true;
  } }, 'Close');
  area.hidden = false;
  area.dataset.testid = testid;
  area.dataset.state = 'loading';
  fill(area, h('div', { class: 'drill-head' }, h('h3', { tabindex: '-1' }, title), close), body);
  area.querySelector('h3').focus();
  return body;
}

function failed(area, body, error) {
  if (error.name === 'AbortError') return;
  fill(body, h('p', { class: 'error', role: 'alert' }, error.message));
  area.dataset.state = 'error';
}

function csv(ctx, table, extra) {
  return (sort) => downloadCsv(table, { ...exportParams(ctx.state, ctx.galleryId), ...extra,
    orderBy: (sort || DEFAULT_SORT).metric, direction: (sort || DEFAULT_SORT).direction });
}

/** A table whose pages are `field` rows of `kind` under `hops`. */
export function nestedTable(ctx, hops, field, kind, options) {
  return new Table({
    sort: { ...DEFAULT_SORT },
    load: async (after, sort) => {
      const data = await ctx.request(pageQuery(ctx.state, ctx.galleryId, hops, field, kind, after, sort));
      const row = follow(data.category.analytics, hops);
      if (!row) throw new Error(MOVED);
      return row[field];
    },
    ...options
  });
}

/**
 * A user or an entry opened from its table: its metrics, its chart, and its entries (viewers).
 * spec: hops, head (GraphQL of the row's own fields), name, field/kind (sub-table), noun, nameOf,
 * keyOf, tableExport, perfExport, exportExtra.
 */
export async function openRow(ctx, area, spec) {
  const body = frame(area, 'Performance over time / ' + spec.name, spec.testid);
  try {
    const data = await ctx.request(rowDetailQuery(ctx.state, ctx.galleryId, spec.hops, spec.head, spec.field, spec.kind, DEFAULT_SORT));
    const row = follow(data.category.analytics, spec.hops);
    if (!row) throw new Error(MOVED);
    const chart = h('div', { class: 'performance-block' });
    const table = nestedTable(ctx, spec.hops, spec.field, spec.kind, {
      id: spec.testid + '-' + spec.field, title: spec.title, noun: spec.noun, columns: columns(USER_COLUMNS),
      name: spec.nameOf, key: spec.keyOf, exportCsv: csv(ctx, spec.tableExport, spec.exportExtra)
    });
    fill(body,
      h('ul', { class: 'tiles small' }, METRICS.slice(0, 6).map((m) => h('li', { class: 'tile', dataset: { testid: 'drill-' + m.field } },
        h('span', { class: 'tile-label' }, m.label),
        h('strong', { dataset: { value: row.metrics[m.field] } }, formatValue(m.kind, row.metrics[m.field]))))),
      chart, table.element);
    renderPerformance(chart, row.performance, {
      id: spec.testid + '-performance', metric: ctx.state.metric, granularity: ctx.state.granularity, title: spec.name,
      onGranularity: async (g) => {
        const again = await ctx.request(rowDetailQuery({ ...ctx.state, granularity: g }, ctx.galleryId, spec.hops, spec.head,
          spec.field, spec.kind, DEFAULT_SORT));
        const same = follow(again.category.analytics, spec.hops);
        if (!same) throw new Error(MOVED);
        return same.performance;
      },
      exportCsv: (g) => downloadCsv(spec.perfExport, { ...exportParams(ctx.state, ctx.galleryId), ...spec.exportExtra, granularity: g })
    });
    table.reset(row[spec.field]);
    area.dataset.state = 'ready';
  } catch (e) {
    failed(area, body, e);
  }
}

/** Countries → regions, then a region → its cities. */
export async function openCountry(ctx, area, country, countryHop) {
  const body = frame(area, 'Regions of ' + country.name, 'drill-countries');
  const hops = [countryHop];
  const cities = h('div', { class: 'drill-sub' });
  const regions = nestedTable(ctx, hops, 'regions', 'regions', {
    id: 'regions', title: 'Regions', noun: 'regions', columns: columns(GEO_COLUMNS),
    name: (n) => n.region, exportCsv: csv(ctx, 'regions', { country: country.country }),
    onRowClick: (region, predecessor) => {
      const regionHops = [countryHop, { field: 'regions', after: predecessor, orderBy: regions.sort,
        key: { select: 'region', get: (r) => r.region, value: region.region } }];
      const table = nestedTable(ctx, regionHops, 'cities', 'cities', {
        id: 'cities', title: 'Cities of ' + region.region, noun: 'cities', columns: columns(GEO_COLUMNS),
        name: (n) => n.city, exportCsv: csv(ctx, 'cities', { country: country.country, region: region.region })
      });
      fill(cities, table.element);
      area.dataset.state = 'loading';
      table.reload(null).then(() => { area.dataset.state = 'ready'; });
    }
  });
  fill(body, regions.element, cities);
  await regions.reload(null);
  area.dataset.state = regions.element.dataset.state === 'ready' ? 'ready' : 'error';
}

/** A domain → its URLs. */
export async function openDomain(ctx, area, domain, domainHop) {
  const body = frame(area, 'URLs of ' + domain.domain, 'drill-domains');
  const urls = nestedTable(ctx, [domainHop], 'urls', 'urls', {
    id: 'urls', title: 'URLs', noun: 'URLs', columns: columns(['playerImpressions', 'playImpressionRatio', 'plays',
      'playsDistribution', 'minutesViewed', 'avgCompletionRate']),
    name: (n) => n.url, exportCsv: csv(ctx, 'urls', { domain: domain.domain })
  });
  fill(body, urls.element);
  await urls.reload(null);
  area.dataset.state = urls.element.dataset.state === 'ready' ? 'ready' : 'error';
}

/** A device → its operating systems and browsers (lists, in one request). */
export async function openDevice(ctx, area, device, sort) {
  const body = frame(area, capitalize(device.device) + ': operating systems and browsers', 'drill-devices');
  try {
    const data = await ctx.request(deviceQuery(ctx.state, ctx.galleryId, sort || DEFAULT_SORT));
    const row = data.category.analytics.devices.find((d) => d.device === device.device);
    if (!row) throw new Error('No plays on this device any more; reload the dashboard.');
    const list = (id, title, table, rows) => {
      const t = new Table({ id, title, noun: title.toLowerCase(), columns: columns(GEO_COLUMNS), paged: false,
        name: (n) => n.name, exportCsv: csv(ctx, table, { device: device.device }) });
      t.setData(rows);
      return t.element;
    };
    fill(body, h('div', { class: 'two-columns' },
      list('operatingSystems', 'Operating systems', 'operatingSystems', row.operatingSystems),
      list('browsers', 'Browsers', 'browsers', row.browsers)));
    area.dataset.state = 'ready';
  } catch (e) {
    failed(area, body, e);
  }
}
