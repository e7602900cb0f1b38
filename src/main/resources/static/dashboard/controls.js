// The bar above the panels: date picker with presets, time zone, comparison, and the filter
// panel. Every control maps onto an AnalyticsFilter field; a change makes a new state.

import { h, fill, formatDay } from './format.js';
import { PRESETS, COMPARE, LIST_FILTERS, period, browserTimeZone, addDays } from './state.js';

const TEXT_FILTERS = [
  { name: 'tags', label: 'Tags' },
  { name: 'sourceTypes', label: 'Sources' },
  { name: 'ownerIds', label: 'Owners (user ids)' },
  { name: 'countries', label: 'Countries (codes)' },
  { name: 'regions', label: 'Regions' },
  { name: 'cities', label: 'Cities' },
  { name: 'domains', label: 'Domains' }
];
const CHOICE_FILTERS = [
  { name: 'mediaTypes', label: 'Media types', values: ['VIDEO', 'AUDIO', 'IMAGE', 'LIVE'] },
  { name: 'playbackTypes', label: 'Playback types', values: ['VOD', 'LIVE', 'DVR'] },
  { name: 'devices', label: 'Devices', values: ['DESKTOP', 'MOBILE', 'TABLET', 'TV', 'OTHER'] }
];

function timeZones(current) {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch (e) {
    zones = [];
  }
  return [...new Set(['UTC', browserTimeZone(), current, ...zones])];
}

function select(id, label, options, value, testid) {
  return h('label', { class: 'control', for: id }, h('span', null, label),
    h('select', { id, name: id, dataset: { testid } },
      options.map((o) => h('option', { value: o.id, selected: o.id === value }, o.label))));
}

function dateInput(id, label, value) {
  return h('label', { class: 'control', for: id }, h('span', null, label),
    h('input', { type: 'date', id, name: id, value: value || '', dataset: { testid: id } }));
}

/** Renders the controls for `state` into `form`; `onChange(newState)` when the user changes one. */
export function renderControls(form, state, onChange) {
  const range = period(state);
  const activeFilters = LIST_FILTERS.filter((n) => state.filters[n].length).length
    + (state.filters.categoryPageOnly ? 1 : 0) + (state.filters.includeSubcategories ? 0 : 1);
  const filtersOpen = form.dataset.filtersOpen === 'true';
  const filterPanel = h('fieldset', { id: 'filter-panel', class: 'filter-panel', hidden: !filtersOpen, dataset: { testid: 'filter-panel' } },
    h('legend', null, 'Filters'),
    h('div', { class: 'filter-grid' },
      TEXT_FILTERS.map((f) => h('label', { class: 'control', for: 'f-' + f.name }, h('span', null, f.label),
        h('input', { type: 'text', id: 'f-' + f.name, name: f.name, value: state.filters[f.name].join(', '),
          placeholder: 'any (comma-separated)', dataset: { testid: 'filter-' + f.name } }))),
      CHOICE_FILTERS.map((f) => h('fieldset', { class: 'choices' }, h('legend', null, f.label),
        f.values.map((v) => h('label', null, h('input', { type: 'checkbox', name: f.name, value: v,
          checked: state.filters[f.name].includes(v) }), ' ', v.charAt(0) + v.slice(1).toLowerCase())))),
      h('fieldset', { class: 'choices' }, h('legend', null, 'Scope'),
        h('label', null, h('input', { type: 'checkbox', name: 'categoryPageOnly', checked: state.filters.categoryPageOnly }),
          ' Category page only'),
        h('label', null, h('input', { type: 'checkbox', name: 'includeSubcategories', checked: state.filters.includeSubcategories }),
          ' Include sub-categories'))),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
      h('button', { type: 'button', onclick: () => onChange(clearFilters(state)) }, 'Clear filters')));

  fill(form,
    h('div', { class: 'control-row' },
      select('range', 'Period', PRESETS, state.range, 'range'),
      state.range === 'custom' ? dateInput('from', 'From', range.from) : null,
      state.range === 'custom' ? dateInput('to', 'To', range.to) : null,
      h('p', { class: 'range-label', dataset: { testid: 'range-label' } }, formatDay(range.from), ' – ', formatDay(range.to)),
      select('tz', 'Time zone', timeZones(state.tz).map((z) => ({ id: z, label: z })), state.tz, 'tz'),
      select('compare', 'Compare to', COMPARE, state.compare, 'compare'),
      state.compare === 'custom' ? dateInput('compareStart', 'Comparison starts', state.compareStart || addDays(range.from, -365)) : null,
      h('button', { type: 'button', class: 'filters-toggle', 'aria-expanded': String(filtersOpen), 'aria-controls': 'filter-panel',
        dataset: { testid: 'filters-toggle' }, onclick: (e) => {
          const open = filterPanel.hidden;
          filterPanel.hidden = !open;
          form.dataset.filtersOpen = String(open);
          e.currentTarget.setAttribute('aria-expanded', String(open));
        } }, 'Filters', activeFilters ? ' (' + activeFilters + ')' : '')),
    filterPanel);

  const read = () => readForm(form, state);
  form.onchange = (e) => {
    // Text fields apply with the button (or Enter); choices apply at once.
    if (e.target.type === 'text') return;
    const next = read();
    if (next) onChange(next);
  };
  form.onsubmit = (e) => {
    e.preventDefault();
    const next = read();
    if (next) onChange(next);
  };
}

function clearFilters(state) {
  const filters = { categoryPageOnly: false, includeSubcategories: true };
  for (const name of LIST_FILTERS) filters[name] = [];
  return { ...state, filters };
}

function readForm(form, state) {
  const get = (name) => form.elements[name];
  const next = { ...state, filters: { ...state.filters } };
  next.range = get('range').value;
  if (next.range === 'custom') {
    const current = period(state);
    next.from = get('from') ? get('from').value : current.from;
    next.to = get('to') ? get('to').value : current.to;
    if (!next.from || !next.to) return null;
    if (next.from > next.to) [next.from, next.to] = [next.to, next.from];
  } else {
    next.from = null;
    next.to = null;
  }
  next.tz = get('tz').value;
  next.compare = get('compare').value;
  next.compareStart = next.compare === 'custom'
    ? (get('compareStart') && get('compareStart').value) || addDays(period(next).from, -365) : null;
  for (const f of TEXT_FILTERS) {
    next.filters[f.name] = get(f.name).value.split(',').map((v) => v.trim()).filter(Boolean);
  }
  for (const f of CHOICE_FILTERS) {
    next.filters[f.name] = [...form.querySelectorAll('input[name="' + f.name + '"]:checked')].map((i) => i.value);
  }
  next.filters.categoryPageOnly = get('categoryPageOnly').checked;
  next.filters.includeSubcategories = get('includeSubcategories').checked;
  return next;
}
