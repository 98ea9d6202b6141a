/** The Users tab: search, page through, create, edit, deactivate, reset passwords. */
import type { RoleView, UserView, WarehouseView } from '../../../contract/platform';
import { button, busy, h, replaceChildren } from './dom';
import { language, localeOf, t } from './i18n';
import { confirmModal } from './modal';
import { Pager } from './pager';
import { chip, dataTable, row } from './table';
import { openPasswordReset, openUserEditor, UserChoices } from './user-editor';
import type { View, ViewContext } from './view';

const PAGE_SIZE = 20;

export function formatMoney(value: number): string {
  return value.toLocaleString(localeOf(language()), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** null = no limit. */
function formatLimit(value: number | null): string {
  return value === null ? t('users.noLimit') : formatMoney(value);
}

export class UsersView implements View {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'list' });
  private readonly search: HTMLInputElement;
  private readonly pager = new Pager('users-pager', PAGE_SIZE, () => void this.refresh());
  private choices: UserChoices = { roles: [], warehouses: [] };
  private readonly create: HTMLButtonElement;

  constructor(private readonly ctx: ViewContext) {
    this.search = h('input', { testid: 'users-search', attrs: { type: 'search', name: 'q', placeholder: t('users.searchPlaceholder'), 'aria-label': t('common.search') } });
    const searchForm = h('form', { class: 'toolbar-search', attrs: { role: 'search' } }, this.search, h('button', { class: 'btn', attrs: { type: 'submit' } }, t('common.search')));
    searchForm.addEventListener('submit', (e) => {
      e.preventDefault();
      this.pager.offset = 0;
      void this.refresh();
    });
    // Enabled once the roles and warehouses to choose from have loaded.
    this.create = button(t('users.new'), () => this.edit(null), { class: 'btn btn-primary', testid: 'user-new', attrs: { disabled: true } });
    const toolbar = h('div', { class: 'toolbar' }, h('h2', {}, t('users.heading')), searchForm, ctx.can('user:create') ? this.create : null);
    this.el = h('section', { class: 'view', testid: 'users-view' }, toolbar, this.list, this.pager.el);
  }

  async refresh(): Promise<void> {
    try {
      const [page, roles, warehouses] = await Promise.all([
        this.ctx.api.get<{ data: UserView[]; total: number }>('/users', { limit: PAGE_SIZE, offset: this.pager.offset, q: this.search.value.trim() }),
        this.ctx.can('role:read') ? this.ctx.api.get<{ data: RoleView[] }>('/roles').then((r) => r.data) : Promise.resolve([]),
        this.ctx.can('warehouse:read') ? this.ctx.api.get<{ data: WarehouseView[] }>('/warehouses', { limit: 10000 }).then((r) => r.data) : Promise.resolve([]),
      ]);
      this.choices = { roles, warehouses };
      this.create.disabled = false;
      this.render(page.data);
      this.pager.show(page.data.length, page.total);
    } catch (err) {
      this.ctx.notice.error(err);
    }
  }

  private render(users: UserView[]): void {
    const headers = [t('users.username'), t('users.displayName'), t('users.roles'), t('users.warehouses'), t('users.approvalLimit'), t('users.status'), t('common.actions')];
    replaceChildren(this.list, dataTable('users-table', headers, users.map((u) => this.userRow(u))));
  }

  private userRow(user: UserView): HTMLTableRowElement {
    return row(
      `user-row-${user.username}`,
      {
        username: user.username,
        displayName: user.displayName,
        roles: user.roles.map((r) => chip(r)),
        warehouses: this.scopeText(user.warehouseIds),
        approvalLimit: h('span', { class: 'num' }, formatLimit(user.approvalLimit)),
        status: chip(user.active ? t('users.statusActive') : t('users.statusInactive'), user.active ? 'chip chip-ok' : 'chip chip-off'),
        actions: h('div', { class: 'row-actions' }, ...this.actions(user)),
      },
      user.active ? undefined : 'row-inactive',
    );
  }

  private scopeText(ids: number[] | null): string {
    if (ids === null) return t('users.allWarehouses');
    if (ids.length === 0) return t('common.none');
    const byId = new Map(this.choices.warehouses.map((w) => [w.id, w]));
    return ids.map((id) => byId.get(id)?.code ?? t('users.unknownWarehouse', { id })).join(', ');
  }

  private actions(user: UserView): HTMLButtonElement[] {
    if (!this.ctx.can('user:update')) return [];
    const toggle = user.active
      ? button(t('users.deactivate'), (e) => void this.deactivate(user, e.currentTarget as HTMLButtonElement), { class: 'btn btn-small btn-danger-outline', testid: 'user-deactivate' })
      : button(t('users.reactivate'), (e) => void this.setActive(user, true, e.currentTarget as HTMLButtonElement), { class: 'btn btn-small', testid: 'user-reactivate' });
    return [
      button(t('common.edit'), () => this.edit(user), { class: 'btn btn-small', testid: 'user-edit' }),
      button(t('users.resetPassword'), () => openPasswordReset(this.ctx, user), { class: 'btn btn-small', testid: 'user-reset-password' }),
      toggle,
    ];
  }

  private edit(user: UserView | null): void {
    this.ctx.notice.clear();
    openUserEditor(this.ctx, this.choices, user, () => void this.refresh());
  }

  private async deactivate(user: UserView, control: HTMLButtonElement): Promise<void> {
    if (await confirmModal(t('users.confirmDeactivate', { username: user.username }), t('users.deactivate'))) await this.setActive(user, false, control);
  }

  private async setActive(user: UserView, active: boolean, control: HTMLButtonElement): Promise<void> {
    this.ctx.notice.clear();
    try {
      await busy(control, () => this.ctx.api.patch<UserView>(`/users/${user.id}`, { active }));
      await this.refresh();
      this.ctx.notice.success(t(active ? 'users.reactivated' : 'users.deactivated', { username: user.username }));
    } catch (err) {
      this.ctx.notice.error(err);
    }
  }
}
