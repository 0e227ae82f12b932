/**
 * The reader's line about Zhihu (issue #17), at the top of the header's notes: what the watch last saw
 * there, and which version this is (知乎上已于 2026-12-01 删除；这是你 2024-03-02 保存的版本).
 * Nothing until a check has asked about the post.
 */
import { zhihuStateLine } from '../../shared/zhihu-state-text';
import { getZhihuState } from '../../storage/watch';
import type { FullPost } from '../../storage/types';
import { h, mustGet } from '../shared/dom';

export async function renderZhihuState(post: FullPost): Promise<void> {
  const row = await getZhihuState(post.key);
  if (!row) return;
  const cls = row.state === 'visible' ? 'zhihu-state muted' : 'banner zhihu-state';
  mustGet('banners').prepend(h('p', { class: cls, role: 'note', 'data-zo-zhihu': row.state }, zhihuStateLine(row, post.meta.savedAt)));
}
