import type { Page } from '@playwright/test';
import { expect } from './editor-test.ts';

/** Accepts (or dismisses) the next window.confirm of the page. */
export function answerNextConfirm(page: Page, accept: boolean): void {
  page.once('dialog', (dialog) => {
    expect(dialog.type()).toBe('confirm');
    void (accept ? dialog.accept() : dialog.dismiss());
  });
}
