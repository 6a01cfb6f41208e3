import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

const RISKS = `<!-- planform: name Risk Register -->
# Risk Register: [Project]

## Risks

<!-- planform: columns Status=status(Open|Mitigating|Closed) -->
| Risk | Owner | Status |
|------|-------|--------|
| [Risk] | [Owner] | Open |
`;

test("a table's statuses are the template's own: offered as written, and the one chosen is written", async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const dialog = await app.addTemplate('risks.md', RISKS);
  await dialog.getByRole('button', { name: 'New plan from Risk Register' }).click();
  await expect(dialog).toBeHidden();

  const status = page.getByRole('combobox', { name: 'Risks row 1 status' });
  await expect(status).toBeVisible();
  // Exactly the template's values, in its order: none of the Technical Plan's.
  await expect(status.getByRole('option')).toHaveText(['Open', 'Mitigating', 'Closed']);
  await expect(status).toHaveValue('Open');

  await status.selectOption({ label: 'Mitigating' });
  await expect(status).toHaveValue('Mitigating');
  await expect(app.preview.getByRole('cell', { name: 'Mitigating' })).toBeVisible();
  await app.saved();
  expect(await app.markdown()).toContain('| [Risk] | [Owner] | Mitigating |');

  // A new row offers the same values.
  await page.getByRole('button', { name: 'Add risks row' }).click();
  await expect(page.getByRole('combobox', { name: 'Risks row 2 status' }).getByRole('option')).toContainText(['Open', 'Mitigating', 'Closed']);
});

test("the Technical Plan's timeline still offers its three statuses, named", async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const status = page.getByRole('combobox', { name: 'Timeline row 1 status' });
  await expect(status.getByRole('option')).toHaveText(['✅ Done', '🔄 In progress', '⏳ Pending']);
  await status.selectOption({ label: '🔄 In progress' });
  await app.saved();
  expect(await app.markdown()).toContain('| Design complete | YYYY-MM-DD | 🔄 |');
});
