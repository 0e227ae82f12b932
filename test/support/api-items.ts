/**
 * Finds the answer, article and pin objects inside any captured API payload (single objects, question
 * feeds, XHR logs, search results, moments), so every one goes through the same normalizer.
 */
import { fromApiAnswer, fromApiArticle, fromApiPin, type CapturedItem } from '../../src/extract';

type ApiKind = 'answer' | 'article' | 'pin';
export interface ApiObject {
  kind: ApiKind;
  id: string;
  json: Record<string, unknown>;
}

const NORMALIZE = { answer: fromApiAnswer, article: fromApiArticle, pin: fromApiPin };

export function apiObjects(root: unknown): ApiObject[] {
  const found = new Map<string, ApiObject>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const kind = o.type as ApiKind;
    const hasBody = typeof o.content === 'string' || typeof o.content_html === 'string' || o.attachment !== undefined;
    if ((kind === 'answer' || kind === 'article' || kind === 'pin') && o.id !== undefined && hasBody) {
      const key = `${kind}-${String(o.id)}`;
      if (!found.has(key)) found.set(key, { kind, id: String(o.id), json: o });
      return;
    }
    Object.values(o).forEach(visit);
  };
  visit(root);
  return [...found.values()];
}

export function normalizeApiObject(o: ApiObject, sourceUrl: string): CapturedItem | null {
  return NORMALIZE[o.kind](o.json, sourceUrl);
}
