import type { Locator } from '@playwright/test';
import type { EditorPage } from './editor-page.ts';

/** The Request panel: the body as JSON, and Import, which lays a pasted body out on the canvas. */
export class RequestPanel {
  readonly json: Locator;

  constructor(private readonly editor: EditorPage) {
    this.json = editor.byTestId('request-json');
  }

  /** The body as the panel shows it. */
  async shownBody(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.json.textContent()) ?? 'null') as Record<string, unknown>;
  }

  /** Pastes a body (an object, or text as it is) into Import and applies it. */
  async importBody(body: unknown): Promise<void> {
    await this.editor.byTestId('import-open').click();
    await this.editor.byTestId('import-text').fill(typeof body === 'string' ? body : JSON.stringify(body, null, 2));
    await this.editor.byTestId('import-apply').click();
  }
}
