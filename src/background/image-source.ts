/** Where to download an image from: the display size, or the original (`_r`) with the display size as fallback. */
import type { ImageQuality } from './settings';

export function downloadCandidates(displayUrl: string, quality: ImageQuality): string[] {
  if (quality !== 'original') return [displayUrl];
  const original = displayUrl.replace(/_(1440w|720w|b|hd)\.(jpg|jpeg|png|webp)/, '_r.$2');
  return original === displayUrl ? [displayUrl] : [original, displayUrl];
}
