/**
 * Issue 17, point 9: the manifest reference (docs/manifest.md) is one click away in the page,
 * offline like the rest of it.
 */
import { expect, test } from '@playwright/test';
import { openSample } from './helpers';

test('open the manifest reference from the editor, jump to a field, close it with Escape', async ({
  page,
}) => {
  await openSample(page, 'hello');
  const button = page.getByRole('button', { name: 'Reference' });
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Manifest reference' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'URL parameters' })).toBeAttached();
  await expect(dialog.getByRole('heading', { name: 'The command line' })).toBeAttached();
  await expect(dialog.getByRole('table').first()).toContainText('onDenied');

  await dialog.getByRole('link', { name: 'limits' }).first().click();
  const limits = dialog.getByRole('heading', { name: 'limits', exact: true });
  await expect(limits).toBeInViewport();
  await expect(limits).toBeFocused();
  await expect(page).not.toHaveURL(/#limits/);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
});
