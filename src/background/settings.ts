/**
 * The worker's view of the user settings. They live in src/settings (schemas, defaults, the page's
 * groups); these names stay so the worker's imports do not change.
 */
export { loadSettings, type ImageQuality, type Settings } from '../settings';
