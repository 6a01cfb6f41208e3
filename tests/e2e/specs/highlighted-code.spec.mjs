// Fenced code with a language is highlighted in the preview and the HTML export, both themes.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

const PLAN = `# Technical Plan: Retries

## Detailed Design

\`\`\`sql
-- New tables
CREATE TABLE retries (id UUID PRIMARY KEY, attempts INT DEFAULT 0);
\`\`\`

\`\`\`mermaid
graph TD; A-->B
\`\`\`
`;

for (const colorScheme of ['light', 'dark']) {
  test(`code is coloured by token in the ${colorScheme} theme, and the export carries the colours`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    const app = new Planform(page);
    await app.open();
    await app.importFile('retries.md', PLAN);
    await expect(app.preview.getByRole('heading', { name: 'Technical Plan: Retries' })).toBeVisible();
    const code = app.preview.locator('pre code.language-sql');
    await expect(code).toHaveText('-- New tables\nCREATE TABLE retries (id UUID PRIMARY KEY, attempts INT DEFAULT 0);\n');
    const keyword = code.getByText('CREATE', { exact: true });
    const comment = code.getByText('-- New tables', { exact: true });
    await expect(keyword).toHaveClass('pl-k');
    await expect(comment).toHaveClass('pl-c');
    const color = (l) => l.evaluate((e) => getComputedStyle(e).color);
    const plain = await code.evaluate((e) => getComputedStyle(e).color);
    expect(await color(keyword)).not.toBe(plain);
    expect(await color(comment)).not.toBe(await color(keyword));
    // A language it does not know stays plain code.
    await expect(app.preview.locator('pre code.language-mermaid span')).toHaveCount(0);

    const { text } = await app.exportAs('HTML (.html)');
    expect(text).toContain('<span class="pl-k">CREATE</span>');
    expect(text).toContain('.markdown-body .pl-k{color:var(--pl-k)}');
    await context.close();
  });
}
