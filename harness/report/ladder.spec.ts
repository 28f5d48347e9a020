import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { failingRunJournal } from '../journal/testing/failing-run.ts';
import { inboundCallJournal } from '../journal/testing/inbound-call.ts';
import { renderLadder } from './ladder.ts';

/**
 * The ladder in a real browser: it renders from the file alone, nothing it
 * carries runs as script, labels stay inside the drawing, the lane titles stay
 * in view. Each test attaches the page and a screenshot to the report.
 */

async function open(
  page: Page,
  html: string,
  name: string,
): Promise<{ requests: string[]; problems: string[] }> {
  const file = test.info().outputPath(`${name}.html`);
  await writeFile(file, html);
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(pathToFileURL(file).href);
  await test.info().attach(`${name}.html`, { path: file, contentType: 'text/html' });
  return { requests, problems };
}

async function attachScreenshot(page: Page, name: string) {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await test.info().attach(`${name}.png`, { path, contentType: 'image/png' });
}

test.use({ viewport: { width: 1400, height: 900 } });

test('a whole inbound call reads as a ladder, from the file alone', async ({ page }) => {
  const { entries, marks } = inboundCallJournal();
  const { requests, problems } = await open(
    page,
    renderLadder(entries, { marks, title: 'Inbound call' }),
    'inbound-call',
  );

  expect(requests).toHaveLength(1);
  expect(problems).toEqual([]);
  const lanes = page.locator('svg.lane-header .lane-title');
  await expect(lanes).toHaveText([
    'page (bar)',
    'integration',
    'CEC HTTP',
    'CEC SIP',
    'softphone',
    'customer',
  ]);
  await expect(page.locator('svg.ladder')).toContainText('AgentEvent_Ringing');
  await expect(page.locator('#seq-25 > title')).toHaveText(/^seq 25 · \+61560 ms/);

  // Every label lies inside the drawing: the layout's character budget fits the font the browser chose.
  const overflow = await page.locator('svg.ladder').evaluate((svg: SVGSVGElement) => {
    const width = svg.width.baseVal.value;
    return [...svg.querySelectorAll<SVGTextElement>('text.lbl')]
      .map((t) => ({ text: t.textContent, box: t.getBBox() }))
      .filter(({ box }) => box.x < 0 || box.x + box.width > width + 1);
  });
  expect(overflow).toEqual([]);

  // The lane titles stay in view while the ladder scrolls under them.
  await page.mouse.wheel(0, 1500);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  const header = await page.locator('.lanes-sticky').boundingBox();
  expect(header?.y).toBe(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await attachScreenshot(page, 'inbound-call');
});

test('what the journal carries stays text: markup in paths, SIP lines and step errors never runs', async ({
  page,
}) => {
  const { entries, marks } = failingRunJournal();
  const { problems } = await open(
    page,
    renderLadder(entries, { marks, title: 'A run that fails' }),
    'failing-run',
  );

  expect(problems).toEqual([]);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.locator('svg.ladder')).toContainText('<script>window.__pwned = 1</script>');
  await expect(page.locator('.failures li')).toHaveCount(3);
  await expect(page.getByRole('link', { name: '✗ step 2: the bar loads' })).toBeVisible();
  await page.getByRole('link', { name: '✗ step 3: softphone registers' }).click();
  await expect(page).toHaveURL(/#step-3$/);
  await expect(page.locator('svg.ladder')).toContainText('×5000 agentevent.poll, no event');
  await page.evaluate(() => window.scrollTo(0, 0));
  await attachScreenshot(page, 'failing-run');
});
