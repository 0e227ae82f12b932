/** Why a saved post is incomplete, in the user's words. */
import type { MessageKey } from './message-keys';

const REASON_TEXT: Record<string, MessageKey> = { paid: 'reasonPaid', truncated: 'reasonTruncated', excerpt: 'reasonExcerpt' };

export function reasonKey(reason: string | null): MessageKey {
  return REASON_TEXT[reason ?? ''] ?? 'reasonTruncated';
}
