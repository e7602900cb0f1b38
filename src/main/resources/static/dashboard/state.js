// The view's state and the address bar: everything that decides what the dashboard shows
// (period, time zone, comparison, filters, granularity, chart metric, table sorts) lives in the
// query string, so a link opens the same view.

export const PRESETS = [
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '12m', label: 'Last 12 months' },
  { id: 'custom', label: 'Custom range' }
];
export const DEFAULT_PRESET = '30d';
export const COMPARE = [
  { id: 'none', label: 'No comparison' },
  { id: 'previous', label: 'Previous period', type: 'PREVIOUS_PERIOD' },
  { id: 'lastYear', label: 'Same period last year', type: 'SAME_PERIOD_LAST_YEAR' },
  { id: 'custom', label: 'Custom start', type: 'CUSTOM' }
];
/** Filter fields holding lists (as in AnalyticsFilter), written comma-separated in the URL. */
export const LIST_FILTERS = ['tags', 'mediaTypes', 'playbackTypes', 'sourceTypes', 'ownerIds', 'countries',
  'regions', 'cities', 'devices', 'domains'];
/** The tables whose sort is kept in the URL (`viewers.sort=PLAYS.DESC`). */
export const SORTED_TABLES = ['viewers', 'entries', 'countries', 'devices', 'domains', 'subCategories'];
export const DEFAULT_SORT = { metric: 'PLAYS', direction: 'DESC' };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Today's date in a time zone, as an ISO day. */
export function today(timeZone) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type).value;
  return get('year') + '-' + get('month') + '-' + get('day');
}

export function addDays(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function addMonths(iso, months) {
  const [y, m, d] = iso.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** A preset's days, both inclusive, ending today in the time zone. */
export function presetRange(preset, timeZone) {
  const to = today(timeZone);
  switch (preset) {
    case '7d': return { from: addDays(to, -6), to };
    case '12m': return { from: addMonths(to, -12), to };
    default: return { from: addDays(to, -29), to };
  }
}

function validZone(zone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch (e) {
    return false;
  }
}

/** The state a URL describes (missing parts take their defaults). */
export function fromUrl(location) {
  const q = new URLSearchParams(location.search);
  const tz = q.get('tz') && validZone(q.get('tz')) ? q.get('tz') : browserTimeZone();
  let range = q.get('range');
  const from = q.get('from');
  const to = q.get('to');
  if (ISO_DAY.test(from || '') && ISO_DAY.test(to || '')) {
    range = 'custom';
  } else if (!PRESETS.some((p) => p.id === range && p.id !== 'custom')) {
    range = DEFAULT_PRESET;
  }
  const compare = COMPARE.some((c) => c.id === q.get('compare')) ? q.get('compare') : 'none';
  const filters = {};
  for (const name of LIST_FILTERS) {
    filters[name] = (q.get(name) || '').split(',').map((v) => v.trim()).filter(Boolean);
  }
  filters.categoryPageOnly = q.get('categoryPageOnly') === 'true';
  filters.includeSubcategories = q.get('includeSubcategories') !== 'false';
  const sorts = {};
  for (const table of SORTED_TABLES) {
    const [metric, direction] = (q.get(table + '.sort') || '').split('.');
    sorts[table] = metric ? { metric, direction: direction === 'ASC' ? 'ASC' : 'DESC' } : { ...DEFAULT_SORT };
  }
  return {
    range,
    from: range === 'custom' ? from : null,
    to: range === 'custom' ? to : null,
    tz,
    compare,
    compareStart: ISO_DAY.test(q.get('compareStart') || '') ? q.get('compareStart') : null,
    filters,
    granularity: q.get('granularity') === 'MONTH' ? 'MONTH' : 'DAY',
    metric: q.get('metric') || 'playerImpressions',
    sorts
  };
}

/** The query string of a state (defaults left out, so links stay short). */
export function toQuery(state) {
  const q = new URLSearchParams();
  if (state.range === 'custom') {
    q.set('from', state.from);
    q.set('to', state.to);
  } else if (state.range !== DEFAULT_PRESET) {
    q.set('range', state.range);
  }
  q.set('tz', state.tz);
  if (state.compare !== 'none') q.set('compare', state.compare);
  if (state.compare === 'custom' && state.compareStart) q.set('compareStart', state.compareStart);
  for (const name of LIST_FILTERS) {
    if (state.filters[name].length) q.set(name, state.filters[name].join(','));
  }
  if (state.filters.categoryPageOnly) q.set('categoryPageOnly', 'true');
  if (!state.filters.includeSubcategories) q.set('includeSubcategories', 'false');
  if (state.granularity !== 'DAY') q.set('granularity', state.granularity);
  if (state.metric !== 'playerImpressions') q.set('metric', state.metric);
  for (const table of SORTED_TABLES) {
    const s = state.sorts[table];
    if (s.metric !== DEFAULT_SORT.metric || s.direction !== DEFAULT_SORT.direction) {
      q.set(table + '.sort', s.metric + '.' + s.direction);
    }
  }
  return q.toString();
}

/** Writes the state into the address bar: a new history entry (push) or the current one. */
export function writeUrl(state, push) {
  const query = toQuery(state);
  const url = location.pathname + (query ? '?' + query : '');
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

/** The days the state covers. */
export function period(state) {
  return state.range === 'custom' ? { from: state.from, to: state.to } : presetRange(state.range, state.tz);
}

/** The state as a GraphQL AnalyticsFilter (without compareTo when `withCompare` is false). */
export function toFilter(state, withCompare = true) {
  const { from, to } = period(state);
  const filter = { from, to, timeZone: state.tz };
  const compare = COMPARE.find((c) => c.id === state.compare);
  if (withCompare && compare && compare.type) {
    filter.compareTo = { type: compare.type };
    if (compare.type === 'CUSTOM') filter.compareTo.start = state.compareStart || addDays(from, -365);
  }
  for (const name of LIST_FILTERS) {
    if (state.filters[name].length) filter[name] = state.filters[name];
  }
  if (state.filters.categoryPageOnly) filter.categoryPageOnly = true;
  if (!state.filters.includeSubcategories) filter.includeSubcategories = false;
  return filter;
}

/** The same filter as export query parameters (ExportController: lists comma-separated). */
export function exportParams(state, galleryId) {
  const filter = toFilter(state, false);
  const params = { categoryId: galleryId };
  for (const [name, value] of Object.entries(filter)) params[name] = value;
  return params;
}
