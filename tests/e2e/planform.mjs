// Page object: the app's UI found by role and accessible name (the UI contract in DESIGN.md).
import { expect } from '@playwright/test';

export class Planform {
  /** @param {import('@playwright/test').Page} page */
  constructor(page) {
    this.page = page;
    this.plans = page.getByRole('navigation', { name: 'Plans' });
    this.newPlan = page.getByRole('button', { name: 'New plan' });
    this.formTab = page.getByRole('tab', { name: 'Form' });
    this.markdownTab = page.getByRole('tab', { name: 'Markdown' });
    this.source = page.getByRole('textbox', { name: 'Markdown source' });
    this.preview = page.getByRole('region', { name: 'Preview' });
    this.title = page.getByRole('textbox', { name: 'Title', exact: true });
    this.problem = page.getByRole('textbox', { name: 'Problem statement' });
    this.exportMenu = page.getByRole('button', { name: 'Export' });
    this.importButton = page.getByRole('button', { name: 'Import' });
    this.status = page.getByRole('status').filter({ hasText: /Sav|saved/ });
  }

  /** Opens the app (each test's browser context starts with empty storage). */
  async open() {
    await this.page.goto('./');
    await expect(this.title).toBeVisible();
  }

  /** Waits until the plan's record holds every edit (not only the write-ahead record). */
  async saved() {
    await expect(this.status).toHaveText(/^Saved/);
    await expect(this.status).toHaveAttribute('aria-busy', 'false');
  }

  /** The whole plan as canonical markdown, read from the Markdown tab. */
  async markdown() {
    await this.markdownTab.click();
    const text = await this.source.inputValue();
    await this.formTab.click();
    return text;
  }

  /** Clicks an Export menu item and returns the download's text and file name. */
  async exportAs(item) {
    await this.exportMenu.click();
    return this.download(this.page.getByRole('menuitem', { name: item }));
  }

  /** Clicks `control` and returns the file it downloads: its name and text. */
  async download(control) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), control.click()]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  /** Imports a file through the Import button's file picker. */
  async importFile(name, text, mimeType = 'text/markdown') {
    const [chooser] = await Promise.all([
      this.page.waitForEvent('filechooser'),
      this.importButton.click(),
    ]);
    await chooser.setFiles({ name, mimeType, buffer: Buffer.from(text, 'utf8') });
  }

  /** Opens the Templates dialog and adds a template from a file through its picker; returns the dialog. */
  async addTemplate(name, text) {
    await this.page.getByRole('button', { name: 'Templates', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Templates' });
    const [chooser] = await Promise.all([
      this.page.waitForEvent('filechooser'),
      dialog.getByRole('button', { name: 'Add template' }).click(),
    ]);
    await chooser.setFiles({ name, mimeType: 'text/markdown', buffer: Buffer.from(text, 'utf8') });
    return dialog;
  }

  /**
   * Fills what is left of storage with another app's data, from `page` (the app's own page, or
   * another tab of the same origin): 256 K-character values, halved when refused, down to 16.
   */
  static async fillStorage(page) {
    await page.evaluate(() => {
      let chunk = 'x'.repeat(256 * 1024);
      let n = 0;
      while (chunk.length > 16) {
        try {
          localStorage.setItem(`other-app:${n++}`, chunk);
        } catch {
          chunk = chunk.slice(0, chunk.length / 2);
        }
      }
    });
  }
}
