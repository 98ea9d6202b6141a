/** The Audit log tab: newest first, filters, paging and a check of the hash chain. */
import type { AuditRecord, UserView } from '../../../contract/platform';
import { button, busy, h, replaceChildren } from './dom';
import { detailPreview, endOfLocalDay, startOfLocalDay } from './form-values';
import { Form, submitButton } from './forms';
import { language, localeOf, t } from './i18n';
import { Pager } from './pager';
import { chip, dataTable, row } from './table';
import type { View, ViewContext } from './view';

const PAGE_SIZE = 50;
const ENTITIES = ['auth', 'user', 'role', 'warehouse'];
const ACTIONS = ['login', 'logout', 'create', 'update', 'delete', 'deny'];

interface Verification {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

function datalist(id: string, values: string[]): HTMLDataListElement {
  return h('datalist', { id }, ...values.map((v) => h('option', { attrs: { value: v } })));
}

export class AuditView implements View {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'list' });
  private readonly verifyResult = h('div', { class: 'verify-result', testid: 'audit-verify-result', attrs: { role: 'status', hidden: true } });
  private readonly pager = new Pager('audit-pager', PAGE_SIZE, () => void this.refresh());
  private readonly filters: Form;
  private readonly userSelect: HTMLSelectElement;
  private readonly inputs: Record<'entity' | 'action' | 'from' | 'to', HTMLInputElement>;

  constructor(private readonly ctx: ViewContext) {
    this.filters = new Form('audit-filters', async () => {
      this.pager.offset = 0;
      await this.load();
    });
    this.filters.el.classList.add('form-inline', 'filters');
    this.userSelect = this.filters.select('userId', t('audit.user'), [{ value: '', label: t('audit.anyUser') }]);
    this.inputs = {
      entity: this.filters.input('entity', t('audit.entity'), { list: 'audit-entities', placeholder: t('audit.any'), autocomplete: 'off' }),
      action: this.filters.input('action', t('audit.action'), { list: 'audit-actions', placeholder: t('audit.any'), autocomplete: 'off' }),
      from: this.filters.input('from', t('audit.from'), { type: 'date' }),
      to: this.filters.input('to', t('audit.to'), { type: 'date' }),
    };
    this.filters.add(datalist('audit-entities', ENTITIES), datalist('audit-actions', ACTIONS));
    this.filters.actions(submitButton(t('common.apply'), 'audit-apply'), button(t('common.clear'), () => this.clearFilters(), { class: 'btn', testid: 'audit-clear' }));
    const verify = button(t('audit.verify'), (e) => void this.verify(e.currentTarget as HTMLButtonElement), { class: 'btn', testid: 'audit-verify' });
    this.el = h(
      'section',
      { class: 'view', testid: 'audit-view' },
      h('div', { class: 'toolbar' }, h('h2', {}, t('audit.heading')), verify),
      this.verifyResult,
      h('div', { class: 'card' }, this.filters.el),
      this.list,
      this.pager.el,
    );
  }

  async refresh(): Promise<void> {
    await Promise.all([this.loadUsers(), this.load().catch((err: unknown) => this.ctx.notice.error(err))]);
  }

  /** Throws so that a filter the server refuses shows beside its field. */
  private async load(): Promise<void> {
    const { entity, action, from, to } = this.inputs;
    const page = await this.ctx.api.get<{ data: AuditRecord[]; total: number }>('/audit-log', {
      userId: this.userSelect.value,
      entity: entity.value.trim(),
      action: action.value.trim(),
      from: startOfLocalDay(from.value),
      to: endOfLocalDay(to.value),
      limit: PAGE_SIZE,
      offset: this.pager.offset,
    });
    this.render(page.data);
    this.pager.show(page.data.length, page.total);
  }

  private async loadUsers(): Promise<void> {
    if (!this.ctx.can('user:read') || this.userSelect.options.length > 1) return;
    try {
      const users = await this.ctx.api.get<{ data: UserView[] }>('/users', { limit: 10000 });
      this.userSelect.append(...users.data.map((u) => h('option', { attrs: { value: u.id } }, `${u.username} (${u.displayName})`)));
    } catch (err) {
      this.ctx.notice.error(err);
    }
  }

  private render(records: AuditRecord[]): void {
    const headers = [t('audit.at'), t('audit.user'), t('audit.action'), t('audit.entity'), t('audit.entityId'), t('audit.ok'), t('audit.detail'), t('audit.ip')];
    replaceChildren(this.list, dataTable('audit-table', headers, records.map((r) => this.recordRow(r))));
  }

  private recordRow(r: AuditRecord): HTMLTableRowElement {
    const preview = detailPreview(r.detail);
    return row(
      `audit-row-${r.id}`,
      {
        at: h('time', { attrs: { datetime: r.at } }, new Date(r.at).toLocaleString(localeOf(language()))),
        user: r.username ?? (r.userId === null ? t('common.none') : `#${r.userId}`),
        action: h('code', {}, r.action),
        entity: h('code', {}, r.entity),
        entityId: r.entityId ?? t('common.none'),
        ok: chip(r.ok ? t('audit.okYes') : t('audit.okNo'), r.ok ? 'chip chip-ok' : 'chip chip-bad'),
        detail: preview ? h('details', {}, h('summary', {}, preview), h('pre', {}, JSON.stringify(r.detail, null, 2))) : t('common.none'),
        ip: r.ip ?? t('common.none'),
      },
      r.ok ? undefined : 'row-failed',
    );
  }

  private clearFilters(): void {
    this.filters.el.reset();
    this.filters.clearErrors();
    this.pager.offset = 0;
    this.load().catch((err: unknown) => this.filters.showError(err));
  }

  private async verify(control: HTMLButtonElement): Promise<void> {
    try {
      const v = await busy(control, () => this.ctx.api.get<Verification>('/audit-log/verify'));
      this.verifyResult.className = v.ok ? 'verify-result verify-ok' : 'verify-result verify-broken';
      this.verifyResult.dataset.ok = String(v.ok);
      this.verifyResult.textContent = v.ok
        ? t('audit.verifyOk', { checked: v.checked })
        : t('audit.verifyBroken', { id: v.firstBrokenId ?? '?', reason: v.reason ?? '', checked: v.checked });
      this.verifyResult.hidden = false;
    } catch (err) {
      this.ctx.notice.error(err);
    }
  }
}
