// turndown-plugin-gfm ships no types; we only use these two plugins.
declare module 'turndown-plugin-gfm' {
  import type TurndownService from 'turndown';
  export function strikethrough(service: TurndownService): void;
  export function taskListItems(service: TurndownService): void;
}
