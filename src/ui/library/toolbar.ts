/** The filter form ↔ a Filters value, and the suggestion lists once all rows are in. */
import { NO_FILTERS, topValues, type Filters } from '../../search/filter';
import { ZHIHU_STATES } from '../../storage/watch-types';
import type { LibrarySort } from './model';
import type { PostRow } from '../../storage/types';
import { h } from '../shared/dom';
import { dayStart, parseDay } from './day-input';

const DAY = 86_400_000;

export function readFilters(form: HTMLFormElement): { filters: Filters; sort: LibrarySort } {
  const f = new FormData(form);
  const str = (k: string): string => String(f.get(k) ?? '');
  const date = (k: string, end: boolean): number | null => {
    const day = parseDay(str(k));
    // Text that is not a day filters nothing; the field says why (checkDayInputs).
    return day === null || day === 'invalid' ? null : dayStart(day) + (end ? DAY - 1 : 0);
  };
  const kind = str('kind');
  const zhihu = str('zhihu');
  return {
    filters: {
      ...NO_FILTERS,
      author: str('author'),
      topic: str('topic'),
      kind: kind === 'answer' || kind === 'article' || kind === 'pin' ? kind : '',
      tag: str('tag'),
      from: date('from', false),
      to: date('to', true),
      incomplete: f.get('incomplete') !== null,
      revised: f.get('revised') !== null,
      zhihu: ZHIHU_STATES.find((s) => s === zhihu) ?? '',
    },
    sort: ((['savedAt', 'createdAt', 'voteCount', 'zhihuState'] as const).find((s) => s === str('sort')) ?? 'savedAt'),
  };
}

export function fillSuggestions(rows: Iterable<PostRow>): void {
  const all = [...rows];
  fill('authors', topValues(all, (r) => [r.author], 200));
  fill('topics', topValues(all, (r) => r.meta.topics, 200));
}

export function fillTags(tags: readonly string[], select: HTMLSelectElement): void {
  const current = select.value;
  const first = select.options[0];
  select.replaceChildren(...(first ? [first] : []), ...tags.map((t) => h('option', { value: t }, t)));
  select.value = tags.includes(current) ? current : '';
  fill('tag-list', [...tags]);
}

function fill(id: string, values: string[]): void {
  document.getElementById(id)?.replaceChildren(...values.map((v) => h('option', { value: v })));
}

/** Marks a date field that does not hold a day, with the format to use, in the UI language. */
export function checkDayInputs(form: HTMLFormElement, message: string): void {
  for (const name of ['from', 'to']) {
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLInputElement) input.setCustomValidity(parseDay(input.value) === 'invalid' ? message : '');
  }
}
