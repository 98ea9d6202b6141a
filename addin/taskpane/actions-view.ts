/** One section per sheet kind, each with its action buttons and the few choices it needs. */
import type { WarehouseView } from '../../contract/platform';
import type { MessageKey } from '../i18n';
import type { DocumentSheetKind } from '../workflows/documents';
import { field, h } from './dom';
import type { Session, TaskPane } from './task-pane';

export interface ActionHandlers {
  pullStock(): void;
  openCount(): void;
  postCount(): void;
  newSheet(kind: DocumentSheetKind): void;
  postSheet(kind: DocumentSheetKind): void;
  pullItems(force: boolean): void;
  publishItems(): void;
}

function warehouseSelect(pane: TaskPane, warehouses: WarehouseView[], choice: 'stockWarehouse' | 'countWarehouse', testid: string, anyLabel: MessageKey | null): HTMLSelectElement {
  const options = warehouses.map((w) => h('option', { attrs: { value: w.id, selected: pane.choices[choice] === String(w.id) } }, `${w.code} · ${w.name}`));
  const select = h('select', { testid }, ...(anyLabel ? [h('option', { attrs: { value: '' } }, pane.t(anyLabel))] : []), ...options);
  if (!anyLabel && !pane.choices[choice] && warehouses[0]) pane.choices[choice] = String(warehouses[0].id);
  select.value = pane.choices[choice];
  select.addEventListener('change', () => (pane.choices[choice] = select.value));
  return select;
}

function textInput(pane: TaskPane, choice: 'category' | 'sku', testid: string): HTMLInputElement {
  const input = h('input', { testid, attrs: { type: 'text', value: pane.choices[choice], spellcheck: 'false' } });
  input.addEventListener('input', () => (pane.choices[choice] = input.value));
  return input;
}

function section(pane: TaskPane, title: MessageKey, hint: MessageKey, testid: string, ...content: Node[]): HTMLElement {
  return h('section', { class: 'sheet-section', testid }, h('h2', {}, pane.t(title)), h('p', { class: 'hint' }, pane.t(hint)), ...content);
}

export function actionsView(pane: TaskPane, session: Session, on: ActionHandlers): HTMLElement {
  const { warehouses } = session;
  return h(
    'div',
    { class: 'sections' },
    section(
      pane,
      'section.stock',
      'hint.stock',
      'section-stock',
      h(
        'div',
        { class: 'filters' },
        field(pane.t('field.warehouse'), warehouseSelect(pane, warehouses, 'stockWarehouse', 'stock-warehouse', 'field.anyWarehouse')),
        field(pane.t('field.category'), textInput(pane, 'category', 'stock-category')),
        field(pane.t('field.sku'), textInput(pane, 'sku', 'stock-sku')),
      ),
      h('div', { class: 'actions' }, pane.button('action.pullStock', 'pull-stock', () => on.pullStock(), 'primary')),
    ),
    section(
      pane,
      'section.count',
      'hint.count',
      'section-count',
      field(pane.t('field.warehouse'), warehouseSelect(pane, warehouses, 'countWarehouse', 'count-warehouse', null)),
      h('div', { class: 'actions' }, pane.button('action.openCount', 'open-count', () => on.openCount()), pane.button('action.postCount', 'post-count', () => on.postCount(), 'primary')),
    ),
    section(
      pane,
      'section.adjustments',
      'hint.adjustments',
      'section-adjustments',
      h(
        'div',
        { class: 'actions' },
        pane.button('action.newAdjustments', 'new-adjustments', () => on.newSheet('adjustments')),
        pane.button('action.postAdjustments', 'post-adjustments', () => on.postSheet('adjustments'), 'primary'),
      ),
    ),
    section(
      pane,
      'section.transfers',
      'hint.transfers',
      'section-transfers',
      h(
        'div',
        { class: 'actions' },
        pane.button('action.newTransfers', 'new-transfers', () => on.newSheet('transfers')),
        pane.button('action.postTransfers', 'post-transfers', () => on.postSheet('transfers'), 'primary'),
      ),
    ),
    section(
      pane,
      'section.items',
      'hint.items',
      'section-items',
      h('div', { class: 'actions' }, pane.button('action.pullItems', 'pull-items', () => on.pullItems(false)), pane.button('action.publishItems', 'publish-items', () => on.publishItems(), 'primary')),
    ),
  );
}
