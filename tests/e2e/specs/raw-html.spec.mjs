// The raw HTML GitHub keeps renders (sized images, links, alignment), safely; an image from
// another site is a placeholder, since the app loads nothing from other origins.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

const PLAN = `# Technical Plan: Pictures

## Detailed Design

<div align="center">
<img src="icons/icon-192.png" width="96" alt="System diagram">
</div>

See <a href="https://example.com/docs">the docs</a> and <kbd>Ctrl</kbd>+<kbd>P</kbd>.

![Remote architecture](https://cdn.example.com/arch.png)

<img src="x.png" onerror="alert(1)">
`;

test('sized images, links and alignment render; a remote image is a placeholder; a handler is text', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('pictures.md', PLAN);
  const diagram = app.preview.getByRole('img', { name: 'System diagram' });
  await expect(diagram).toBeVisible();
  // Shown at the width the plan asks (the file is 192 pixels wide).
  expect((await diagram.boundingBox()).width).toBe(96);
  await expect(app.preview.getByRole('link', { name: 'the docs' })).toBeVisible();
  await expect(app.preview.getByText('Ctrl', { exact: true })).toBeVisible();

  await expect(app.preview.getByText('Remote architecture', { exact: true })).toBeVisible();
  await expect(app.preview.getByRole('link', { name: 'https://cdn.example.com/arch.png' })).toBeVisible();
  await expect(app.preview.getByRole('img', { name: 'Remote architecture' })).toHaveCount(0);

  await expect(app.preview.getByText('<img src="x.png" onerror="alert(1)">')).toBeVisible();

  const { text } = await app.exportAs('HTML (.html)');
  expect(text).toContain('<img src="https://cdn.example.com/arch.png" alt="Remote architecture"');
  expect(text).toContain('<div align="center">\n<img src="icons/icon-192.png" width="96" alt="System diagram">');
  expect(text).not.toMatch(/<img[^>]*onerror/i);
});
