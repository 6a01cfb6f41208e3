import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('a backup of every plan imports into a fresh browser profile as identical plans', async ({ browser }) => {
  const first = await browser.newContext();
  const app = new Planform(await first.newPage());
  await app.open();
  await app.title.fill('Backed up one');
  await app.problem.fill('First problem');
  const one = await app.markdown();
  await app.newPlan.click();
  await app.title.fill('Backed up two');
  const two = await app.markdown();
  const { name, text } = await app.exportAs('Backup of all plans (.json)');
  expect(name).toMatch(/^planform-backup-\d{4}-\d\d-\d\d\.json$/);
  await first.close();

  const fresh = await browser.newContext();
  const other = new Planform(await fresh.newPage());
  await other.open();
  await other.importFile(name, text, 'application/json');
  await expect(other.page.getByRole('alert')).toContainText('2 added, 0 already here, 0 kept as copies');
  await expect(other.plans.getByRole('listitem')).toHaveCount(3);
  await other.plans.getByRole('button', { name: /^Backed up one/ }).click();
  expect(await other.markdown()).toBe(one);
  await other.plans.getByRole('button', { name: /^Backed up two/ }).click();
  expect(await other.markdown()).toBe(two);

  // The fresh profile's first plan, never typed in, was not kept once another was opened.
  await expect(other.plans.getByRole('listitem')).toHaveCount(2);
  // Importing it again adds nothing; a plan changed on both sides is kept twice.
  await other.title.fill('Backed up two, changed here');
  await other.importFile(name, text, 'application/json');
  await expect(other.page.getByRole('alert')).toContainText('0 added, 1 already here, 1 kept as copies');
  await expect(other.plans.getByRole('listitem')).toHaveCount(3);
  await fresh.close();
});

test('a backup with history brings each plan’s snapshots along', async ({ browser }) => {
  const first = await browser.newContext();
  const app = new Planform(await first.newPage());
  await app.open();
  await app.title.fill('With history');
  await app.page.getByRole('button', { name: 'History', exact: true }).click(); // opening takes a snapshot
  await app.page.keyboard.press('Escape');
  const { name, text } = await app.exportAs('Backup with history (.json)');
  const backup = JSON.parse(text);
  expect(backup.plans[0].history.length).toBeGreaterThan(0);
  await first.close();

  const fresh = await browser.newContext();
  const other = new Planform(await fresh.newPage());
  await other.open();
  await other.importFile(name, text, 'application/json');
  await other.plans.getByRole('button', { name: /^With history/ }).click();
  await other.page.getByRole('button', { name: 'History', exact: true }).click();
  const dialog = other.page.getByRole('dialog', { name: 'History' });
  await expect(dialog.getByRole('list', { name: 'Snapshots' }).getByRole('button').first()).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Snapshots' })).toContainText('first snapshot');
  await fresh.close();
});
