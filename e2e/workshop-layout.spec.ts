/**
 * Issue 17, point 4: the page on a phone (390x844), on a projector (1920x1080 at 150%, so a
 * 1280x720 CSS viewport at device scale 1.5) and embedded at 800x450.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { logTable, openSample, output, runAndWait, runButton, runStatus } from './helpers';

/** Whether the element's box lies inside the viewport and nothing covers its centre. */
async function reachable(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside =
      r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return inside && !!top && (top === el || el.contains(top));
  });
}

/** Whether the first occurrence of `text` inside `region` is drawn inside the region's box. */
async function textInView(region: Locator, text: string): Promise<boolean> {
  return region.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent?.indexOf(wanted) ?? -1;
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + wanted.length);
      const r = range.getBoundingClientRect();
      // The nearest scrolling box that clips the text.
      let clip: Element | null = n.parentElement;
      while (clip && clip !== root && getComputedStyle(clip).overflowY === 'visible')
        clip = clip.parentElement;
      const c = (clip ?? root).getBoundingClientRect();
      return (
        r.top >= c.top - 1 &&
        r.bottom <= c.bottom + 1 &&
        r.left >= c.left - 1 &&
        r.right <= c.right + 1
      );
    }
    return false;
  }, text);
}

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test.describe('phone, 390x844', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('open hello on a phone: the page fits, Run is on screen and uncovered, editor and log use the width', async ({
    page,
  }) => {
    await openSample(page, 'hello');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await reachable(runButton(page))).toBe(true);
    await runAndWait(page, 'Exited with code 0');
    await expect(output(page)).toContainText('Hello, Ada!');
    const editor = await page.getByRole('region', { name: 'Manifest editor' }).boundingBox();
    expect(editor!.width).toBeGreaterThan(350);
    await logTable(page).scrollIntoViewIfNeeded();
    const log = await logTable(page).boundingBox();
    expect(log!.width).toBeGreaterThan(350);
    // Scrolled down to the log, Run is still at hand, and so is the verdict.
    expect(await reachable(runButton(page))).toBe(true);
    expect(await reachable(runStatus(page))).toBe(true);
  });
});

test.describe('projector, 1920x1080 at 150%', () => {
  test.use({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1.5 });

  test('presenter mode: the whole output and the log result column are in view; Escape leaves it', async ({
    page,
  }) => {
    await openSample(page, 'hello');
    const presenter = page.getByRole('button', { name: 'Presenter' });
    await presenter.click();
    await expect(presenter).toHaveAttribute('aria-pressed', 'true');
    await runAndWait(page, 'Exited with code 0');
    await expect(output(page)).toContainText('HOME is not set');
    expect(await textInView(output(page), 'Hello, Ada!')).toBe(true);
    expect(await textInView(output(page), 'HOME is not set')).toBe(true);

    const table = await logTable(page).boundingBox();
    for (const name of ['verdict', 'rule', 'result']) {
      const header = await logTable(page)
        .getByRole('columnheader', { name, exact: true })
        .boundingBox();
      expect(header!.x + header!.width, `${name} column`).toBeLessThanOrEqual(
        table!.x + table!.width,
      );
    }
    const verdict = logTable(page).getByRole('cell').filter({ hasText: 'granted' }).first();
    expect(await verdict.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    await page.keyboard.press('Escape');
    await expect(presenter).toHaveAttribute('aria-pressed', 'false');
  });
});

test.describe('embed, 800x450', () => {
  test.use({ viewport: { width: 800, height: 450 } });

  test('an embedded sandbox shows the whole exit status after Run', async ({ page }) => {
    await page.goto('/?sample=hello&embed=1');
    await runAndWait(page, 'Exited with code 0');
    expect(await reachable(runStatus(page))).toBe(true);
    expect(await textInView(runStatus(page), 'Exited with code 0')).toBe(true);
  });
});
