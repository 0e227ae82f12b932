/** Every import failure or skip reason, in the user's words (_locales), never as a machine code. */
import type { ImportErrorCode } from '../../import/result';
import { t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import type { FailCode } from './import-run';

const REASONS: Record<ImportErrorCode | 'duplicate_in_file' | 'already_saved' | 'future_time' | 'image_not_raster', MessageKey> = {
  file_too_large: 'reason_file_too_large',
  not_utf8: 'reason_not_utf8',
  hexo_bad_structure: 'reason_hexo_bad_structure',
  hexo_bad_front_matter: 'reason_hexo_bad_front_matter',
  hexo_no_author_prefix: 'reason_hexo_no_author_prefix',
  zip_not_a_zip: 'reason_zip_not_a_zip',
  zip_unsupported: 'reason_zip_unsupported',
  zip_too_many_entries: 'reason_zip_too_many_entries',
  zip_bad_entry_name: 'reason_zip_bad_entry_name',
  zip_duplicate_entry: 'reason_zip_duplicate_entry',
  zip_too_large: 'reason_zip_too_large',
  zip_ratio: 'reason_zip_ratio',
  zip_corrupt: 'reason_zip_corrupt',
  backup_missing_json: 'reason_backup_missing_json',
  backup_bad_json: 'reason_backup_bad_json',
  backup_bad_schema: 'reason_backup_bad_schema',
  backup_unsupported_version: 'reason_backup_unsupported_version',
  backup_missing_image: 'reason_backup_missing_image',
  backup_image_mismatch: 'reason_backup_image_mismatch',
  backup_hash_mismatch: 'reason_backup_hash_mismatch',
  backup_key_mismatch: 'reason_backup_key_mismatch',
  post_out_of_bounds: 'reason_post_out_of_bounds',
  aborted: 'reason_aborted',
  duplicate_in_file: 'reason_duplicate_in_file',
  already_saved: 'reason_already_saved',
  future_time: 'reason_future_time',
  image_not_raster: 'reason_image_not_raster',
};

export function reasonText(code: string, detail = ''): string {
  if (code === 'storage') return t('reason_storage', detail);
  if (code === 'nothing') return t('importNothing');
  const key = (REASONS as Record<string, MessageKey | undefined>)[code];
  return key ? t(key) : t('reason_unknown');
}

export const failureText = (code: FailCode, detail: string): string => t('importFailed', reasonText(code, detail));
