/**
 * Fixed-height windowing: only the rows in view (plus a margin) exist in the DOM, so 10,000
 * posts scroll like 20 (docs/performance-notes.md §3: 10k rows take 1.25–2.4 s to render; 50 take ~33 ms).
 * A spacer gives the scrollbar its full height; rows are positioned with a CSSOM transform
 * (CSP forbids inline style attributes, not CSSOM).
 */
export interface VirtualListOptions {
  scroller: HTMLElement;
  rowHeight: number;
  overscan?: number;
  /** Builds row `index`; called only for rows in view. */
  render(index: number): HTMLElement;
  /** Told which rows are about to show, so their data can be fetched. */
  onRange?(first: number, last: number): void;
}

export class VirtualList {
  private count = 0;
  private readonly spacer: HTMLElement;
  private readonly body: HTMLElement;
  private frame = 0;

  constructor(private readonly opts: VirtualListOptions) {
    this.spacer = document.createElement('div');
    this.spacer.className = 'vl-spacer';
    this.body = document.createElement('ul');
    this.body.className = 'vl-body';
    this.body.setAttribute('role', 'list');
    opts.scroller.replaceChildren(this.spacer, this.body);
    opts.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(opts.scroller);
  }

  setCount(count: number, keepScroll = false): void {
    this.count = count;
    this.spacer.style.height = `${count * this.opts.rowHeight}px`;
    if (!keepScroll) this.opts.scroller.scrollTop = 0;
    this.renderNow();
  }

  /** Re-renders the rows in view (data for them arrived, or selection changed). */
  refresh(): void {
    this.renderNow();
  }

  scrollToIndex(i: number): void {
    const { scroller, rowHeight } = this.opts;
    const top = i * rowHeight;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + rowHeight > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + rowHeight - scroller.clientHeight;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderNow();
    });
  }

  private renderNow(): void {
    const { scroller, rowHeight, overscan = 6 } = this.opts;
    const height = scroller.clientHeight || 800;
    const first = Math.max(0, Math.floor(scroller.scrollTop / rowHeight) - overscan);
    const last = Math.min(this.count, Math.ceil((scroller.scrollTop + height) / rowHeight) + overscan);
    this.opts.onRange?.(first, last);
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const el = this.opts.render(i);
      el.style.transform = `translateY(${i * rowHeight}px)`;
      el.setAttribute('aria-posinset', String(i + 1));
      el.setAttribute('aria-setsize', String(this.count));
      rows.push(el);
    }
    // Keep focus on the same row across re-renders (keyboard users tab through checkboxes).
    const focusedKey = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-key]')?.dataset.key;
    const focusedClass = (document.activeElement as HTMLElement | null)?.className;
    this.body.replaceChildren(...rows);
    if (focusedKey) {
      const again = this.body.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"] .${CSS.escape(focusedClass?.split(' ')[0] ?? '')}`);
      again?.focus({ preventScroll: true });
    }
  }
}
