/** The plain words for each error code of the protocol, wherever a save can fail (page button, popup). */
import type { ErrorCode } from '../messaging/protocol';
import type { MessageKey } from './message-keys';

export const ERROR_TEXT: Record<ErrorCode, MessageKey> = {
  rejected: 'errorRejected',
  invalid: 'errorInvalid',
  quota: 'errorQuota',
  storage: 'errorStorage',
  internal: 'errorInternal',
  'library-newer': 'errorLibraryNewer',
  'library-unavailable': 'errorLibraryUnavailable',
  'rate-limited': 'errorRateLimited',
};
