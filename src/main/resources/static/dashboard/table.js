// A dashboard table: sortable by any metric column (server-side, RowOrder), paged with cursors
// (first/after, totalCount), rows that open a drill-down, and a CSV export with the same filter
// and sort. Column headers are buttons, so Enter sorts; row names are buttons, so Enter opens.

import { h, fill, formatValue, numberCell } from './format.js';

let tableCount = 0;

export class Table {
  /**
   * options: id, title, noun (plural: "Users"), columns [{ label, value(node), kind, order? }],
   * name(node) the first column, load(after, sort) → Promise of a connection (or a list),
   * onRowClick(node, predecessorCursor)?, onSort(sort)?, exportCsv(sort)?, sort, paged (default true).
   */
  constructor(options) {
    this.o = options;
    this.sort = options.sort || null;
    this.cursors = [null];
    this.pageIndex = 0;
    this.data = null;
    this.selected = null;
    const captionId = 'table-caption-' + (++tableCount);
    this.count = h('span', { class: 'count', dataset: { testid: 'count' } });
    this.status = h('p', { class: 'table-status', role: 'status' });
    this.head = h('thead');
    this.body = h('tbody');
    this.prev = h('button', { type: 'button', class: 'pager-prev', onclick: () => this.go(this.pageIndex - 1) }, '‹ Previous');
    this.next = h('button', { type: 'button', class: 'pager-next', onclick: () => this.go(this.pageIndex + 1) }, 'Next ›');
    this.pageLabel = h('span', { class: 'page-label' });
    this.element = h('div', { class: 'table-block', dataset: { testid: 'table-' + options.id, state: 'loading' } },
      h('div', { class: 'table-head' },
        // A panel's own table has the panel's title above it: its heading is just the count.
        h('h3', { id: captionId }, options.title ? [options.title, ' '] : null, this.count),
        options.exportCsv ? h('button', { type: 'button', class: 'export', dataset: { testid: 'export' },
          onclick: () => this.exportCsv() }, 'Export CSV') : null),
      h('div', { class: 'table-scroll' },
        h('table', { 'aria-label': options.title || options.label }, this.head, this.body)),
      this.status,
      options.paged === false ? null : h('div', { class: 'pager' }, this.prev, this.pageLabel, this.next));
    this.renderHead();
  }

  renderHead() {
    const cells = [h('th', { scope: 'col' }, this.o.nameLabel || 'Name')];
    for (const column of this.o.columns) {
      if (!column.order || !this.o.load) {
        cells.push(h('th', { scope: 'col', class: column.kind ? 'num' : null }, column.label));
        continue;
      }
      const active = this.sort && this.sort.metric === column.order;
      const direction = active ? this.sort.direction : null;
      cells.push(h('th', {
        scope: 'col', class: 'num sortable',
        'aria-sort': active ? (direction === 'ASC' ? 'ascending' : 'descending') : 'none'
      }, h('button', {
        type: 'button', dataset: { testid: 'sort-' + column.order },
        title: 'Sort by ' + column.label, onclick: () => this.sortBy(column.order)
      }, column.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (direction === 'ASC' ? ' ▲' : ' ▼') : ''))));
    }
    fill(this.head, h('tr', null, cells));
  }

  /** Shows a connection (edges, pageInfo, totalCount) or a plain list of rows. */
  setData(data) {
    this.data = data;
    const nodes = Array.isArray(data) ? data : data.edges.map((e) => e.node);
    const total = Array.isArray(data) ? data.length : data.totalCount;
    this.count.textContent = (this.o.title ? '· ' : '') + formatValue('int', total) + ' ' + this.o.noun;
    this.count.dataset.value = total;
    if (!nodes.length) {
      fill(this.body, h('tr', { class: 'empty' }, h('td', { colspan: this.o.columns.length + 1 }, 'No data for this selection.')));
    } else {
      fill(this.body, nodes.map((node, i) => this.row(node, i)));
    }
    if (this.o.paged !== false) {
      const pages = Math.max(1, Math.ceil(total / (this.o.pageSize || 10)));
      this.pageLabel.textContent = 'Page ' + (this.pageIndex + 1) + ' of ' + pages;
      this.prev.disabled = this.pageIndex === 0;
      this.next.disabled = Array.isArray(data) || !data.pageInfo.hasNextPage;
    }
    this.status.textContent = '';
    this.element.dataset.state = 'ready';
  }

  row(node, i) {
    const name = this.o.name(node);
    const key = this.o.key ? this.o.key(node) : name;
    const first = this.o.onRowClick
      ? h('button', { type: 'button', class: 'row-open', 'aria-pressed': String(this.selected === key),
        onclick: () => this.open(node, i, key) }, name)
      : name;
    return h('tr', { dataset: { testid: 'row', key }, class: this.selected === key ? 'selected' : null },
      h('th', { scope: 'row', class: 'name', title: name }, first),
      this.o.columns.map((c) => {
        const cell = c.kind ? numberCell(c.kind, c.value(node)) : h('td', null, c.value(node));
        if (c.field) cell.dataset.field = c.field;
        return cell;
      }));
  }

  open(node, i, key) {
    const edges = Array.isArray(this.data) ? null : this.data.edges;
    const predecessor = edges ? (i > 0 ? edges[i - 1].cursor : this.cursors[this.pageIndex]) : null;
    this.selected = key;
    for (const tr of this.body.rows) {
      const selected = tr.dataset.key === key;
      tr.classList.toggle('selected', selected);
      const button = tr.querySelector('.row-open');
      if (button) button.setAttribute('aria-pressed', String(selected));
    }
    this.o.onRowClick(node, predecessor);
  }

  /** The first page again, e.g. after the filter changed (the data comes from the caller). */
  reset(data) {
    this.cursors = [null];
    this.pageIndex = 0;
    this.selected = null;
    this.setData(data);
  }

  loading() {
    this.element.dataset.state = 'loading';
    this.element.setAttribute('aria-busy', 'true');
  }

  async reload(after) {
    this.loading();
    try {
      this.setData(await this.o.load(after, this.sort));
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.status.textContent = e.message;
      this.element.dataset.state = 'error';
    } finally {
      this.element.removeAttribute('aria-busy');
    }
  }

  go(index) {
    if (index < 0 || !this.data || Array.isArray(this.data)) return;
    if (index > this.pageIndex) {
      this.cursors[index] = this.data.pageInfo.endCursor;
    }
    this.pageIndex = index;
    this.reload(this.cursors[index]);
  }

  sortBy(order) {
    const same = this.sort && this.sort.metric === order;
    this.sort = { metric: order, direction: same && this.sort.direction === 'DESC' ? 'ASC' : 'DESC' };
    this.renderHead();
    if (this.o.onSort) this.o.onSort(this.sort);
    this.cursors = [null];
    this.pageIndex = 0;
    this.reload(null);
  }

  async exportCsv() {
    this.status.textContent = 'Preparing the CSV…';
    try {
      await this.o.exportCsv(this.sort);
      this.status.textContent = 'CSV downloaded.';
    } catch (e) {
      this.status.textContent = 'Export failed: ' + e.message;
    }
  }
}
