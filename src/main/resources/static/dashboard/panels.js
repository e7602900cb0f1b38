// The top of the dashboard: details, highlights (with the comparison's change), category page
// views, top videos, top viewers and insights. Each renders from the dashboard response.

import { h, fill, formatValue, formatChange, formatDate, formatDay } from './format.js';
import { config } from './api.js';

export function renderDetails(el, category, timeZone) {
  const item = (label, value, testid) => h('div', { class: 'detail' }, h('dt', null, label),
    h('dd', { dataset: { testid } }, value));
  fill(el,
    h('h1', { dataset: { testid: 'gallery-name' } }, category.name),
    h('dl', { class: 'details' },
      item('Parent', category.parent
        ? h('a', { href: galleryHref(category.parent.id) }, category.parent.name)
        : '—', 'parent'),
      item('ID', category.id, 'id'),
      item('Sub-categories', formatValue('int', category.subCategoriesCount), 'sub-categories'),
      item('Creation date', formatDate(category.createdAt, timeZone), 'created'),
      item('Last update', formatDate(category.updatedAt, timeZone), 'updated')));
}

const HIGHLIGHTS = [
  { field: 'playerImpressions', label: 'Player impressions', kind: 'int' },
  { field: 'plays', label: 'Plays', kind: 'int' },
  { field: 'uniqueViewers', label: 'Unique viewers', kind: 'int' },
  { field: 'minutesViewed', label: 'Minutes viewed (VOD)', kind: 'dec' },
  { field: 'avgCompletionRate', label: 'Avg. completion rate (VOD)', kind: 'pct' },
  { field: 'contributors', label: 'Contributors', kind: 'int' }
];

export function renderHighlights(el, analytics) {
  const h0 = analytics.highlights;
  const comparison = analytics.comparison;
  fill(el.querySelector('.panel-body'),
    h('ul', { class: 'tiles' }, HIGHLIGHTS.map((m) => {
      const change = comparison ? comparison.change[m.field] : undefined;
      return h('li', { class: 'tile', dataset: { testid: 'highlight-' + m.field } },
        h('span', { class: 'tile-label' }, m.label),
        h('strong', { class: 'tile-value', dataset: { testid: 'value', value: h0[m.field] } }, formatValue(m.kind, h0[m.field])),
        m.field === 'plays' ? h('span', { class: 'tile-note' }, 'out of ', formatValue('int', h0.playedEntries), ' played entries') : null,
        comparison ? h('span', {
          class: 'change ' + (change > 0 ? 'up' : change < 0 ? 'down' : ''), dataset: { testid: 'change', value: change ?? '' },
          title: 'Comparison period: ' + formatValue(m.kind, comparison.highlights[m.field])
        }, formatChange(change)) : null);
    })),
    comparison ? h('p', { class: 'note', dataset: { testid: 'comparison-range' } }, 'Compared with ',
      formatDay(comparison.from), ' – ', formatDay(comparison.to), '.') : null);
}

export function renderPageViews(el, pageViews) {
  const share = pageViews.allPlays ? pageViews.plays / pageViews.allPlays : 0;
  fill(el.querySelector('.panel-body'),
    h('p', { class: 'big', dataset: { testid: 'page-plays', value: pageViews.plays } }, formatValue('int', pageViews.plays),
      h('span', { class: 'unit' }, ' plays on the category page')),
    h('div', { class: 'bar', role: 'img', 'aria-label': formatValue('pct', share) + ' of all plays' },
      h('span', { style: 'width:' + (share * 100).toFixed(1) + '%' })),
    h('p', null, formatValue('pct', share), ' of all ', formatValue('int', pageViews.allPlays),
      ' plays of its entries; the rest came from shared links and embeds.'),
    h('p', null, formatValue('int', pageViews.uniqueViewers), ' of ', formatValue('int', pageViews.allUniqueViewers),
      ' unique viewers watched on the category page.'));
}

export function renderTopVideos(el, connection, exportCsv) {
  const rows = connection.edges.map((e) => e.node);
  const status = h('p', { class: 'table-status', role: 'status' });
  const exportButton = h('button', { type: 'button', class: 'export', dataset: { testid: 'export' }, onclick: async () => {
    status.textContent = 'Preparing the CSV…';
    try {
      await exportCsv();
      status.textContent = 'CSV of every scored entry downloaded.';
    } catch (e) {
      status.textContent = 'Export failed: ' + e.message;
    }
  } }, 'Export CSV');
  fill(el.querySelector('.panel-body'), rows.length ? h('ol', { class: 'ranked', dataset: { testid: 'top-videos' } },
    rows.map((r, i) => h('li', { dataset: { testid: 'row', key: r.entryId } },
      h('span', { class: 'rank', 'aria-hidden': 'true' }, i + 1),
      h('span', { class: 'rank-name' }, h('strong', null, r.entry ? r.entry.name : r.entryId),
        r.entry && r.entry.creatorId ? h('small', null, ' by ' + r.entry.creatorId) : null),
      h('span', { class: 'rank-stats' },
        h('span', { title: 'Plays', dataset: { testid: 'plays', value: r.metrics.plays } }, '▶ ', formatValue('int', r.metrics.plays), ' plays'),
        h('span', { title: 'Unique viewers', dataset: { value: r.metrics.uniqueViewers } }, formatValue('int', r.metrics.uniqueViewers), ' viewers'),
        h('span', { title: 'Avg. completion rate', dataset: { value: r.metrics.avgCompletionRate } }, formatValue('pct', r.metrics.avgCompletionRate), ' completion'),
        h('span', { class: 'score', title: 'Score', dataset: { testid: 'score', value: r.score } }, formatValue('score', r.score))))))
    : empty(), rows.length ? h('div', { class: 'panel-foot' }, exportButton) : null, status);
}

export function renderTopViewers(el, connection) {
  const rows = connection.edges.slice(0, 5).map((e) => e.node);
  fill(el.querySelector('.panel-body'), rows.length ? h('ol', { class: 'ranked', dataset: { testid: 'top-viewers' } },
    rows.map((r, i) => h('li', { dataset: { testid: 'row', key: r.user.id } },
      h('span', { class: 'rank', 'aria-hidden': 'true' }, i + 1),
      h('span', { class: 'rank-name' }, r.user.name),
      h('span', { class: 'rank-stats', dataset: { testid: 'plays', value: r.metrics.plays } }, formatValue('int', r.metrics.plays), ' plays'))))
    : empty());
}

export function renderInsights(el, insights) {
  const domain = insights.topDomain;
  const device = insights.topDevice;
  fill(el.querySelector('.panel-body'),
    h('div', { class: 'insight', dataset: { testid: 'insight-domain' } },
      h('span', { class: 'tile-label' }, 'Most viewed domain'),
      domain ? [h('strong', { class: 'ellipsis', title: domain.domain, dataset: { testid: 'value' } }, domain.domain),
        share(domain.share, domain.domain, 'Other domains')] : h('strong', null, '—'),
      h('a', { href: '#domains' }, 'See details')),
    h('div', { class: 'insight', dataset: { testid: 'insight-device' } },
      h('span', { class: 'tile-label' }, 'Most popular device'),
      device ? [h('strong', { dataset: { testid: 'value' } }, capitalize(device.device)),
        share(device.share, capitalize(device.device), 'Other devices')] : h('strong', null, '—'),
      h('a', { href: '#devices' }, 'See details')),
    h('div', { class: 'insight', dataset: { testid: 'insight-locations' } },
      h('span', { class: 'tile-label' }, 'Top locations'),
      insights.topCountries.length ? h('ol', null, insights.topCountries.map((c) =>
        h('li', { dataset: { testid: 'row', key: c.country } }, c.name))) : h('strong', null, '—'),
      h('a', { href: '#countries' }, 'See details')));
}

function share(value, label, other) {
  return h('div', { class: 'share' },
    h('div', { class: 'bar', role: 'img', 'aria-label': label + ' ' + formatValue('pct', value) + ', ' + other + ' ' + formatValue('pct', 1 - value) },
      h('span', { style: 'width:' + (value * 100).toFixed(1) + '%' })),
    h('span', { dataset: { testid: 'share', value } }, formatValue('pct', value)));
}

/** DESKTOP → Desktop (TV stays TV). */
export function capitalize(s) {
  if (!s || s.length <= 2) return s;
  return s.charAt(0) + s.slice(1).toLowerCase();
}

function empty() {
  return h('p', { class: 'empty' }, 'No data for this selection.');
}


/** The dashboard of a gallery. */
export function galleryHref(id) {
  return config.contextPath + '/galleries/' + encodeURIComponent(id) + location.search;
}
