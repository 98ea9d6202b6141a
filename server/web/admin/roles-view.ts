/** The Roles tab: every role with what it inherits and grants; create, edit, delete. */
import type { RoleView } from '../../../contract/platform';
import { button, busy, h, replaceChildren } from './dom';
import { t } from './i18n';
import { confirmModal } from './modal';
import { openRoleEditor, PermissionInfo } from './role-editor';
import { chip, dataTable, row } from './table';
import type { View, ViewContext } from './view';

const ADMIN_ROLE = 'admin';

export class RolesView implements View {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'list' });
  private roles: RoleView[] = [];
  private catalogue: PermissionInfo[] = [];
  private readonly create: HTMLButtonElement;

  constructor(private readonly ctx: ViewContext) {
    // Enabled once the roles and the permission catalogue have loaded.
    this.create = button(t('roles.new'), () => this.edit(null), { class: 'btn btn-primary', testid: 'role-new', attrs: { disabled: true } });
    this.el = h('section', { class: 'view', testid: 'roles-view' }, h('div', { class: 'toolbar' }, h('h2', {}, t('roles.heading')), ctx.can('role:create') ? this.create : null), this.list);
  }

  async refresh(): Promise<void> {
    try {
      const [roles, permissions] = await Promise.all([
        this.ctx.api.get<{ data: RoleView[] }>('/roles'),
        this.ctx.api.get<{ data: PermissionInfo[] }>('/permissions'),
      ]);
      this.roles = roles.data;
      this.catalogue = permissions.data;
      this.create.disabled = false;
      this.render();
    } catch (err) {
      this.ctx.notice.error(err);
    }
  }

  private render(): void {
    const headers = [t('roles.name'), t('roles.description'), t('roles.inherits'), t('roles.permissions'), t('common.actions')];
    replaceChildren(this.list, dataTable('roles-table', headers, this.roles.map((r) => this.roleRow(r))));
  }

  private roleRow(role: RoleView): HTMLTableRowElement {
    return row(`role-row-${role.name}`, {
      name: [h('strong', {}, role.name), role.builtIn ? chip(t('roles.builtIn'), 'chip chip-muted') : null],
      description: role.description ?? t('common.none'),
      inherits: role.inherits.length ? role.inherits.map((n) => chip(n)) : t('common.none'),
      permissions: t('roles.permissionCount', { own: role.permissions.length, effective: role.effectivePermissions.length }),
      actions: h('div', { class: 'row-actions' }, ...this.actions(role)),
    });
  }

  private actions(role: RoleView): HTMLButtonElement[] {
    const out: HTMLButtonElement[] = [];
    if (this.ctx.can('role:update')) {
      const edit = button(t('common.edit'), () => this.edit(role), { class: 'btn btn-small', testid: 'role-edit' });
      if (role.name === ADMIN_ROLE) {
        edit.disabled = true;
        edit.title = t('roles.adminFixed');
      }
      out.push(edit);
    }
    if (this.ctx.can('role:delete') && !role.builtIn) {
      out.push(button(t('common.delete'), (e) => void this.remove(role, e.currentTarget as HTMLButtonElement), { class: 'btn btn-small btn-danger-outline', testid: 'role-delete' }));
    }
    return out;
  }

  private edit(role: RoleView | null): void {
    this.ctx.notice.clear();
    openRoleEditor(this.ctx, this.roles, this.catalogue, role, () => void this.refresh());
  }

  private async remove(role: RoleView, control: HTMLButtonElement): Promise<void> {
    if (!(await confirmModal(t('roles.confirmDelete', { name: role.name }), t('common.delete')))) return;
    this.ctx.notice.clear();
    try {
      await busy(control, () => this.ctx.api.delete(`/roles/${role.id}`));
      await this.refresh();
      this.ctx.notice.success(t('roles.deleted', { name: role.name }));
    } catch (err) {
      this.ctx.notice.error(err);
    }
  }
}
