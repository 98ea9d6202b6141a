/**
 * The user dialogs: create / edit (roles, warehouse scope, approval limit) and
 * reset password. Edits send only the fields that changed.
 */
import type { RoleView, UserView, WarehouseView } from '../../../contract/platform';
import { button, h } from './dom';
import { changedFields, parseLimit } from './form-values';
import { Form, submitButton } from './forms';
import { t } from './i18n';
import { openModal } from './modal';
import type { ViewContext } from './view';

export interface UserChoices {
  roles: RoleView[];
  warehouses: WarehouseView[];
}

interface ScopeControl {
  value(): number[] | null;
}

function roleHint(role: RoleView): string | undefined {
  return role.description ?? undefined;
}

/** "All warehouses" or "only these": a radio pair over the warehouse checkboxes. */
function scopeFieldset(form: Form, warehouses: WarehouseView[], current: number[] | null): ScopeControl {
  const all = h('input', { testid: 'scope-all', attrs: { type: 'radio', name: 'scope', value: 'all', checked: current === null } });
  const some = h('input', { testid: 'scope-some', attrs: { type: 'radio', name: 'scope', value: 'some', checked: current !== null } });
  const radios = h(
    'div',
    { class: 'radio-row' },
    h('label', { class: 'check' }, all, h('span', { class: 'check-text' }, t('users.allWarehouses'))),
    h('label', { class: 'check' }, some, h('span', { class: 'check-text' }, t('users.selectedWarehouses'))),
  );
  const empty = warehouses.length === 0 ? h('p', { class: 'hint' }, t('users.noWarehouses')) : null;
  const { inputs, values } = form.checkboxes(
    'warehouseIds',
    t('users.warehouses'),
    warehouses.map((w) => ({ value: String(w.id), label: `${w.code} · ${w.name}`, checked: current?.includes(w.id) ?? false })),
    h('div', {}, radios, empty),
  );
  const sync = () => {
    for (const i of inputs) i.disabled = all.checked;
  };
  all.addEventListener('change', sync);
  some.addEventListener('change', sync);
  sync();
  return { value: () => (all.checked ? null : values().map(Number)) };
}

export function openUserEditor(ctx: ViewContext, choices: UserChoices, user: UserView | null, onSaved: (saved: UserView) => void): void {
  let close = () => undefined as void;
  const form = new Form('user-form', async () => {
    const common = {
      displayName: displayName.value,
      roles: roles.values(),
      warehouseIds: scope.value(),
      approvalLimit: parseLimit(approvalLimit.value),
    };
    // Based on the version shown: an edit made meanwhile by someone else is refused (412), not overwritten.
    const saved = user
      ? await ctx.api.patch<UserView>(`/users/${user.id}`, { ...changedFields(user, common), version: user.version })
      : await ctx.api.post<UserView>('/users', { username: username!.value, password: password!.value, ...common, active: active!.checked });
    close();
    onSaved(saved);
    ctx.notice.success(t(user ? 'users.updated' : 'users.created', { username: saved.username }));
  });

  const username = user ? null : form.input('username', t('users.username'), { autocomplete: 'off', required: true, maxlength: 64 });
  if (user) form.add(h('p', { class: 'readonly-field' }, h('span', { class: 'label' }, t('users.username')), h('strong', {}, user.username)));
  const displayName = form.input('displayName', t('users.displayName'), { required: true, maxlength: 100, value: user?.displayName ?? '' });
  const password = user ? null : form.input('password', t('users.password'), { type: 'password', autocomplete: 'new-password', required: true }, t('users.passwordHint'));
  const roles = form.checkboxes(
    'roles',
    t('users.roles'),
    choices.roles.map((r) => ({ value: r.name, label: r.name, hint: roleHint(r), checked: user?.roles.includes(r.name) ?? false })),
  );
  const scope = scopeFieldset(form, choices.warehouses, user ? user.warehouseIds : []);
  const limit = user ? user.approvalLimit : 0;
  const approvalLimit = form.input('approvalLimit', t('users.approvalLimit'), { inputmode: 'decimal', value: limit === null ? '' : String(limit) }, t('users.approvalLimitHint'));
  const active = user ? null : form.checkbox('active', t('users.active'), true);
  form.actions(submitButton(t('common.save'), 'user-save'), button(t('common.cancel'), () => close(), { class: 'btn' }));

  const modal = openModal(user ? t('users.editTitle', { username: user.username }) : t('users.createTitle'), 'user-dialog', form.el);
  close = modal.close;
  (username ?? displayName).focus();
}

export function openPasswordReset(ctx: ViewContext, user: UserView): void {
  let close = () => undefined as void;
  const form = new Form('password-form', async () => {
    await ctx.api.patch<UserView>(`/users/${user.id}`, { password: password.value });
    close();
    ctx.notice.success(t('users.passwordReset', { username: user.username }));
  });
  const password = form.input('password', t('users.newPassword'), { type: 'password', autocomplete: 'new-password', required: true }, t('users.passwordHint'));
  form.actions(submitButton(t('users.resetPassword'), 'password-save'), button(t('common.cancel'), () => close(), { class: 'btn' }));
  close = openModal(t('users.resetTitle', { username: user.username }), 'password-dialog', form.el).close;
  password.focus();
}
