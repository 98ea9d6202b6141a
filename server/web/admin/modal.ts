/**
 * Native <dialog> windows for editors and confirmations. Never window.confirm:
 * a page that cannot be scripted into dialogs is easier to trust and to test.
 */
import { button, Child, h } from './dom';
import { t } from './i18n';

export interface Modal {
  dialog: HTMLDialogElement;
  close(): void;
}

export function openModal(title: string, testid: string, content: Child | Child[], options: { wide?: boolean } = {}): Modal {
  const dialog = h('dialog', { class: options.wide ? 'dialog dialog-wide' : 'dialog', testid, attrs: { 'aria-label': title } });
  const close = () => {
    if (dialog.open) dialog.close();
    dialog.remove();
  };
  const header = h('header', { class: 'dialog-header' }, h('h2', {}, title), button('×', close, { class: 'btn-icon', testid: `${testid}-close`, attrs: { 'aria-label': t('common.cancel') } }));
  dialog.append(header, h('div', { class: 'dialog-body' }, ...(Array.isArray(content) ? content : [content])));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close };
}

/** Resolves true when the person confirms, false when they cancel or press Escape. */
export function confirmModal(message: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    let answered = false;
    const answer = (value: boolean) => {
      if (answered) return;
      answered = true;
      resolve(value);
      modal.close();
    };
    const modal = openModal(
      t('common.confirm'),
      'confirm-dialog',
      [
        h('p', { class: 'confirm-message' }, message),
        h(
          'div',
          { class: 'form-actions' },
          button(confirmLabel, () => answer(true), { class: 'btn btn-danger', testid: 'confirm-yes' }),
          button(t('common.cancel'), () => answer(false), { class: 'btn', testid: 'confirm-no' }),
        ),
      ],
    );
    modal.dialog.addEventListener('close', () => answer(false));
  });
}
