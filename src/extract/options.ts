/** How an extraction may choose its sources. */
export interface ExtractOptions {
  /**
   * 'auto' (default): js-initialData when it has the item's body, else the DOM.
   * 'dom': the DOM only, so tests can compare both sources of the same item.
   */
  source?: 'auto' | 'dom';
}
