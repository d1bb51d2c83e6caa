import { expect } from '@playwright/test';
import type { EditorPage, EditorWindow } from './editor-page.ts';

/** The keyboard as a person uses it: keys held with their auto-repeat, Tab through the page, where the focus is. */
export class KeyboardFocus {
  constructor(private readonly editor: EditorPage) {}

  /**
   * Holds a key for `ms` milliseconds as a person would: one press, then the key's auto-repeats every
   * `repeatEveryMs` (a keydown without keyup is sent with `repeat: true`), then the release. The number of
   * repeats is fixed by the duration, not by the clock, so a slow machine sends the same keys. Returns how many
   * keydowns were sent.
   */
  async holdKey(key: string, ms: number, repeatEveryMs = 33): Promise<number> {
    const { page } = this.editor;
    const repeats = Math.floor(ms / repeatEveryMs);
    await page.keyboard.down(key);
    for (let repeat = 0; repeat < repeats; repeat += 1) {
      await page.waitForTimeout(repeatEveryMs);
      await page.keyboard.down(key);
    }
    await page.keyboard.up(key);
    return repeats + 1;
  }

  /** Presses Tab until the canvas has the keyboard focus (at most `limit` times); fails if it never does. */
  async tabToCanvas(limit = 120): Promise<void> {
    const { stage } = this.editor;
    for (let presses = 0; presses < limit; presses += 1) {
      if (await stage.evaluate((element) => element === document.activeElement)) return;
      await this.editor.page.keyboard.press('Tab');
    }
    await expect(stage, `the canvas is reached with Tab within ${limit} presses`).toBeFocused();
  }

  /**
   * What has the keyboard focus: the page's body (nothing), or an element, whether it is shown and its focus
   * ring is; and the selected layer then. One round trip, as a test may ask after every Tab.
   */
  focusedElement(): Promise<{
    isBody: boolean;
    onCanvas: boolean;
    shown: boolean;
    focusVisible: boolean;
    name: string;
    selection: string | null;
  }> {
    return this.editor.page.evaluate(() => {
      const selection = (window as unknown as EditorWindow).__editor.selection();
      const element = document.activeElement;
      if (!element || element === document.body) {
        return { isBody: true, onCanvas: false, shown: false, focusVisible: false, name: 'body', selection };
      }
      const rect = element.getBoundingClientRect();
      return {
        isBody: false,
        onCanvas: element.getAttribute('data-testid') === 'canvas-stage',
        shown: element.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && rect.width > 0 && rect.height > 0,
        focusVisible: element.matches(':focus-visible'),
        name: `${element.tagName.toLowerCase()} "${element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.textContent?.slice(0, 30)}"`,
        selection,
      };
    });
  }
}
