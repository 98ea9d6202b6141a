/**
 * The page's state machine: signed out (the sign-in form) or signed in (tabs).
 * A language switch redraws the current screen from the dictionary.
 */
import type { UserView } from '../../../contract/platform';
import { ApiClient, ApiError } from './api-client';
import { h, replaceChildren } from './dom';
import { errorText } from './forms';
import { Language, language, localeOf, setLanguage, t } from './i18n';
import { loginView } from './login-view';
import { Notice } from './notice';
import { AuditView } from './audit-view';
import { RolesView } from './roles-view';
import { TabId, TABS, tabBar, topBar } from './shell';
import { UsersView } from './users-view';
import type { View, ViewContext } from './view';
import { WarehousesView } from './warehouses-view';

const LANGUAGE_KEY = 'jxc.admin.language';

const VIEWS: Record<TabId, new (ctx: ViewContext) => View> = {
  users: UsersView,
  roles: RolesView,
  warehouses: WarehousesView,
  audit: AuditView,
};

export class AdminApp {
  private me: UserView | null = null;
  private loginMessage: string | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: ApiClient,
    private readonly prefs: Pick<Storage, 'getItem' | 'setItem'>,
  ) {
    api.onSessionEnded = () => this.signedOut(t('app.sessionExpired'));
  }

  async start(initial: Language): Promise<void> {
    this.applyLanguage((this.prefs.getItem(LANGUAGE_KEY) as Language | null) ?? initial);
    window.addEventListener('hashchange', () => this.me && this.render());
    if (this.api.token) {
      replaceChildren(this.root, h('p', { class: 'loading' }, t('app.loading')));
      try {
        this.me = await this.api.me();
      } catch (err) {
        // A 401 has already brought the sign-in form with its own message.
        if (!(err instanceof ApiError && err.status === 401)) this.loginMessage = errorText(err);
      }
    }
    this.render();
  }

  private applyLanguage(lang: Language): void {
    setLanguage(lang === 'zh' ? 'zh' : 'en');
    document.documentElement.lang = localeOf(language());
    document.title = t('app.title');
  }

  private changeLanguage(lang: Language): void {
    this.prefs.setItem(LANGUAGE_KEY, lang);
    this.applyLanguage(lang);
    this.render();
  }

  private render(): void {
    for (const open of document.querySelectorAll('dialog')) open.remove();
    const bar = topBar(this.me, (l) => this.changeLanguage(l), () => void this.signOut());
    if (!this.me) {
      replaceChildren(this.root, bar, h('main', { class: 'content' }, loginView(this.api, (me) => this.signedIn(me), this.loginMessage)));
      return;
    }
    const me = this.me;
    const tabs = TABS.filter((tab) => me.permissions.includes(tab.permission));
    const notice = new Notice();
    if (tabs.length === 0) {
      replaceChildren(this.root, bar, h('main', { class: 'content' }, h('p', { class: 'alert alert-error', testid: 'no-permissions' }, t('app.noPermissions'))));
      return;
    }
    const wanted = location.hash.replace(/^#/, '') as TabId;
    const active = tabs.find((tab) => tab.id === wanted)?.id ?? tabs[0]!.id;
    const ctx: ViewContext = { api: this.api, me, notice, can: (p) => me.permissions.includes(p) };
    const view = new VIEWS[active](ctx);
    const select = (id: TabId) => {
      if (location.hash === `#${id}`) this.render();
      else location.hash = id;
    };
    replaceChildren(this.root, bar, tabBar(tabs, active, select), h('main', { class: 'content' }, notice.el, view.el));
    void view.refresh();
  }

  private signedIn(me: UserView): void {
    this.me = me;
    this.loginMessage = undefined;
    this.render();
  }

  private signedOut(message?: string): void {
    this.me = null;
    this.loginMessage = message;
    this.render();
  }

  private async signOut(): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      this.signedOut();
    }
  }
}
