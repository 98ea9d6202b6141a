/** The frame around every screen: the top bar with the language switch, and the tabs. */
import type { UserView } from '../../../contract/platform';
import { button, h } from './dom';
import { Language, LANGUAGE_NAMES, language, t } from './i18n';

export type TabId = 'users' | 'roles' | 'warehouses' | 'audit';

export const TABS: Array<{ id: TabId; label: 'tab.users' | 'tab.roles' | 'tab.warehouses' | 'tab.audit'; permission: string }> = [
  { id: 'users', label: 'tab.users', permission: 'user:read' },
  { id: 'roles', label: 'tab.roles', permission: 'role:read' },
  { id: 'warehouses', label: 'tab.warehouses', permission: 'warehouse:read' },
  { id: 'audit', label: 'tab.audit', permission: 'audit:read' },
];

export function languageSwitch(onChange: (language: Language) => void): HTMLElement {
  const select = h(
    'select',
    { testid: 'lang-switch', attrs: { 'aria-label': t('app.language') } },
    ...(Object.keys(LANGUAGE_NAMES) as Language[]).map((lang) => h('option', { attrs: { value: lang, selected: lang === language(), lang } }, LANGUAGE_NAMES[lang])),
  );
  select.addEventListener('change', () => onChange(select.value as Language));
  return h('label', { class: 'lang' }, h('span', { class: 'lang-label' }, t('app.language')), select);
}

export function topBar(me: UserView | null, onLanguage: (language: Language) => void, onSignOut: () => void): HTMLElement {
  const who = me
    ? h(
        'div',
        { class: 'who' },
        h('span', { testid: 'signed-in-as' }, t('app.signedInAs', { name: `${me.displayName} (${me.username})` })),
        button(t('app.signOut'), onSignOut, { class: 'btn btn-ghost', testid: 'sign-out' }),
      )
    : null;
  return h(
    'header',
    { class: 'topbar' },
    h('h1', { class: 'brand' }, h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }, 'JXC'), h('span', { testid: 'app-title' }, t('app.title'))),
    h('div', { class: 'topbar-right' }, languageSwitch(onLanguage), who),
  );
}

export function tabBar(tabs: typeof TABS, active: TabId, onSelect: (id: TabId) => void): HTMLElement {
  return h(
    'nav',
    { class: 'tabs', attrs: { role: 'tablist' } },
    ...tabs.map((tab) =>
      button(t(tab.label), () => onSelect(tab.id), {
        class: tab.id === active ? 'tab tab-active' : 'tab',
        testid: `tab-${tab.id}`,
        attrs: { role: 'tab', 'aria-selected': tab.id === active ? 'true' : 'false' },
      }),
    ),
  );
}
