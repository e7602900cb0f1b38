// The dashboard's tables (users, entries, sub-categories, countries, devices, domains): first
// pages come with the dashboard request; a sort or another page is one request for that table;
// a row opens its drill-down under the table.

import { h, fill } from './format.js';
import { Table } from './table.js';
import { pageQuery, deviceQuery } from './query.js';
import { downloadCsv } from './api.js';
import { exportParams } from './state.js';
import { columns, USER_COLUMNS, GEO_COLUMNS, openRow, openCountry, openDomain, openDevice } from './drill.js';
import { capitalize, galleryHref } from './panels.js';

const DOMAIN_COLUMNS = ['playerImpressions', 'playImpressionRatio', 'plays', 'playsDistribution', 'minutesViewed', 'avgCompletionRate'];

function topLevel(ctx, id, kind, options) {
  return new Table({
    id,
    sort: ctx.state.sorts[id],
    onSort: (sort) => ctx.setSort(id, sort),
    load: async (after, sort) => (await ctx.request(pageQuery({ ...ctx.state, sorts: { ...ctx.state.sorts, [id]: sort } },
      ctx.galleryId, [], id, kind, after, sort))).category.analytics[id],
    exportCsv: (sort) => downloadCsv(options.exportTable || id, { ...exportParams(ctx.state, ctx.galleryId),
      orderBy: sort.metric, direction: sort.direction }),
    ...options
  });
}

/** A drill-down hop's check that it reached the row clicked. */
function key(select, get, value) {
  return { select, get, value };
}

/** Puts a table and its drill area into a panel's body; returns the drill area. */
function mount(section, table) {
  const area = h('div', { class: 'drill', hidden: true, 'aria-live': 'polite' });
  fill(section.querySelector('.panel-body'), table.element, area);
  return area;
}

/** Builds every table of the view from the dashboard's analytics. */
export function renderTables(ctx, sections, analytics) {
  const users = topLevel(ctx, 'viewers', 'viewers', {
    label: 'Users', noun: 'users', columns: columns(USER_COLUMNS), name: (n) => n.user.name, key: (n) => n.user.id,
    onRowClick: (n, predecessor) => openRow(ctx, usersArea, {
      testid: 'drill-viewers', name: n.user.name,
      hops: [{ field: 'viewers', after: predecessor, orderBy: users.sort, key: key('user { id }', (r) => r.user.id, n.user.id) }],
      head: 'user { id name }', field: 'entries', kind: 'entries', title: 'Entries', noun: 'entries',
      nameOf: (e) => (e.entry ? e.entry.name : e.entryId), keyOf: (e) => e.entryId,
      tableExport: 'userEntries', perfExport: 'userPerformance', exportExtra: { userId: n.user.id }
    })
  });
  const usersArea = mount(sections.users, users);
  users.reset(analytics.viewers);

  const entries = topLevel(ctx, 'entries', 'entries', {
    label: 'Entries', noun: 'entries', columns: columns(USER_COLUMNS),
    name: (n) => (n.entry ? n.entry.name : n.entryId), key: (n) => n.entryId,
    onRowClick: (n, predecessor) => openRow(ctx, entriesArea, {
      testid: 'drill-entries', name: n.entry ? n.entry.name : n.entryId,
      hops: [{ field: 'entries', after: predecessor, orderBy: entries.sort, key: key('entryId', (r) => r.entryId, n.entryId) }],
      head: 'entryId entry { name }', field: 'viewers', kind: 'viewers', title: 'Viewers', noun: 'users',
      nameOf: (v) => v.user.name, keyOf: (v) => v.user.id,
      tableExport: 'entryViewers', perfExport: 'entryPerformance', exportExtra: { entryId: n.entryId }
    })
  });
  const entriesArea = mount(sections.entries, entries);
  entries.reset(analytics.entries);

  const subCategories = topLevel(ctx, 'subCategories', 'subCategories', {
    label: 'Sub-categories', noun: 'sub-categories', columns: columns(['plays', 'playsDistribution', 'uniqueViewers', 'minutesViewed']),
    name: (n) => n.category.name, key: (n) => n.category.id,
    onRowClick: (n) => { location.href = galleryHref(n.category.id); }
  });
  mount(sections.subCategories, subCategories);
  subCategories.reset(analytics.subCategories);

  const countries = topLevel(ctx, 'countries', 'countries', {
    label: 'Top countries', noun: 'countries', columns: columns(GEO_COLUMNS), name: (n) => n.name, key: (n) => n.country,
    onRowClick: (n, predecessor) => openCountry(ctx, countriesArea, n,
      { field: 'countries', after: predecessor, orderBy: countries.sort, key: key('country', (r) => r.country, n.country) })
  });
  const countriesArea = mount(sections.countries, countries);
  countries.reset(analytics.countries);

  const devices = new Table({
    id: 'devices', label: 'Devices overview', noun: 'device types', columns: columns(GEO_COLUMNS), paged: false,
    name: (n) => capitalize(n.device), key: (n) => n.device,
    sort: ctx.state.sorts.devices,
    onSort: (sort) => ctx.setSort('devices', sort),
    load: async (after, sort) => (await ctx.request(deviceQuery(ctx.state, ctx.galleryId, sort))).category.analytics.devices,
    exportCsv: (sort) => downloadCsv('devices', { ...exportParams(ctx.state, ctx.galleryId), orderBy: sort.metric, direction: sort.direction }),
    onRowClick: (n) => openDevice(ctx, devicesArea, n, devices.sort)
  });
  const devicesArea = mount(sections.devices, devices);
  devices.reset(analytics.devices);

  const domains = topLevel(ctx, 'domains', 'domains', {
    label: 'Top domains', noun: 'domains', columns: columns(DOMAIN_COLUMNS), name: (n) => n.domain,
    onRowClick: (n, predecessor) => openDomain(ctx, domainsArea, n,
      { field: 'domains', after: predecessor, orderBy: domains.sort, key: key('domain', (r) => r.domain, n.domain) })
  });
  const domainsArea = mount(sections.domains, domains);
  domains.reset(analytics.domains);
}

