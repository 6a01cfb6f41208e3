import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('a full storage keeps the plan in memory, says so, offers a backup, and resumes when room is made', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  // A big plan, then moved to the trash: emptying the trash is how room will be made.
  await app.markdownTab.click();
  await app.source.fill(`# Technical Plan: Big old plan\n\n## Notes\n\n${'Old notes that take room. '.repeat(40000)}\n`);
  await app.formTab.click();
  await app.plans.getByRole('button', { name: 'Delete Big old plan' }).click();
  await app.title.fill('Current plan');
  await app.saved();

  // Fill what is left of the quota with another app's data.
  await Planform.fillStorage(page);
  await app.problem.fill('Typed while storage is full. '.repeat(50));
  await expect(page.getByRole('status').filter({ hasText: 'Not saved: storage is full' })).toBeVisible();
  const banner = page.getByRole('alert', { name: 'Storage full' });
  await expect(banner).toBeVisible();

  const { text } = await app.download(banner.getByRole('button', { name: 'Download backup' }));
  const backup = JSON.parse(text);
  expect(backup.format).toBe('planform-backup');
  expect(backup.plans.some((p) => p.markdown.includes('Current plan'))).toBe(true);
  expect(backup.trash.length).toBe(1);

  await banner.getByRole('button', { name: 'Empty trash' }).click();
  await app.saved();
  await expect(banner).toBeHidden();
  await page.reload();
  await expect(app.title).toHaveValue('Current plan');
  await expect(app.problem).toHaveValue(/^Typed while storage is full\./);
});
