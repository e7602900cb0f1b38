// GraphQL documents of the dashboard: the whole dashboard in one request, and the one further
// request a table page, a sort or a drill-down needs. Values always travel as variables.

import { toFilter } from './state.js';

export const PAGE_SIZE = 10;
const METRICS = 'playerImpressions plays uniqueViewers minutesViewed avgDropOffRate avgCompletionRate'
  + ' playImpressionRatio playsDistribution';
const SERIES = 'playerImpressions plays uniqueViewers minutesViewed avgDropOffRate avgCompletionRate';
const HIGHLIGHTS = 'playerImpressions plays uniqueViewers minutesViewed avgDropOffRate avgCompletionRate contributors playedEntries';
const CHANGES = 'playerImpressions plays uniqueViewers minutesViewed avgDropOffRate avgCompletionRate contributors playedEntries';

/** What a row of each kind of table carries. */
export const NODES = {
  viewers: 'user { id name } metrics { ' + METRICS + ' }',
  entries: 'entryId entry { name } metrics { ' + METRICS + ' }',
  countries: 'country name metrics { ' + METRICS + ' }',
  regions: 'region metrics { ' + METRICS + ' }',
  cities: 'city metrics { ' + METRICS + ' }',
  domains: 'domain metrics { ' + METRICS + ' }',
  urls: 'url metrics { ' + METRICS + ' }',
  subCategories: 'category { id name subCategoriesCount } metrics { ' + METRICS + ' }'
};

/** Variables of one document: add() declares one and gives back its reference ($v3). */
class Variables {
  constructor() {
    this.definitions = [];
    this.values = {};
  }

  add(type, value, name = 'v' + this.definitions.length) {
    this.definitions.push('$' + name + ': ' + type);
    this.values[name] = value;
    return '$' + name;
  }

  document(name, body) {
    return 'query ' + name + '(' + this.definitions.join(', ') + ') {\n' + body + '\n}';
  }
}

export function series(compare) {
  return 'date metrics { ' + SERIES + (compare ? ' previous { ' + SERIES + ' }' : '') + ' }';
}

function connection(field, args, node, alias) {
  return (alias ? alias + ': ' : '') + field + '(' + args + ') { totalCount pageInfo { hasNextPage endCursor }'
    + ' edges { cursor node { ' + node + ' } } }';
}

function scoped(vars, state, galleryId, body, withCompare = false) {
  const id = vars.add('ID!', galleryId, 'id');
  const filter = vars.add('AnalyticsFilter!', toFilter(state, withCompare), 'filter');
  return 'category(id: ' + id + ') { analytics(filter: ' + filter + ') { ' + body + ' } }';
}

/** The whole dashboard of a gallery under the state's filter: one request. */
export function dashboardQuery(state, galleryId) {
  const v = new Variables();
  const compare = state.compare !== 'none';
  const order = (table) => v.add('RowOrder', state.sorts[table]);
  const defaultViewers = state.sorts.viewers.metric === 'PLAYS' && state.sorts.viewers.direction === 'DESC';
  const analytics = [
    'highlights { ' + HIGHLIGHTS + ' }',
    compare ? 'comparison { from to highlights { ' + HIGHLIGHTS + ' } change { ' + CHANGES + ' } }' : '',
    'pageViews { plays uniqueViewers allPlays allUniqueViewers }',
    'performance(granularity: ' + v.add('Granularity', state.granularity) + ') { ' + series(compare) + ' }',
    connection('topVideos', 'first: 5', 'entryId entry { name creatorId } score metrics { plays uniqueViewers avgCompletionRate }'),
    // Top viewers are the users table's first rows when it is sorted by plays; else a request field of their own.
    defaultViewers ? '' : connection('viewers', 'first: 5', 'user { id name } metrics { plays }', 'topViewers'),
    'insights { topDomain { domain share } topDevice { device share } topCountries { country name metrics { plays } } }',
    connection('viewers', 'first: ' + PAGE_SIZE + ', orderBy: ' + order('viewers'), NODES.viewers),
    connection('entries', 'first: ' + PAGE_SIZE + ', orderBy: ' + order('entries'), NODES.entries),
    connection('subCategories', 'first: ' + PAGE_SIZE + ', orderBy: ' + order('subCategories'), NODES.subCategories),
    connection('countries', 'first: ' + PAGE_SIZE + ', orderBy: ' + order('countries'), NODES.countries),
    'devices(orderBy: ' + order('devices') + ') { device metrics { ' + METRICS + ' } }',
    connection('domains', 'first: ' + PAGE_SIZE + ', orderBy: ' + order('domains'), NODES.domains)
  ].filter(Boolean).join('\n    ');
  const id = v.add('ID!', galleryId, 'id');
  const filter = v.add('AnalyticsFilter!', toFilter(state), 'filter');
  const body = 'category(id: ' + id + ') {\n  id name parent { id name } subCategoriesCount createdAt updatedAt\n'
    + '  analytics(filter: ' + filter + ') {\n    ' + analytics + '\n  }\n}';
  return { query: v.document('Dashboard', body), variables: v.values };
}

/**
 * A path from the gallery's analytics down to one row: each hop is a connection field, the row
 * being the one after `after` under `orderBy` (the row's predecessor's cursor, null for the first).
 * A hop's `key` ({ select, get, value }) asks for the row's key too, so follow() can tell when the
 * row found is not the one clicked (the data changed since the table was drawn).
 */
function descend(v, hops, inner) {
  let body = inner;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    const args = 'first: 1, after: ' + v.add('String', hop.after ?? null) + ', orderBy: ' + v.add('RowOrder', hop.orderBy);
    body = hop.field + '(' + args + ') { edges { node { ' + (hop.key ? hop.key.select + ' ' : '') + body + ' } } }';
  }
  return body;
}

/** Follows the same hops through a response. */
export function follow(analytics, hops) {
  let node = analytics;
  for (const hop of hops) {
    const edge = node[hop.field].edges[0];
    if (!edge || (hop.key && hop.key.get(edge.node) !== hop.key.value)) return null;
    node = edge.node;
  }
  return node;
}

/** One page of a table at the end of `hops`: `field(first, after, orderBy)` with rows of `kind`. */
export function pageQuery(state, galleryId, hops, field, kind, after, orderBy) {
  const v = new Variables();
  const args = 'first: ' + PAGE_SIZE + ', after: ' + v.add('String', after ?? null) + ', orderBy: ' + v.add('RowOrder', orderBy);
  const leaf = connection(field, args, NODES[kind]);
  return { query: v.document('TablePage', scoped(v, state, galleryId, descend(v, hops, leaf))), variables: v.values };
}

/**
 * A row opened on its own (a user, an entry): its metrics, its table (`field` rows of `kind`)
 * and its performance over time.
 */
export function rowDetailQuery(state, galleryId, hops, head, field, kind, orderBy) {
  const v = new Variables();
  const inner = head + ' metrics { ' + METRICS + ' } '
    + connection(field, 'first: ' + PAGE_SIZE + ', orderBy: ' + v.add('RowOrder', orderBy), NODES[kind])
    + ' performance(granularity: ' + v.add('Granularity', state.granularity) + ') { ' + series(false) + ' }';
  return { query: v.document('RowDetail', scoped(v, state, galleryId, descend(v, hops, inner))), variables: v.values };
}

/** A device's operating systems and browsers. */
export function deviceQuery(state, galleryId, orderBy) {
  const v = new Variables();
  const body = 'devices(orderBy: ' + v.add('RowOrder', orderBy) + ') { device operatingSystems { name metrics { '
    + METRICS + ' } } browsers { name metrics { ' + METRICS + ' } } }';
  return { query: v.document('DeviceDetail', scoped(v, state, galleryId, body)), variables: v.values };
}

/** The gallery picker: categories whose name contains the search. */
export function categoriesQuery(search, after) {
  const v = new Variables();
  const body = 'categories(search: ' + v.add('String', search || null) + ', first: 20, after: '
    + v.add('String', after ?? null) + ') { totalCount pageInfo { hasNextPage endCursor }'
    + ' edges { cursor node { id name subCategoriesCount parent { id name } } } }';
  return { query: v.document('Galleries', body), variables: v.values };
}

/** The performance panel alone, for another granularity. */
export function performanceQuery(state, galleryId) {
  const v = new Variables();
  const body = 'performance(granularity: ' + v.add('Granularity', state.granularity) + ') { '
    + series(state.compare !== 'none') + ' }';
  return { query: v.document('Performance', scoped(v, state, galleryId, body, true)), variables: v.values };
}
