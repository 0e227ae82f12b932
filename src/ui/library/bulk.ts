/**
 * Multi-select and what can be done to a selection: delete (with undo), tag, and export once
 * the export work registers (export-hook.ts). Deleted images are purged only when the undo
 * window closes, so an undo puts back everything.
 */
import { t } from '../../shared/i18n';
import type { DeletedPost } from '../../storage/posts';
import type { PostKey } from '../../storage/types';
import { h, mustGet } from '../shared/dom';
import { exportSelection } from './export-hook';
import { showToast } from './toast';

export const UNDO_MS = 10_000;

export interface BulkHost {
  keys(): readonly PostKey[];
  changed(): void;
  afterDelete(keys: readonly PostKey[]): Promise<void>;
  afterRestore(deleted: readonly DeletedPost[]): Promise<void>;
  afterTag(): Promise<void>;
}

export class Selection {
  readonly keys = new Set<PostKey>();
  private anchor = -1;

  constructor(private readonly host: BulkHost) {
    mustGet('select-all').addEventListener('click', () => this.selectAll());
    mustGet('clear').addEventListener('click', () => this.clear());
    mustGet('delete').addEventListener('click', () => void this.remove());
    mustGet('tag-add').addEventListener('click', () => void this.tag());
    mustGet<HTMLInputElement>('tag-input').addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void this.tag();
    });
    mustGet('bulk-actions').append(this.exportButton());
    this.update();
  }

  /** Shift-click selects the range from the last clicked row, as in a file manager. */
  toggle(key: PostKey, index: number, shift: boolean): void {
    const on = !this.keys.has(key);
    if (shift && this.anchor >= 0) {
      const [a, b] = [Math.min(this.anchor, index), Math.max(this.anchor, index)];
      for (const k of this.host.keys().slice(a, b + 1)) {
        if (on) this.keys.add(k);
        else this.keys.delete(k);
      }
    } else if (on) this.keys.add(key);
    else this.keys.delete(key);
    this.anchor = index;
    this.update();
  }

  selectAll(): void {
    for (const k of this.host.keys()) this.keys.add(k);
    this.update();
  }

  clear(): void {
    this.keys.clear();
    this.anchor = -1;
    this.update();
  }

  update(): void {
    mustGet('selected').textContent = this.keys.size ? t('selectedCount', this.keys.size) : '';
    mustGet('bulk-actions').hidden = this.keys.size === 0;
    this.host.changed();
  }

  private async remove(): Promise<void> {
    const keys = [...this.keys];
    if (!keys.length) return;
    // Dexie comes with the first action, not with the page's first paint (issue #18).
    const { deletePosts, purgeImagesOf, restorePosts } = await import('../../storage/posts');
    const deleted = await deletePosts(keys);
    this.clear();
    await this.host.afterDelete(keys);
    const timer = setTimeout(() => void purgeImagesOf(deleted), UNDO_MS);
    showToast(t('deletedCount', deleted.length), t('undo'), UNDO_MS, async () => {
      clearTimeout(timer);
      await restorePosts(deleted);
      await this.host.afterRestore(deleted);
      showToast(t('restoredCount', deleted.length), null, 3_000);
    });
  }

  private async tag(): Promise<void> {
    const input = mustGet<HTMLInputElement>('tag-input');
    const tag = input.value.trim();
    if (!tag || !this.keys.size) return;
    const { addTag } = await import('../../storage/library');
    await addTag([...this.keys], tag);
    input.value = '';
    await this.host.afterTag();
    showToast(t('taggedCount', this.keys.size, tag), null, 3_000);
  }

  private exportButton(): HTMLButtonElement {
    const b = h('button', { type: 'button', id: 'export' }, t('exportSelected'));
    b.addEventListener('click', () => {
      b.disabled = true;
      exportSelection([...this.keys])
        .catch((e: unknown) => showToast(t('exportFailed', e instanceof Error ? e.message : String(e)), null, 8_000))
        .finally(() => (b.disabled = false));
    });
    return b;
  }
}
