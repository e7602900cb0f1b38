// The gallery picker: galleries by name (Query.categories), each with its parent and its number
// of sub-categories; a result is a link to that gallery's dashboard.

import { h, fill, formatValue } from './format.js';
import { graphql } from './api.js';
import { categoriesQuery } from './query.js';
import { galleryHref } from './panels.js';

export function setUpPicker(section) {
  const input = section.querySelector('#picker-search');
  const list = section.querySelector('#picker-results');
  const more = section.querySelector('#picker-more');
  const status = section.querySelector('#picker-status');
  let seq = 0;
  let timer = null;
  let after = null;

  async function search(append) {
    const my = ++seq;
    section.dataset.state = 'loading';
    status.textContent = 'Searching…';
    try {
      const q = categoriesQuery(input.value.trim(), append ? after : null);
      const data = await graphql(q.query, q.variables);
      if (my !== seq) return;
      const connection = data.categories;
      const items = connection.edges.map(({ node }) => h('li', { dataset: { testid: 'gallery', key: node.id } },
        h('a', { href: galleryHref(node.id) }, node.name),
        h('small', null, node.parent ? ' in ' + node.parent.name : ' (top level)', ' · ',
          formatValue('int', node.subCategoriesCount), node.subCategoriesCount === 1 ? ' sub-category' : ' sub-categories',
          ' · ID ', node.id)));
      if (append) list.append(...items);
      else fill(list, items);
      after = connection.pageInfo.endCursor;
      more.hidden = !connection.pageInfo.hasNextPage;
      status.textContent = formatValue('int', connection.totalCount)
        + (connection.totalCount === 1 ? ' gallery' : ' galleries') + (input.value.trim() ? ' match “' + input.value.trim() + '”.' : '.');
      section.dataset.state = 'ready';
    } catch (e) {
      if (my !== seq) return;
      status.textContent = e.message;
      section.dataset.state = 'error';
    }
  }

  section.querySelector('#picker-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    search(false);
  });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(false), 300);
  });
  more.addEventListener('click', () => search(true));
  return { search: () => search(false) };
}
