import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
test('timing', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const kinds = ['flowchart TD\n A-->B', 'sequenceDiagram\n A->>B: hi', 'pie\n "a": 1\n "b": 2', 'stateDiagram-v2\n [*] --> S', 'erDiagram\n A ||--o{ B : has', 'classDiagram\n A --> B', 'gantt\n dateFormat YYYY-MM-DD\n section S\n T :a, 2026-01-01, 3d'];
  const md = '# T\n\n' + kinds.map((k) => '```mermaid\n' + k + '\n```\n').join('\n');
  let t0 = Date.now();
  await app.importFile('t.md', md);
  await expect(app.preview.locator('figure.mermaid.drawn').first()).toBeVisible({ timeout: 20000 });
  const first = Date.now() - t0;
  await expect(app.preview.locator('figure.mermaid.drawn')).toHaveCount(7, { timeout: 20000 });
  const all = Date.now() - t0;
  await app.markdownTab.click();
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const text = await app.source.inputValue();
    t0 = Date.now();
    await app.source.fill(text.replace(/A-->B\w*/, `A-->B${i}`));
    await expect(app.preview.locator('figure.mermaid').first().locator('iframe:not(.mermaid-next)').contentFrame().getByText(`B${i}`)).toBeVisible();
    samples.push(Date.now() - t0);
  }
  console.log(`first picture ${first} ms; all 7 ${all} ms; redraw after an edit ${samples.join(', ')} ms`);
});
