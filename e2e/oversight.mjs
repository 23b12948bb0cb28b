// Oversight across LAOs (issue 15) in Debian's headless Chromium: the
// demo's provincial overseer logs in (choosing the office `oversight-80` on
// the login page), is taken to the province's LAOs ranked by score, opens
// the demo LAO, and downloads the table (a CSV with a byte-order mark and a
// row per LAO of the province); the public national page shows the demo
// LAO's province, whose page lists the demo LAO; at a phone's width the
// tables scroll inside their region, not the page.
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE, OVERSEER, OVERSEER_PASSWORD and FISCAL_YEAR.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { until } from './wait.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const base = env('BASE');
const year = env('FISCAL_YEAR');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const step = (what) => console.log(`ok: ${what}`);
/** A score cell's number, or -1 for "–" (no figures: ranked last). */
const score = (text) => (/^\d/.test(text.trim()) ? Number(text.trim()) : -1);
try {
  const context = await browser.newContext({ locale: 'th-TH', acceptDownloads: true });
  const page = await context.newPage();
  const text = async () => page.content();
  const submit = async (selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);

  // 1. The provincial overseer logs in to their office.
  await page.goto(`${base}/staff/login`);
  await page.selectOption('#organization', 'oversight-80');
  await page.fill('#email', env('OVERSEER'));
  await page.fill('#password', env('OVERSEER_PASSWORD'));
  await submit('button[type=submit]');
  assert.ok(!page.url().includes('/staff/login'), `logged in: ${await text()}`);
  assert.ok((await text()).includes('/staff/oversight'), 'the staff home links the oversight pages');
  step('the provincial overseer logs in to oversight-80');

  // 2. Their oversight home is their province, its LAOs ranked.
  await page.goto(`${base}/staff/oversight`);
  assert.ok(page.url().includes('/staff/oversight/provinces/80'), page.url());
  assert.ok((await text()).includes('นครศรีธรรมราช'));
  const rows = await page.$$eval('#organizations tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim())));
  assert.ok(rows.length >= 7, `the demo LAO and its six siblings: ${JSON.stringify(rows)}`);
  // Columns: rank, name, kind, district, 6 months, 12 months, …
  const twelve = rows.map((r) => score(r[5]));
  for (let i = 1; i < twelve.length; i++) {
    assert.ok(twelve[i - 1] >= twelve[i], `ranked by the 12-month score: ${twelve}`);
  }
  assert.equal(await page.getAttribute('th[aria-sort]', 'aria-sort'), 'descending');
  assert.ok(!(await text()).includes('หาดใหญ่'), 'nothing of another province');
  step(`the province's ${rows.length} LAOs, ranked by the 12-month score`);

  // Sorting by name is a link, no script.
  await submit('th a[href*="sort=name"]');
  const names = await page.$$eval('#organizations tbody th', (ths) => ths.map((t) => t.textContent.trim()));
  assert.deepEqual(names, [...names].sort(), 'sorted by name');
  step('sorting by a column is a link');

  // 3. One LAO: the demo's, internal beside published, with its public pages.
  await submit('#organizations a[href*="/staff/oversight/organizations/demo?"]');
  assert.ok(page.url().includes('/staff/oversight/organizations/demo'), page.url());
  const lao = await text();
  assert.ok(lao.includes('href="/o/demo/progress"'), 'links to its public progress');
  assert.ok(lao.includes('href="/o/demo/complaints/stats"'), 'links to its complaint statistics');
  assert.ok(lao.includes('เทศบาลนคร'), 'its kind');
  step('the overseer opens the demo LAO');

  // 4. The table downloads as CSV: a BOM, the header, one row per LAO.
  await page.goto(`${base}/staff/oversight/provinces/80?fiscal_year=${year}`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('a[href*="/staff/oversight/provinces/80.csv"]'),
  ]);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark');
  const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
  assert.ok(lines[0].startsWith('รหัส (slug),ชื่อ'), lines[0]);
  assert.equal(lines.length - 1, rows.length, 'one row per LAO');
  assert.ok(lines.some((l) => l.startsWith('demo,')), 'the demo LAO is in the file');
  step(`the table downloads (${lines.length - 1} rows)`);

  // 5. The public side: the nation, the province, the demo LAO.
  const visitor = await context.browser().newContext({ locale: 'th-TH' });
  const pub = await visitor.newPage();
  await pub.goto(`${base}/`);
  await Promise.all([pub.waitForNavigation(), pub.click('a[href="/oversight"]')]);
  assert.ok((await pub.content()).includes('นครศรีธรรมราช'));
  await Promise.all([pub.waitForNavigation(), pub.click('#provinces a[href^="/oversight/provinces/80?"]')]);
  const province = await pub.content();
  assert.ok(province.includes('href="/o/demo"'), 'the province page lists the demo LAO');
  assert.ok(!province.includes('รายงานล่าช้า'), 'no internal figure in public');
  step('the public national page shows the demo LAO in its province');

  // 6. At a phone's width the table scrolls inside its region.
  await pub.setViewportSize({ width: 390, height: 844 });
  await pub.reload();
  await until(pub, () => document.documentElement.scrollWidth <= window.innerWidth + 1);
  const region = await pub.$eval('#organizations', (t) => {
    const r = t.closest('[role=region]');
    return r && getComputedStyle(r).overflowX;
  });
  assert.ok(region === 'auto' || region === 'scroll', `the table's region scrolls: ${region}`);
  step('at 390 px the page keeps its width; the table scrolls in its region');
  console.log('e2e oversight: ok');
} finally {
  await browser.close();
}
