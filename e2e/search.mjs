// Navigation and search of issue 13 in Debian's headless Chromium:
//
// - on a 390 px phone with JavaScript off, the public site menu opens (a
//   <details>) and reaches each section, the section's link marked
//   aria-current="page" when there; no page scrolls sideways;
// - the public search finds a plan item by a Thai word inside a longer word
//   run of its title (SEARCH_WORD in SEARCH_TITLE), and its link opens the item;
// - the staff shell: the coordinator's menu has its pages with counts, and on
//   a phone it collapses into a <details> whose summary says how much waits.
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE, COORDINATOR and COORDINATOR_PASSWORD.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { freshCode } from './totp.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const base = env('BASE');
const slug = process.env.SLUG || 'demo';
// "โครงการสร้างภูมิคุ้มกันทางสังคมให้เด็กและเยาวชน…": one run, no spaces.
const word = process.env.SEARCH_WORD || 'ภูมิคุ้มกัน';
const title = process.env.SEARCH_TITLE || 'สร้างภูมิคุ้มกันทางสังคม';
const step = (text) => console.log(`- ${text}`);
const phone = { viewport: { width: 390, height: 844 }, locale: 'th-TH', deviceScaleFactor: 1 };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

async function noSidewaysScroll(page, what) {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `${what}: ${scroll}px wide in a ${client}px viewport`);
}

try {
  // --- The public menu on a phone, without JavaScript.
  const noScript = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await noScript.newPage();
  const sections = [
    ['แผน', `/o/${slug}`],
    ['รายงาน', `/o/${slug}/reports`],
    ['ผลการดำเนินงาน', `/o/${slug}/progress`],
    ['ศูนย์ข้อมูลข่าวสาร', `/o/${slug}/info`],
    ['กิจกรรม', `/o/${slug}/activities`],
    ['ร้องเรียน/แจ้งเบาะแส', `/o/${slug}/complaints`],
    ['ค้นหา', `/o/${slug}/search`],
  ];
  await page.goto(`${base}/o/${slug}`);
  const menu = page.locator('nav[aria-label="เมนูหลักขององค์กร"]');
  const compact = menu.locator('details.menu-compact');
  for (const [label, href] of sections) {
    // The row of links is hidden at this width; the closed menu is not.
    assert.ok(await menu.locator('.menu-row').isHidden(), 'the row is hidden on a phone');
    assert.ok(await compact.locator('summary').isVisible(), 'the menu button shows');
    const link = compact.locator(`a[href="${href}"]`);
    assert.ok(await link.isHidden(), `${label}: hidden until the menu opens`);
    await compact.locator('summary').click();
    assert.ok(await link.isVisible(), `${label}: shown once the menu is open`);
    await Promise.all([page.waitForNavigation(), link.click()]);
    assert.equal(new URL(page.url()).pathname, href, label);
    assert.equal(await compact.locator(`a[href="${href}"]`).getAttribute('aria-current'), 'page', label);
    assert.equal(await compact.locator('a[aria-current="page"]').count(), 1, label);
    assert.ok((await compact.locator('summary').textContent()).includes(label), `${label} in the summary`);
    await noSidewaysScroll(page, href);
    step(`menu on a phone without JavaScript: ${label}`);
  }

  // --- Search: a word inside a longer run of a plan item's title.
  await page.goto(`${base}/o/${slug}/search`);
  await page.fill('#q', word);
  await Promise.all([page.waitForNavigation(), page.click('form[role=search] button')]);
  const hit = page.locator('.search-results a', { hasText: title });
  assert.ok((await hit.count()) >= 1, `"${word}" finds "${title}": ${await page.content()}`);
  await noSidewaysScroll(page, 'search results');
  const href = await hit.first().getAttribute('href');
  assert.match(href, new RegExp(`^/o/${slug}/items/\\d+\\.\\d+$`));
  await Promise.all([page.waitForNavigation(), hit.first().click()]);
  assert.ok((await page.content()).includes(title), 'the item page opens');
  step(`search: "${word}" found the item ${href}`);
  // Bad input: a Thai message, not an error page.
  const bad = await page.goto(`${base}/o/${slug}/search?q=${encodeURIComponent('"*()')}`);
  assert.equal(bad.status(), 400);
  assert.ok((await page.content()).includes('โปรดพิมพ์คำที่ต้องการค้นหา'));
  await noScript.close();

  // --- The staff shell with counts, at desktop and phone widths.
  const desk = await browser.newContext({ locale: 'th-TH' });
  const staff = await desk.newPage();
  await staff.goto(`${base}/staff/login`);
  await staff.fill('#email', env('COORDINATOR'));
  await staff.fill('#password', env('COORDINATOR_PASSWORD'));
  await staff.fill('#totp', await freshCode(env('COORDINATOR')));
  await Promise.all([staff.waitForNavigation(), staff.click('button[type=submit]')]);
  assert.ok(!staff.url().includes('/staff/login'), `logged in: ${staff.url()}`);
  for (const path of ['/staff/', '/staff/progress', '/staff/info']) {
    await staff.goto(`${base}${path}`);
    const shell = staff.locator('.staff-bar .menu-row .staff-shell');
    assert.ok(await shell.isVisible(), `${path}: the staff menu`);
    for (const href of ['/staff/progress', '/staff/review', '/staff/info', '/staff/search']) {
      assert.equal(await shell.locator(`a[href="${href}"]`).count(), 1, `${path}: ${href}`);
    }
  }
  const counts = staff.locator('.staff-bar .menu-row .menu-count');
  const shown = await counts.count();
  assert.ok(shown >= 1, `the coordinator's menu shows counts: ${await staff.content()}`);
  let waiting = 0;
  for (let i = 0; i < shown; i += 1) {
    const n = Number(await counts.nth(i).getAttribute('data-count'));
    assert.ok(n > 0, 'only counts above zero are shown');
    waiting += n;
  }
  step(`staff menu: ${shown} counts, ${waiting} things waiting`);
  // The staff search.
  await staff.goto(`${base}/staff/search?q=${encodeURIComponent(word)}`);
  assert.ok((await staff.locator('.search-results a', { hasText: title }).count()) >= 1);
  // On a phone the staff menu collapses; its summary says how much waits.
  await staff.setViewportSize({ width: 390, height: 844 });
  await staff.goto(`${base}/staff/`);
  const summary = staff.locator('.staff-bar details.menu-compact summary');
  assert.ok(await summary.isVisible(), 'the staff menu collapses on a phone');
  assert.ok((await summary.textContent()).includes(`รอดำเนินการ ${waiting}`), await summary.textContent());
  assert.ok(await staff.locator('.staff-bar .menu-row').isHidden());
  await summary.click();
  assert.ok(await staff.locator('.staff-bar details.menu-compact a[href="/staff/info"]').isVisible());
  await noSidewaysScroll(staff, 'staff home on a phone');
  step('staff menu collapses on a phone');
  await desk.close();
  console.log('e2e search: ok');
} finally {
  await browser.close();
}
