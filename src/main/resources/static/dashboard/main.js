// Starts the dashboard: reads the page's config and the address bar, sends the one GraphQL
// request of the view, draws every panel, and keeps the address bar in step with the view.

import { config, graphql, currentKey, setKey, downloadCsv } from './api.js';
import { fromUrl, writeUrl, exportParams } from './state.js';
import { dashboardQuery, performanceQuery } from './query.js';
import { renderControls } from './controls.js';
import { renderDetails, renderHighlights, renderPageViews, renderTopVideos, renderTopViewers, renderInsights } from './panels.js';
import { renderPerformance } from './performance.js';
import { renderTables } from './tables.js';
import { setUpPicker } from './picker.js';
import { takeEarly } from './boot.js';

const $ = (selector) => document.querySelector(selector);
const body = document.body;
const sections = {};
for (const el of document.querySelectorAll('[data-panel]')) sections[el.dataset.panel] = el;

let state = fromUrl(location);
let seq = 0;
let abort = null;
let firstDraw = true;

function message(text) {
  const box = $('#message');
  box.textContent = text || '';
  box.hidden = !text;
}

function setBusy(busy) {
  for (const el of Object.values(sections)) {
    el.classList.toggle('is-loading', busy);
    if (busy) el.setAttribute('aria-busy', 'true');
    else el.removeAttribute('aria-busy');
  }
}

async function load() {
  const my = ++seq;
  if (abort) abort.abort();
  abort = new AbortController();
  body.dataset.state = 'loading';
  body.dataset.loadSeq = String(my);
  renderControls($('#controls'), state, (next) => {
    state = next;
    writeUrl(state, true);
    load();
  });
  setBusy(true);
  const started = performance.now();
  let data;
  try {
    const q = dashboardQuery(state, config.galleryId);
    data = await (takeEarly(q) || graphql(q.query, q.variables, abort.signal));
  } catch (e) {
    if (e.name === 'AbortError' || my !== seq) return;
    setBusy(false);
    message(e.message);
    body.dataset.state = 'error';
    return;
  }
  if (my !== seq) return;
  setBusy(false);
  if (!data.category) {
    message('There is no gallery with ID ' + config.galleryId + ' for this key. Pick one under Galleries.');
    showPicker(true);
    body.dataset.state = 'error';
    return;
  }
  message('');
  draw(data.category);
  requestAnimationFrame(() => {
    if (my !== seq) return;
    const now = performance.now();
    if (firstDraw) body.dataset.drawnMs = String(Math.round(now));
    firstDraw = false;
    body.dataset.lastLoadMs = String(Math.round(now - started));
    body.dataset.state = 'ready';
  });
}

function draw(category) {
  const analytics = category.analytics;
  document.title = category.name + ' · Gallery Analytics';
  renderDetails(sections.details, category, state.tz);
  renderHighlights(sections.highlights, analytics);
  renderPageViews(sections.pageViews, analytics.pageViews);
  renderTopVideos(sections.topVideos, analytics.topVideos,
    () => downloadCsv('topVideos', exportParams(state, config.galleryId)));
  renderTopViewers(sections.topViewers, analytics.topViewers || analytics.viewers);
  renderInsights(sections.insights, analytics.insights);
  const ctx = {
    state,
    galleryId: config.galleryId,
    request: (q) => graphql(q.query, q.variables),
    setSort: (table, sort) => {
      state.sorts[table] = sort;
      writeUrl(state, false);
    }
  };
  renderPerformance(sections.performance.querySelector('.panel-body'), analytics.performance, {
    metric: state.metric,
    granularity: state.granularity,
    onMetric: (field) => {
      state.metric = field;
      writeUrl(state, false);
    },
    onGranularity: async (g) => {
      const next = { ...state, granularity: g };
      const q = performanceQuery(next, config.galleryId);
      const data = await graphql(q.query, q.variables);
      state.granularity = g;
      writeUrl(state, false);
      return data.category.analytics.performance;
    },
    exportCsv: (g) => downloadCsv('performance', { ...exportParams(state, config.galleryId), granularity: g })
  });
  renderTables(ctx, sections, analytics);
}

function showPicker(open) {
  const picker = $('#picker');
  picker.hidden = !open;
  $('#picker-toggle').setAttribute('aria-expanded', String(open));
  if (open) {
    pickerControl.search();
    $('#picker-search').focus();
  }
}

const pickerControl = setUpPicker($('#picker'));
$('#picker-toggle').addEventListener('click', () => showPicker($('#picker').hidden));

const keyInput = $('#key');
keyInput.value = currentKey();
$('#key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setKey(keyInput.value.trim());
  if (config.galleryId) load();
  if (!$('#picker').hidden) pickerControl.search();
});

window.addEventListener('popstate', () => {
  state = fromUrl(location);
  if (config.galleryId) load();
});

if (config.galleryId) {
  $('#dashboard').hidden = false;
  writeUrl(state, false);
  load();
} else {
  $('#picker-toggle').hidden = true;
  showPicker(true);
  body.dataset.state = 'picker';
}
