/**
 * The role dialog: name, description, the roles it inherits from, and a
 * permission checklist grouped by module that marks what inheritance already grants.
 */
import type { RoleView } from '../../../contract/platform';
import { button, h } from './dom';
import { changedFields } from './form-values';
import { Form, submitButton } from './forms';
import { language, moduleLabel, t } from './i18n';
import { openModal } from './modal';
import type { ViewContext } from './view';

export interface PermissionInfo {
  name: string;
  module: string;
  description: string;
  descriptionZh: string;
}

/** Modules in catalogue order, each with its permissions. */
export function groupByModule(permissions: PermissionInfo[]): Map<string, PermissionInfo[]> {
  const groups = new Map<string, PermissionInfo[]>();
  for (const p of permissions) groups.set(p.module, [...(groups.get(p.module) ?? []), p]);
  return groups;
}

interface PermissionChecklist {
  values(): string[];
  markInherited(granted: ReadonlySet<string>): void;
}

function permissionChecklist(form: Form, catalogue: PermissionInfo[], own: readonly string[]): PermissionChecklist {
  const inputs: HTMLInputElement[] = [];
  const marks = new Map<string, HTMLElement>();
  const groups = [...groupByModule(catalogue)].map(([module, perms]) => {
    const boxes = perms.map((p) => {
      const input = h('input', { testid: `perm-${p.name}`, attrs: { type: 'checkbox', name: 'permissions', value: p.name, checked: own.includes(p.name) } });
      inputs.push(input);
      const mark = h('span', { class: 'inherited-mark', attrs: { hidden: true } }, t('roles.inheritedMark'));
      marks.set(p.name, mark);
      const text = language() === 'zh' ? p.descriptionZh : p.description;
      return h('label', { class: 'check perm' }, input, h('span', { class: 'check-text' }, text, h('span', { class: 'perm-meta' }, h('code', {}, p.name), mark)));
    });
    const all = h('input', { attrs: { type: 'checkbox', 'aria-label': moduleLabel(module) } });
    const sync = () => {
      const ticked = boxes.filter((b) => b.querySelector('input')!.checked).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    };
    all.addEventListener('change', () => {
      for (const b of boxes) b.querySelector('input')!.checked = all.checked;
    });
    for (const b of boxes) b.querySelector('input')!.addEventListener('change', sync);
    sync();
    return h('div', { class: 'perm-group', testid: `perm-module-${module}` }, h('label', { class: 'check perm-group-title' }, all, h('span', { class: 'check-text' }, moduleLabel(module))), ...boxes);
  });
  form.fieldset('permissions', t('roles.permissions'), [h('div', { class: 'perm-grid' }, ...groups)], inputs);
  return {
    values: () => inputs.filter((i) => i.checked).map((i) => i.value),
    markInherited: (granted) => {
      for (const [name, mark] of marks) mark.hidden = !granted.has(name);
    },
  };
}

export function openRoleEditor(ctx: ViewContext, roles: RoleView[], catalogue: PermissionInfo[], role: RoleView | null, onSaved: () => void): void {
  let close = () => undefined as void;
  const form = new Form('role-form', async () => {
    const next = {
      name: name.value.trim(),
      description: description.value.trim() || null,
      permissions: checklist.values(),
      inherits: inherits.values(),
    };
    const saved = role ? await ctx.api.patch<RoleView>(`/roles/${role.id}`, changedFields(role, next)) : await ctx.api.post<RoleView>('/roles', next);
    close();
    onSaved();
    ctx.notice.success(t(role ? 'roles.updated' : 'roles.created', { name: saved.name }));
  });

  const name = form.input('name', t('roles.name'), { required: true, maxlength: 64, value: role?.name ?? '', disabled: role?.builtIn ?? false });
  const description = form.input('description', t('roles.description'), { maxlength: 200, value: role?.description ?? '' });
  const others = roles.filter((r) => r.id !== role?.id);
  const inherits = form.checkboxes(
    'inherits',
    t('roles.inherits'),
    others.map((r) => ({ value: r.name, label: r.name, checked: role?.inherits.includes(r.name) ?? false })),
  );
  const checklist = permissionChecklist(form, catalogue, role?.permissions ?? []);
  const byName = new Map(roles.map((r) => [r.name, r]));
  const refreshInherited = () => checklist.markInherited(new Set(inherits.values().flatMap((n) => byName.get(n)?.effectivePermissions ?? [])));
  for (const input of inherits.inputs) input.addEventListener('change', refreshInherited);
  refreshInherited();
  form.actions(submitButton(t('common.save'), 'role-save'), button(t('common.cancel'), () => close(), { class: 'btn' }));

  close = openModal(role ? t('roles.editTitle', { name: role.name }) : t('roles.createTitle'), 'role-dialog', form.el, { wide: true }).close;
  (role?.builtIn ? description : name).focus();
}
