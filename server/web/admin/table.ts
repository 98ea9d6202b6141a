/** Data tables: a header row of labels, then rows built from text only. */
import { Child, h } from './dom';
import { t } from './i18n';

export function dataTable(testid: string, headers: string[], rows: HTMLTableRowElement[]): HTMLElement {
  const head = h('thead', {}, h('tr', {}, ...headers.map((label) => h('th', { attrs: { scope: 'col' } }, label))));
  const body = h('tbody', {}, ...rows);
  if (rows.length === 0) body.append(h('tr', { class: 'empty-row' }, h('td', { attrs: { colspan: headers.length } }, t('common.empty'))));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', testid }, head, body));
}

/** Cells keyed by column name, in order; each cell carries `data-col` for styling and tests. */
export function row(testid: string, cells: Record<string, Child | Child[]>, className?: string): HTMLTableRowElement {
  return h(
    'tr',
    { testid, class: className },
    ...Object.entries(cells).map(([col, content]) => h('td', { attrs: { 'data-col': col } }, ...(Array.isArray(content) ? content : [content]))),
  );
}

export function chip(text: string, className = 'chip'): HTMLElement {
  return h('span', { class: className }, text);
}
