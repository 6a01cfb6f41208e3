import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('an idle tab follows the other tab live', async ({ context }) => {
  const a = new Planform(await context.newPage());
  await a.open();
  const b = new Planform(await context.newPage());
  await b.open();
  await expect(b.title).toHaveValue('');
  await a.title.fill('Typed in tab A');
  await expect(b.title).toHaveValue('Typed in tab A');
  await expect(b.preview.getByRole('heading', { level: 1 })).toHaveText('Technical Plan: Typed in tab A');
  await b.problem.fill('Then typed in tab B');
  await expect(a.problem).toHaveValue('Then typed in tab B');
});

test('two tabs editing one plan at once get a conflict notice and lose nothing', async ({ context }) => {
  const pa = await context.newPage();
  const a = new Planform(pa);
  await a.open();
  const pb = await context.newPage();
  const b = new Planform(pb);
  await b.open();
  // Tab A is busy (its event loop blocked, so no storage event reaches it) while tab B saves;
  // then A edits its stale copy. A says when it is busy, and stays busy until B's version is
  // stored: however loaded the machine, B's save falls inside A's busy time.
  await Promise.all([
    pa.evaluate(() => {
      localStorage.setItem('test:a-busy', '1');
      const end = performance.now() + 10_000;
      const stored = () => Object.keys(localStorage)
        .filter((k) => k.startsWith('planform:plan:'))
        .some((k) => (localStorage.getItem(k) ?? '').includes('Version from B'));
      while (!stored() && performance.now() < end) { /* busy: no events reach this tab */ }
      const t = document.querySelector('input[aria-label=Title]');
      t.value = 'Version from A';
      t.dispatchEvent(new Event('input', { bubbles: true }));
    }),
    (async () => {
      await pb.waitForFunction(() => localStorage.getItem('test:a-busy') === '1');
      await b.title.fill('Version from B');
    })(),
  ]);
  const conflictA = pa.getByRole('alert', { name: 'Conflict' });
  const conflictB = pb.getByRole('alert', { name: 'Conflict' });
  await expect
    .poll(async () => (await conflictA.isVisible()) || (await conflictB.isVisible()), { timeout: 5000 })
    .toBe(true);
  const [loser, page] = (await conflictA.isVisible()) ? [a, pa] : [b, pb];
  await expect(page.getByRole('status').filter({ hasText: 'Not saved' })).toBeVisible();
  await page.getByRole('button', { name: 'Keep both' }).click();
  await expect(page.getByRole('alert', { name: 'Conflict' })).toBeHidden();
  await loser.saved();
  // Both versions are in the library now.
  await page.reload();
  await expect(loser.plans.getByRole('button', { name: /^Version from A/ })).toBeVisible();
  await expect(loser.plans.getByRole('button', { name: /^Version from B/ })).toBeVisible();
});

test('two tabs on different plans both save', async ({ context }) => {
  const a = new Planform(await context.newPage());
  await a.open();
  const b = new Planform(await context.newPage());
  await b.open();
  await b.newPlan.click();
  await a.title.fill('Plan of tab A');
  await b.title.fill('Plan of tab B');
  await a.problem.fill('A problem');
  await b.problem.fill('B problem');
  await expect(a.title).toHaveValue('Plan of tab A');
  await expect(b.title).toHaveValue('Plan of tab B');
  const c = new Planform(await context.newPage());
  await c.open();
  await expect(c.plans.getByRole('listitem')).toHaveCount(2);
  await c.plans.getByRole('button', { name: /^Plan of tab A/ }).click();
  await expect(c.problem).toHaveValue('A problem');
  await c.plans.getByRole('button', { name: /^Plan of tab B/ }).click();
  await expect(c.problem).toHaveValue('B problem');
});
