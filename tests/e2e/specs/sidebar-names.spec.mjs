import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

const RFC = `- Feature Name: \`min_rust_version\`
- Start Date: 2018-06-28

## Summary

Add a \`rust\` field to the package section of \`Cargo.toml\`.

## Motivation

Crates need a minimum supported Rust version.
`;

test('a new plan nobody typed in is not kept, a plan is named by its title, else its file, and an import says so once', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.saved();
  // A MADR plan from the Templates dialog: the first visit's untouched plan is not kept.
  await page.getByRole('button', { name: 'Templates', exact: true }).click();
  await page.getByRole('dialog', { name: 'Templates' }).getByRole('button', { name: 'New plan from MADR', exact: true }).click();
  await app.saved();
  await expect(app.plans.getByRole('listitem')).toHaveCount(1);
  // Two imports: the untouched MADR plan goes too; the RFC has no title, so its file names it.
  await app.importFile('rust-rfc-2495-min-rust-version.md', RFC);
  await expect(app.plans.getByRole('button', { name: /^rust-rfc-2495-min-rust-version/ })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('Imported rust-rfc-2495-min-rust-version.md as a new plan');
  await expect(page.getByRole('alert').filter({ hasText: 'Imported' })).toHaveCount(0);
  await app.importFile('notes.md', '# Technical Plan: Offline drafts\n\n## Problem Statement\n\nSlow.\n');
  await expect(app.plans.getByRole('button', { name: /^Offline drafts/ })).toBeVisible();
  await expect(app.plans.getByRole('listitem')).toHaveCount(2);
  await expect(app.plans.getByText('Untitled plan')).toHaveCount(0);
  // The name survives a reload.
  await page.reload();
  await expect(app.plans.getByRole('button', { name: /^rust-rfc-2495-min-rust-version/ })).toBeVisible();
});
