/**
 * Edit history: the versions kept by re-saves (listRevisions) plus the current one, and a
 * readable diff between any two, on plain text (diff.ts). Built only when opened.
 */
import { formatDate, t } from '../../shared/i18n';
import { htmlToPlainText } from '../../storage/plain-text';
import { MAX_REVISIONS } from '../../shared/limits';
import { listRevisions } from '../../storage/posts';
import type { FullPost } from '../../storage/types';
import { h, mustGet } from '../shared/dom';
import { diffText } from './diff';

interface Version {
  label: string;
  title: string;
  text: string;
}

export async function renderRevisions(post: FullPost): Promise<void> {
  const box = mustGet<HTMLDetailsElement>('history');
  const revisions = await listRevisions(post.key);
  box.hidden = revisions.length === 0;
  if (!revisions.length) return;
  mustGet('history-summary').textContent = t('historySummary', revisions.length);
  let versions: Version[] | null = null;
  box.addEventListener('toggle', () => {
    if (!box.open || versions) return;
    versions = [
      ...revisions.map((r) => ({ label: t('versionSaved', formatDate(r.savedAt)), title: r.title, text: htmlToPlainText(r.content) })),
      { label: t('versionCurrent', formatDate(post.meta.savedAt)), title: post.title, text: htmlToPlainText(post.content) },
    ];
    build(versions);
  });
}

function build(versions: Version[]): void {
  const pick = (id: string, label: string, selected: number): HTMLSelectElement => {
    const s = h('select', { id, 'aria-label': label }, ...versions.map((v, i) => h('option', { value: String(i) }, v.label)));
    s.value = String(selected);
    return s;
  };
  const from = pick('diff-from', t('diffFrom'), versions.length - 2);
  const to = pick('diff-to', t('diffTo'), versions.length - 1);
  const out = h('div', { class: 'diff', 'aria-live': 'polite' });
  const show = (): void => {
    const a = versions[Number(from.value)] as Version;
    const b = versions[Number(to.value)] as Version;
    const ops = diffText(`${a.title}\n\n${a.text}`, `${b.title}\n\n${b.text}`);
    out.replaceChildren(...ops.map((o) => (o.op === 'same' ? document.createTextNode(o.text) : h(o.op === 'add' ? 'ins' : 'del', {}, o.text))));
    if (ops.every((o) => o.op === 'same')) out.replaceChildren(h('p', { class: 'muted' }, t('diffSame')));
  };
  from.addEventListener('change', show);
  to.addEventListener('change', show);
  const label = (text: string, el: HTMLElement): HTMLLabelElement => h('label', {}, text, ' ', el);
  const limit = h('p', { class: 'muted' }, t('historyLimit', MAX_REVISIONS));
  mustGet('history-body').replaceChildren(limit, h('div', { class: 'diff-pick' }, label(t('diffFrom'), from), label(t('diffTo'), to)), out);
  show();
}
