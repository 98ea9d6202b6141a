/**
 * The task pane: sign-in, who is signed in, and one section per sheet kind.
 * UI only — each button hands a workflow to `run`, which shows progress and
 * puts the outcome or the error in plain words.
 */
import type { UserView, WarehouseView } from '../../contract/platform';
import { ApiClient, ApiError } from '../api/api-client';
import { normalizeServerUrl, SessionStore } from '../api/session-store';
import { languageOf, Language, translator, Translate } from '../i18n';
import { localIsoDate } from '../sheets/cells';
import { CustomerOffer, Outcome, WorkflowContext, WorkflowError } from '../workflows/context';
import { pullAccounts } from '../workflows/accounts';
import { openCount, postCount } from '../workflows/count';
import { describeError } from '../workflows/describe-error';
import { openDocumentSheet, postDocumentSheet } from '../workflows/documents';
import { publishItems, pullItems } from '../workflows/items';
import { LookupsCache } from '../workflows/lookups-cache';
import { pullOpenLines, pullPayables, pullUninvoiced } from '../workflows/purchasing';
import { createOrdersFromSheet, pullSuggestions } from '../workflows/reorder';
import { publishSuppliers, pullScorecards, pullSuppliers } from '../workflows/suppliers';
import { pullStock } from '../workflows/stock';
// sales (xa)
import { pullShipLines, pullUninvoicedShipments } from '../workflows/sales';
import { actionsView, ActionHandlers } from './actions-view';
import { h } from './dom';
import type { HostEnv } from './host';
import { signInView } from './sign-in-view';
import { StatusBar } from './status-bar';
// customers (xb)
import { watchSelection } from '../excel/selection';
import { publishCustomers, publishTickets, pullCustomers, pullReceivables, pullTickets } from '../workflows/customers';
import { CustomerPane } from './customer-pane';

const LANGUAGE_KEY = 'jxc.language';

export interface Session {
  api: ApiClient;
  user: UserView;
  warehouses: WarehouseView[];
  lookups: LookupsCache;
}

export class TaskPane {
  language: Language;
  t: Translate;
  session: Session | null = null;
  private readonly store: SessionStore;
  private readonly status = new StatusBar();
  private readonly main = h('div', { class: 'pane-body' });
  private readonly header = h('header', { class: 'pane-header' });
  private busy = false;
  private buttons: HTMLButtonElement[] = [];
  /** Filter and selection values survive re-rendering (language switch). */
  readonly choices = { stockWarehouse: '', category: '', sku: '', countWarehouse: '', asOf: localIsoDate(new Date()), supplier: '', receiptWarehouse: '', reorderWarehouse: '', scoreFrom: '', scoreTo: '' };
  // sales (xa)
  /** The sales sections' filters: a customer (code or name) and the warehouse to ship from. */
  readonly salesChoices = { customer: '', shipWarehouse: '' };

  // customers (xb)
  /** The selected row's customer, followed while someone who may see customers is signed in. */
  readonly customerPane = new CustomerPane(this, () => (this.session ? this.context(this.session) : null));
  private stopFollowing: (() => Promise<void>) | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostEnv,
  ) {
    this.store = new SessionStore(host.storage, host.partitionKey);
    const saved = host.storage.getItem(LANGUAGE_KEY);
    this.language = saved === 'zh' || saved === 'en' ? saved : languageOf(host.displayLanguage);
    this.t = translator(this.language);
    root.replaceChildren(h('div', { class: 'pane' }, this.header, this.status.element, this.main));
  }

  async start(): Promise<void> {
    const saved = this.store.load();
    if (saved?.token) {
      try {
        await this.openSession(new ApiClient({ baseUrl: saved.serverUrl, token: saved.token, language: this.language }));
        return;
      } catch (error) {
        // Only the server saying no ends the session; an unreachable server keeps it for the next try.
        if (error instanceof ApiError && error.kind === 'unauthorized') this.store.endSession();
        else this.status.show('error', describeError(error, this.t));
      }
    }
    this.render();
  }

  setLanguage(language: Language): void {
    this.language = language;
    this.t = translator(language);
    this.host.storage.setItem(LANGUAGE_KEY, language);
    if (this.session) this.session.api.language = language;
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    this.status.clear();
    this.render();
  }

  render(): void {
    this.header.replaceChildren(...this.headerContent());
    this.buttons = [];
    if (!this.session) {
      const saved = this.store.load();
      this.main.replaceChildren(signInView(this, { serverUrl: saved?.serverUrl || this.host.defaultServerUrl, username: saved?.username ?? '' }));
    } else {
      this.main.replaceChildren(actionsView(this, this.session, this.handlers()));
    }
  }

  private headerContent(): Node[] {
    const select = h(
      'select',
      { testid: 'language', attrs: { 'aria-label': this.t('app.language') }, on: { change: () => this.setLanguage(select.value as Language) } },
      h('option', { attrs: { value: 'zh', selected: this.language === 'zh' } }, '简体中文'),
      h('option', { attrs: { value: 'en', selected: this.language === 'en' } }, 'English'),
    );
    const title = h('h1', {}, this.t('app.title'));
    if (!this.session) return [h('div', { class: 'title-row' }, title, select)];
    const { user } = this.session;
    const scope = user.warehouseIds === null ? this.t('signin.allWarehouses') : this.session.warehouses.map((w) => `${w.code} ${w.name}`).join(', ') || '—';
    return [
      h('div', { class: 'title-row' }, title, select),
      h(
        'div',
        { class: 'who', testid: 'who' },
        h('div', {}, this.t('signin.signedInAs', { name: `${user.displayName} (${user.username})` })),
        h('div', { class: 'scope', testid: 'scope' }, this.t('signin.warehouses', { list: scope })),
        this.button('signin.signOut', 'sign-out', () => this.signOut(), 'link'),
      ),
    ];
  }

  button(label: Parameters<Translate>[0], testid: string, onClick: () => void, kind = 'secondary'): HTMLButtonElement {
    const b = h('button', { class: `btn ${kind}`, testid, attrs: { type: 'button', disabled: this.busy } }, this.t(label));
    b.addEventListener('click', onClick);
    this.buttons.push(b);
    return b;
  }

  async signIn(serverText: string, username: string, password: string): Promise<void> {
    const serverUrl = normalizeServerUrl(serverText);
    if (!serverUrl) return this.status.show('error', this.t('signin.badServer'));
    if (!username.trim() || !password) return this.status.show('error', this.t('signin.missing'));
    await this.guard(async () => {
      const api = new ApiClient({ baseUrl: serverUrl, language: this.language });
      const login = await api.login(username.trim(), password).catch((error: unknown) => {
        throw signInError(error);
      });
      this.store.save({ serverUrl, username: username.trim(), token: login.token, expiresAt: login.expiresAt });
      await this.openSession(api);
      this.status.clear();
    });
  }

  private async openSession(api: ApiClient): Promise<void> {
    const user = await api.me();
    // Without warehouse:read the pane still works; it just cannot name the warehouses.
    const all = await api.warehouses().catch((error: unknown) => {
      if (error instanceof ApiError && error.kind === 'forbidden') return [];
      throw error;
    });
    const warehouses = user.warehouseIds === null ? all.filter((w) => w.active) : all.filter((w) => user.warehouseIds!.includes(w.id));
    const lookups = new LookupsCache(api, () => this.session?.user.warehouseIds ?? null);
    this.session = { api, user, warehouses, lookups };
    this.render();
    await this.followSelection();
  }

  // customers (xb)
  /** Keeps the customer panel on the selected row's customer; without the selection event, its button still works. */
  private async followSelection(): Promise<void> {
    if (this.stopFollowing || !this.session?.user.permissions.includes('customer:read')) return;
    try {
      this.stopFollowing = await watchSelection(() => void this.customerPane.follow());
    } catch {
      this.stopFollowing = null;
    }
  }

  private async stopFollowingSelection(): Promise<void> {
    const stop = this.stopFollowing;
    this.stopFollowing = null;
    this.customerPane.clear();
    await stop?.().catch(() => undefined);
  }

  async signOut(): Promise<void> {
    const api = this.session?.api;
    void this.stopFollowingSelection();
    this.session = null;
    this.store.endSession();
    this.status.clear();
    this.render();
    await api?.logout().catch(() => undefined);
  }

  private endSession(): void {
    void this.stopFollowingSelection();
    this.session = null;
    this.store.endSession();
    this.render();
    this.status.show('warn', this.t('signin.again'));
  }

  private context(session: Session): WorkflowContext {
    return {
      api: session.api,
      language: this.language,
      t: this.t,
      lookups: (refresh) => session.lookups.get(refresh),
      financeLookups: (refresh) => session.lookups.finance(refresh),
      suppliers: (refresh) => session.lookups.suppliers(refresh),
      progress: (label, fraction) => this.status.progress(this.t(label), fraction),
    };
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    for (const b of this.buttons) b.disabled = busy;
    this.root.classList.toggle('busy', busy);
  }

  /** Runs one piece of work at a time; every error ends up on screen, in words. */
  private async guard(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.setBusy(true);
    this.status.clear();
    try {
      await work();
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'unauthorized' && this.session) this.endSession();
      else this.status.show('error', describeError(error, this.t));
    } finally {
      this.status.endProgress();
      this.setBusy(false);
    }
  }

  run(workflow: (ctx: WorkflowContext) => Promise<Outcome>): Promise<void> {
    const session = this.session;
    if (!session) return Promise.resolve();
    return this.guard(async () => {
      this.status.progress(this.t('app.working'), null);
      const result = await workflow(this.context(session));
      const offer =
        result.offer === 'pullItemsAnyway'
          ? this.button('action.pullItemsAnyway', 'pull-items-anyway', () => void this.handlers().pullItems(true))
          : result.offer === 'pullSuppliersAnyway'
            ? this.button('action.pullSuppliersAnyway', 'pull-suppliers-anyway', () => void this.handlers().pullSuppliers(true))
            : result.offer
              ? this.customerOffer(result.offer)
              : undefined;
      this.status.show(result.tone, this.t(result.key, result.params), offer);
    });
  }

  private handlers(): ActionHandlers {
    return actionHandlers(this);
  }

  // customers (xb)
  private customerOffer(offer: CustomerOffer): HTMLButtonElement {
    return offer === 'pullCustomersAnyway'
      ? this.button('action.pullCustomersAnyway', 'pull-customers-anyway', () => void this.handlers().pullCustomers(true))
      : this.button('action.pullTicketsAnyway', 'pull-tickets-anyway', () => void this.handlers().pullTickets(true));
  }
}

/** A refused sign-in in the clerk's words rather than the server's. */
function signInError(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.kind === 'unauthorized') return new WorkflowError('signin.failed');
  if (error.status === 429) return new WorkflowError('signin.rateLimited');
  return error;
}

function actionHandlers(pane: TaskPane): ActionHandlers {
  const id = (text: string) => (text ? Number(text) : null);
  return {
    pullStock: () => pane.run((ctx) => pullStock(ctx, { warehouseId: id(pane.choices.stockWarehouse) ?? undefined, category: pane.choices.category, sku: pane.choices.sku })),
    openCount: () => pane.run((ctx) => openCount(ctx, id(pane.choices.countWarehouse))),
    postCount: () => pane.run((ctx) => postCount(ctx)),
    newSheet: (kind) => pane.run((ctx) => openDocumentSheet(ctx, kind)),
    postSheet: (kind) => pane.run((ctx) => postDocumentSheet(ctx, kind)),
    pullItems: (force) => pane.run((ctx) => pullItems(ctx, force)),
    publishItems: () => pane.run((ctx) => publishItems(ctx)),
    pullAccounts: () => pane.run((ctx) => pullAccounts(ctx, pane.choices.asOf)),
    pullOpenLines: () => pane.run((ctx) => pullOpenLines(ctx, { supplier: pane.choices.supplier, warehouseId: id(pane.choices.receiptWarehouse) })),
    pullUninvoiced: () => pane.run((ctx) => pullUninvoiced(ctx, pane.choices.supplier)),
    pullPayables: () => pane.run((ctx) => pullPayables(ctx, pane.choices.supplier)),
    pullSuggestions: () => pane.run((ctx) => pullSuggestions(ctx, id(pane.choices.reorderWarehouse))),
    createOrders: () => pane.run((ctx) => createOrdersFromSheet(ctx)),
    pullSuppliers: (force) => pane.run((ctx) => pullSuppliers(ctx, force)),
    publishSuppliers: () => pane.run((ctx) => publishSuppliers(ctx)),
    pullScorecards: () => pane.run((ctx) => pullScorecards(ctx, { from: pane.choices.scoreFrom, to: pane.choices.scoreTo })),
    // sales (xa)
    pullShipLines: () => pane.run((ctx) => pullShipLines(ctx, { customer: pane.salesChoices.customer, warehouseId: id(pane.salesChoices.shipWarehouse) })),
    pullUninvoicedShipments: () => pane.run((ctx) => pullUninvoicedShipments(ctx, pane.salesChoices.customer)),
    // customers (xb)
    pullCustomers: (force) => pane.run((ctx) => pullCustomers(ctx, force)),
    publishCustomers: () => pane.run((ctx) => publishCustomers(ctx)),
    pullReceivables: () => pane.run((ctx) => pullReceivables(ctx, pane.salesChoices.customer)),
    pullTickets: (force) => pane.run((ctx) => pullTickets(ctx, force)),
    publishTickets: () => pane.run((ctx) => publishTickets(ctx)),
  };
}

export async function startTaskPane(root: HTMLElement, host: HostEnv): Promise<TaskPane> {
  const pane = new TaskPane(root, host);
  await pane.start();
  return pane;
}
