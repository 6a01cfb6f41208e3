import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

// Stored values that go bad while the app runs (another program, a broken extension) are set
// aside before the app writes over them, as start-up sets aside what it cannot read: nothing of
// the unreadable text is lost, and nothing typed is lost either.
for (const how of ['replaced by garbage', 'cut short']) {
  test(`values ${how} during the pause before a save are kept aside, not overwritten`, async ({ page }) => {
    await page.clock.install();
    const app = new Planform(page);
    await app.open();
    await app.title.fill('First words');
    await page.clock.runFor(2000);
    await app.saved();
    // Typing again: the edit is in the write-ahead record; the plan's record is written once
    // typing pauses. Within that pause every stored value of the app goes bad.
    await app.title.fill('Typed before the damage');
    const spoiled = await page.evaluate((how) => {
      const f = how === 'cut short'
        ? (v) => v.slice(0, Math.max(1, Math.floor(v.length / 2)))
        : (v) => `garbage: ${v.length}`;
      const out = {};
      for (const key of Object.keys(localStorage)) {
        if (!key.startsWith('planform:') || key === 'planform:last' || key === 'planform:theme') continue;
        out[key] = f(localStorage.getItem(key));
        localStorage.setItem(key, out[key]);
      }
      return out;
    }, how);
    expect(Object.keys(spoiled).some((k) => k.startsWith('planform:plan:'))).toBe(true);
    expect(Object.keys(spoiled).some((k) => k.startsWith('planform:wal:'))).toBe(true);
    await page.clock.runFor(2000);
    await app.saved();

    // The app says so at once, and offers every spoiled value for download, as it was.
    const notice = page.getByRole('alert', { name: 'Unreadable data' });
    await expect(notice).toBeVisible();
    const { text } = await app.download(notice.getByRole('button', { name: 'Download unreadable data' }));
    const kept = JSON.parse(text);
    // What the save wrote over (the plan's record, the index, the write-ahead record it
    // dropped) is in the download as it was; any other spoiled value is still in its place.
    const written = Object.keys(spoiled).filter((k) => /^planform:(plan:|wal:|index$)/.test(k));
    expect(written.length).toBeGreaterThanOrEqual(3);
    for (const key of written) expect(kept[key], key).toBe(spoiled[key]);
    const inPlace = await page.evaluate(() => ({ ...localStorage }));
    for (const [key, value] of Object.entries(spoiled)) {
      expect(kept[key] === value || inPlace[key] === value, `${key} is kept somewhere`).toBe(true);
    }

    // After a reload: the plan as typed, and the spoiled values still aside.
    await page.reload();
    await expect(app.title).toHaveValue('Typed before the damage');
    await expect(notice).toBeVisible();
    const { text: again } = await app.download(notice.getByRole('button', { name: 'Download unreadable data' }));
    for (const key of written) expect(JSON.parse(again)[key], key).toBe(spoiled[key]);
  });
}
