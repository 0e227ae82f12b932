/**
 * What the popup, library and reader show when the library cannot be opened (docs/faults.md
 * R11, R13): what happened in plain words, that nothing was deleted, and what to do (update, or
 * retry). A page that merely said "无法读取资料库" would leave the user thinking the collection is gone.
 * Nothing here writes to or deletes the database; "retry" reloads the page, which opens it afresh,
 * and where the browser can still read the library, a backup export comes first (rescue-export.ts).
 */
import { t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import { describe, openFailureKind, type OpenFailureKind } from '../../storage/open-failure';
import { h } from './dom';
import { offerRescueExport } from './rescue-export';

const TEXT: Record<OpenFailureKind, { title: MessageKey; body: MessageKey }> = {
  newer: { title: 'recoveryNewerTitle', body: 'recoveryNewerBody' },
  unavailable: { title: 'recoveryUnavailableTitle', body: 'recoveryUnavailableBody' },
  quota: { title: 'recoveryQuotaTitle', body: 'recoveryQuotaBody' },
};

/** Shows the recovery panel if `error` is an open failure; returns whether it did. */
export function showRecovery(error: unknown, doc: Document = document): boolean {
  const kind = openFailureKind(error);
  if (!kind) return false;
  doc.querySelector('[data-zo-recovery]')?.remove();
  const { title, body } = TEXT[kind];
  const panel = h(
    'section',
    { class: 'recovery', role: 'alert', 'data-zo-recovery': kind },
    h('h2', {}, t(title)),
    h('p', {}, t(body)),
    // Only an update helps a newer database; retrying would just fail the same way.
    kind === 'newer' ? null : retryButton(doc),
    h('p', { class: 'muted recovery-detail' }, t('recoveryDetail', describe(error))),
  );
  doc.body.prepend(panel);
  // A newer build's rows are for that build to export; otherwise, offer whatever can still be read.
  if (kind === 'newer') panel.dataset.zoReadable = 'not-offered';
  else void offerRescueExport(panel).catch(() => (panel.dataset.zoReadable = 'no'));
  return true;
}

function retryButton(doc: Document): HTMLButtonElement {
  const button = h('button', { type: 'button', 'data-zo-retry': '' }, t('recoveryRetry'));
  button.addEventListener('click', () => doc.location.reload());
  return button;
}
