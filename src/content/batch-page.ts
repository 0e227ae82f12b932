/**
 * What the page says about the list it shows (issue #14): its count and name, the question's own next
 * link, and the items it already holds (captured as their buttons would capture them). Read at click
 * time, never at load: the page's start-up never waits for this.
 */
import { extractAll, type CapturedItem } from '../extract';
import { asObject, field, num, readInitialState, str, type JsonObject } from '../extract/initial-data';
import type { BatchStartRequest } from '../messaging/protocol';
import type { BatchSource } from '../storage/batch-types';

const MAX_PAGE_ITEMS = 100;

function table(state: JsonObject | null, name: string, id: string): JsonObject | null {
  return asObject(asObject(asObject(state?.entities)?.[name])?.[id]);
}

/** The count the page shows for this list, when it says one. */
export function pageCount(state: JsonObject | null, s: BatchSource): number | null {
  if (s.kind === 'question') return num(field(table(state, 'questions', s.id), 'answerCount'));
  if (s.kind === 'collection') return num(field(table(state, 'favlists', s.id), 'itemCount'));
  if (s.kind === 'column') return num(field(table(state, 'columns', s.id), 'articlesCount')) ?? num(field(table(state, 'columns', s.id), 'itemsCount'));
  const user = table(state, 'users', s.id);
  return num(field(user, s.tab === 'answers' ? 'answerCount' : s.tab === 'posts' ? 'articlesCount' : 'pinsCount'));
}

function listName(state: JsonObject | null, s: BatchSource): string {
  if (s.kind === 'collection') return str(field(table(state, 'favlists', s.id), 'title'));
  if (s.kind === 'column') return str(field(table(state, 'columns', s.id), 'title'));
  return '';
}

/** The link Zhihu's own page would load next: `initialState.question.answers[<qid>].next`. */
function questionNext(state: JsonObject | null, id: string): string | null {
  const next = str(field(asObject(asObject(asObject(state?.question)?.answers)?.[id]), 'next'));
  return next || null;
}

function belongs(item: CapturedItem, s: BatchSource): boolean {
  if (s.kind === 'question') return item.kind === 'answer' && item.question?.id === s.id;
  if (s.kind === 'column') return item.kind === 'article';
  if (s.kind === 'people') return item.kind === (s.tab === 'answers' ? 'answer' : s.tab === 'posts' ? 'article' : 'pin');
  return true;
}

export function readBatchPage(doc: Document, s: BatchSource, href: string): BatchStartRequest {
  const state = readInitialState(doc);
  // Excerpt-only cards (a column's or a person's list) are left to the API list, which holds them whole.
  const items = extractAll(doc, href).filter((i) => belongs(i, s) && (i.complete || i.incompleteReason === 'paid')).slice(0, MAX_PAGE_ITEMS);
  return {
    source: s,
    next: s.kind === 'question' ? questionNext(state, s.id) : null,
    items,
    total: pageCount(state, s),
    name: listName(state, s).slice(0, 200),
    topics: items.find((i) => i.topics.length)?.topics ?? [],
  };
}
