/**
 * The library's 同步 panel (issue #16): the user's own WebDAV server (address, folder, user, password),
 * 保存并测试连接 (which asks for access to that one server: optional_host_permissions, at run time) and
 * 立即同步, with the state and every failure in words. The sync runs in this page: merging what another
 * device sent passes the import's cleaner, which needs a DOM.
 */
import { t } from '../../shared/i18n';
import { loadSyncConfig, loadSyncFailure, loadSyncLast, saveSyncConfig, davConfigOf } from '../../sync/config';
import { followSyncSetting } from '../../sync/schedule';
import { syncedText, syncErrorText, syncKindText, syncProgressText } from '../../sync/sync-text';
import { DavClient, DavError } from '../../sync/webdav';
import { h } from '../shared/dom';
import { runConfiguredSync } from '../shared/sync-run';

export class SyncPanel {
  private readonly server = h('input', { type: 'url', name: 'server', placeholder: 'https://dav.jianguoyun.com/dav/', autocomplete: 'url', spellcheck: 'false' });
  private readonly folder = h('input', { type: 'text', name: 'folder', value: 'zhihu-offline/', spellcheck: 'false' });
  private readonly user = h('input', { type: 'text', name: 'user', autocomplete: 'username', spellcheck: 'false' });
  private readonly password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
  private readonly auto = h('input', { type: 'checkbox', name: 'auto' });
  private readonly status = h('span', { class: 'sync-status', role: 'status' });
  private readonly report = h('p', { class: 'sync-report muted', hidden: '' });
  private readonly settings = h('details', { class: 'sync-settings' });
  private readonly error = h('p', { class: 'batch-error', role: 'alert', hidden: '' });
  private readonly saveButton = h('button', { type: 'button', 'data-zo-sync-action': 'save' }, t('syncSaveTest'));
  private readonly syncButton = h('button', { type: 'button', 'data-zo-sync-action': 'sync' }, t('syncNow'));
  private busy = false;

  constructor(
    private readonly box: HTMLElement,
    private readonly changed: () => Promise<void>,
  ) {
    const field = (label: string, input: HTMLInputElement): HTMLElement => h('label', { class: 'sync-field' }, h('span', {}, label), input);
    // One line until it is opened: the server settings fold away, so the library's list stays near the top.
    this.settings.replaceChildren(
      h('summary', {}, t('syncSettings')),
      h('p', { class: 'muted sync-hint' }, t('syncIntro')),
      h('div', { class: 'sync-form' }, field(t('syncServer'), this.server), field(t('syncFolder'), this.folder), field(t('syncUser'), this.user), field(t('syncPassword'), this.password)),
      h('p', { class: 'muted sync-hint' }, t('syncServerHint')),
      h('label', { class: 'sync-auto' }, this.auto, ` ${t('syncAuto')}`),
      h('div', { class: 'batch-actions' }, this.saveButton),
    );
    box.replaceChildren(h('div', { class: 'sync-head' }, h('h2', { class: 'batch-title' }, t('syncPanelTitle')), this.status, this.syncButton), this.settings, this.report, this.error);
    this.saveButton.addEventListener('click', () => void this.saveAndTest());
    this.syncButton.addEventListener('click', () => void this.syncNow());
  }

  async refresh(): Promise<void> {
    const [config, last, failure] = await Promise.all([loadSyncConfig(), loadSyncLast(), loadSyncFailure()]);
    if (config) {
      this.server.value = config.server;
      this.folder.value = config.folder;
      this.user.value = config.user;
      this.password.value = config.password;
      this.auto.checked = config.auto;
    }
    // An automatic sync that failed has no page of its own to say so: this one says it until a sync succeeds.
    if (failure && this.error.hidden) this.fail(t('syncAutoFailed', syncKindText(failure.kind)));
    this.syncButton.hidden = !config;
    // A page opened again after a sync that changed the library (library.ts) shows that sync as done.
    if (last && this.box.dataset.zoState === undefined) this.box.dataset.zoState = 'done';
    this.status.textContent = !config ? t('syncNotSet') : last ? syncedText(last.at) : t('syncNever');
    this.report.textContent = last ? t('syncDoneReport', last.report.fetched, last.report.sent, last.report.deletedHere, last.report.deletedThere) : '';
    this.report.hidden = !last;
  }

  private fail(text: string): void {
    this.error.textContent = text;
    this.error.hidden = false;
  }

  private async saveAndTest(): Promise<void> {
    this.error.hidden = true;
    const config = davConfigOf(this.server.value, this.folder.value, this.user.value, this.password.value, this.auto.checked);
    if (!config) return this.fail(t('syncErrAddress'));
    // Asked first, inside the click: the browser grants access to this one server only with the user's gesture.
    const granted = await chrome.permissions.request({ origins: [`${config.origin}/*`] }).catch(() => false);
    if (!granted) return this.fail(t('syncErrPermission'));
    await saveSyncConfig(config);
    await followSyncSetting();
    try {
      await new DavClient(config).makeFolders('');
      await new DavClient(config).list('');
      this.status.textContent = t('syncConnected');
      this.syncButton.hidden = false;
    } catch (e) {
      this.fail(syncErrorText(e));
    }
  }

  private async syncNow(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error.hidden = true;
    this.box.dataset.zoState = 'running';
    try {
      const report = await runConfiguredSync(undefined, ({ done, total }) => {
        this.status.textContent = syncProgressText(done, total);
      });
      // The library changed: the page is read again, and the reopened panel says the sync is done.
      if (report && (report.fetched || report.deletedHere)) return await this.changed();
      this.box.dataset.zoState = 'done';
      await this.refresh();
    } catch (e) {
      this.box.dataset.zoState = 'error';
      if (!(e instanceof DavError)) console.warn('[zhihu-offline] sync failed', e);
      this.fail(syncErrorText(e));
      await this.refresh();
    } finally {
      this.busy = false;
    }
  }
}
