/** The Warehouses tab: the list and a form to add one, so scopes can be assigned. */
import type { WarehouseView } from '../../../contract/platform';
import { h, replaceChildren } from './dom';
import { Form, submitButton } from './forms';
import { t } from './i18n';
import { Pager } from './pager';
import { chip, dataTable, row } from './table';
import type { View, ViewContext } from './view';

const PAGE_SIZE = 50;

export class WarehousesView implements View {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'list' });
  private readonly pager = new Pager('warehouses-pager', PAGE_SIZE, () => void this.refresh());

  constructor(private readonly ctx: ViewContext) {
    this.el = h(
      'section',
      { class: 'view', testid: 'warehouses-view' },
      h('div', { class: 'toolbar' }, h('h2', {}, t('warehouses.heading'))),
      ctx.can('warehouse:create') ? this.createForm() : null,
      this.list,
      this.pager.el,
    );
  }

  async refresh(): Promise<void> {
    try {
      const page = await this.ctx.api.get<{ data: WarehouseView[]; total: number }>('/warehouses', { limit: PAGE_SIZE, offset: this.pager.offset });
      const headers = [t('warehouses.code'), t('warehouses.name'), t('warehouses.address'), t('warehouses.active')];
      const rows = page.data.map((w) =>
        row(`warehouse-row-${w.code}`, {
          code: h('strong', {}, w.code),
          name: w.name,
          address: w.address ?? t('common.none'),
          active: chip(w.active ? t('common.yes') : t('common.no'), w.active ? 'chip chip-ok' : 'chip chip-off'),
        }),
      );
      replaceChildren(this.list, dataTable('warehouses-table', headers, rows));
      this.pager.show(page.data.length, page.total);
    } catch (err) {
      this.ctx.notice.error(err);
    }
  }

  private createForm(): HTMLElement {
    const form = new Form('warehouse-form', async () => {
      const created = await this.ctx.api.post<WarehouseView>('/warehouses', { code: code.value.trim(), name: name.value.trim(), address: address.value.trim() || null });
      form.el.reset();
      await this.refresh();
      this.ctx.notice.success(t('warehouses.created', { code: created.code }));
      code.focus();
    });
    form.el.classList.add('form-inline');
    const code = form.input('code', t('warehouses.code'), { required: true, maxlength: 32, autocomplete: 'off' });
    const name = form.input('name', t('warehouses.name'), { required: true, maxlength: 100, autocomplete: 'off' });
    const address = form.input('address', t('warehouses.address'), { maxlength: 300, autocomplete: 'off' });
    form.actions(submitButton(t('common.create'), 'warehouse-create'));
    return h('div', { class: 'card' }, h('h3', {}, t('warehouses.new')), form.el);
  }
}
