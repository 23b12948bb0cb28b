// The receipt of issue 13 in headless Chromium on a phone (390×844): a
// citizen files a general complaint, reloads the receipt (still one
// complaint), copies the code, prints the receipt, and follows the link the
// QR code holds to the tracking page, which fills the code from the URL's
// fragment and shows what the complaint was about (with the coordinates the
// "use my current position" button filled in).
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

import { until } from './wait.mjs';

const base = process.env.BASE;
if (!base) throw new Error('missing BASE');
const home = `${base}/o/demo/complaints`;
const subject = 'ไฟถนนดับหน้าศาลาประชาคม';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: 'th-TH', geolocation: { latitude: 8.4319, longitude: 99.963178 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write', 'geolocation'], { origin: base });
  const page = await context.newPage();
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  const received = async () => {
    await page.goto(`${home}/stats`);
    return Number((await page.textContent('#total-received')).trim());
  };
  const before = await received();

  // 1. The form: required fields marked, then filed.
  await page.goto(`${home}/new/general`);
  assert.equal(await page.getAttribute('#subject', 'aria-required'), 'true');
  assert.ok((await page.textContent('#files-limits')).includes('MB'), 'the file size is stated');
  assert.ok(await page.locator('#pdpa-notice').isVisible(), 'the PDPA notice is shown');
  await page.selectOption('#category', 'lights');
  await page.fill('#subject', subject);
  await page.fill('#details', 'ไฟถนนดับทั้งแนวหน้าศาลาประชาคมมาสามคืนแล้ว มืดมาก');
  await page.fill('#place', 'หน้าศาลาประชาคม');
  // "Use my current position": the browser's coordinates, no map.
  await page.click('#locate');
  await until(page, () => document.getElementById('latitude').value !== '');
  assert.equal(await page.inputValue('#latitude'), '8.431900');
  assert.equal(await page.inputValue('#longitude'), '99.963178');
  await Promise.all([page.waitForURL(/\/complaints\/receipt$/), page.click('form button[type=submit]')]);
  const code = (await page.textContent('#tracking-code')).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.ok(!page.url().includes(code), 'no code in the URL');

  // 2. The code on one line at 390 px, nothing scrolling sideways.
  const box = await page.evaluate(() => {
    const element = document.getElementById('tracking-code');
    const style = getComputedStyle(element);
    return {
      height: element.getBoundingClientRect().height,
      line: parseFloat(style.lineHeight),
      scroll: element.scrollWidth,
      width: element.clientWidth,
      page: document.documentElement.scrollWidth,
    };
  });
  assert.ok(box.height < box.line * 1.5, `one line: ${JSON.stringify(box)}`);
  assert.ok(box.scroll <= box.width + 1, `the code fits: ${JSON.stringify(box)}`);
  assert.ok(box.page <= 390, `no sideways scroll: ${JSON.stringify(box)}`);

  // 3. Reloading the receipt files nothing and shows the same code.
  await page.reload();
  assert.equal((await page.textContent('#tracking-code')).trim(), code);

  // 4. Copy: the code goes to the clipboard.
  await page.click('#copy-code');
  await until(page, () => document.getElementById('copy-status').textContent.length > 0);
  const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => ''));
  assert.equal(copied, code, 'the code is on the clipboard');

  // 5. Print: the receipt, without the site's header or the buttons.
  assert.ok(await page.locator('#print-receipt').isVisible());
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('#tracking-code').isVisible());
  assert.ok(await page.locator('svg.qr').isVisible(), 'the QR code prints');
  assert.ok(!(await page.locator('.site-header').isVisible()), 'no site header on paper');
  assert.ok(!(await page.locator('#copy-code').isVisible()), 'no buttons on paper');
  await page.screenshot({ path: process.env.SCREENSHOT || '/tmp/sujarit-receipt-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.screenshot({ path: process.env.SCREENSHOT_SCREEN || '/tmp/sujarit-receipt-390.png', fullPage: true });

  // 6. The link (the one the QR code holds): the code only after '#'.
  const href = await page.getAttribute('#track-link', 'href');
  assert.ok(href.endsWith(`/complaints/track#code=${code}`), href);
  assert.ok(!href.includes('?'), href);
  await page.goto(new URL(href, base).toString());
  await page.waitForSelector('#case-subject');
  assert.equal((await page.textContent('#case-subject')).trim(), subject);
  assert.equal((await page.textContent('#case-location')).trim(), '8.431900, 99.963178');
  assert.equal((await page.inputValue('#code')).trim(), code);
  assert.ok(!page.url().includes('#code'), `the fragment is gone: ${page.url()}`);

  // 7. Still one complaint, and no request ever carried the code in its URL.
  assert.equal(await received(), before + 1, 'the reload filed nothing');
  const bare = code.replaceAll('-', '');
  // (What follows '#' never leaves the browser.)
  const sent = requested.map((url) => url.split('#')[0]);
  const leaked = sent.filter((url) => url.includes(code) || url.includes(bare));
  assert.deepEqual(leaked, [], 'no URL the server saw carries the code');
  console.log('e2e receipt: ok');
} finally {
  await browser.close();
}
