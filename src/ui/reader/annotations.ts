/** The reader's own notes on a post: tags and a personal note (annotations table), saved as typed. */
import { t } from '../../shared/i18n';
import { getAnnotation, normalizeTags, saveAnnotation } from '../../storage/library';
import type { PostKey } from '../../storage/types';
import { h, mustGet } from '../shared/dom';

export async function renderAnnotations(key: PostKey): Promise<void> {
  const a = await getAnnotation(key);
  let tags = a.tags;
  const chips = mustGet('tags');
  const input = mustGet<HTMLInputElement>('tag-input');
  const note = mustGet<HTMLTextAreaElement>('note');
  const status = mustGet('note-status');
  input.placeholder = t('tagPlaceholder');
  note.placeholder = t('notePlaceholder');
  note.value = a.note;
  const save = async (): Promise<void> => {
    try {
      await saveAnnotation({ key, tags, note: note.value });
      status.textContent = t('noteSaved');
    } catch (e) {
      status.textContent = t('noteSaveFailed', e instanceof Error ? e.message : String(e));
    }
  };
  const draw = (): void => {
    chips.replaceChildren(...tags.map((tag) => {
      const remove = h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('tagRemoveAria', tag) }, '×');
      remove.addEventListener('click', () => {
        tags = tags.filter((x) => x !== tag);
        draw();
        void save();
      });
      return h('span', { class: 'chip chip-tag' }, tag, remove);
    }));
  };
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ',' && e.key !== '，') return;
    e.preventDefault();
    tags = normalizeTags([...tags, ...input.value.split(/[,，]/)]);
    input.value = '';
    draw();
    void save();
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  note.addEventListener('input', () => {
    clearTimeout(timer);
    status.textContent = '';
    timer = setTimeout(() => void save(), 500);
  });
  draw();
}
