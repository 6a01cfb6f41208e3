import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('an edit in the Markdown tab reaches the form and the preview', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.markdownTab.click();
  const text = await app.source.inputValue();
  expect(text.startsWith('# Technical Plan: [Feature Name]')).toBe(true);
  await app.source.fill(
    text.replace('[Feature Name]', 'Audit log') +
      '\n## Glossary\n\nA section the template does not know.\n',
  );
  await expect(app.preview.getByRole('heading', { name: 'Glossary' })).toBeVisible();
  await app.formTab.click();
  await expect(app.title).toHaveValue('Audit log');
  await app.markdownTab.click();
  await expect(app.source).toHaveValue(/A section the template does not know\./);
});
