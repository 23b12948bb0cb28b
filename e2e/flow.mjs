// The monitoring flow of issue 3 in Debian's headless Chromium:
// a unit officer reports progress with evidence, the coordinator approves and
// publishes it, the public sees it, and the three reports download.
//
// Run by the Rust test crates/app/tests/app/browser.rs, which starts
// `sujarit serve --demo` and passes: BASE, OFFICER, OFFICER_PASSWORD,
// COORDINATOR, COORDINATOR_PASSWORD, FISCAL_YEAR, QUARTER, EVIDENCE (a PDF path).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { freshCode } from './totp.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const base = env('BASE');
const year = env('FISCAL_YEAR');
const quarter = env('QUARTER');
const itemForm = `${base}/staff/progress/1.1/${year}/${quarter}`;
const narrative = 'จัดอบรมกฎหมายและระเบียบให้บุคลากร 120 คน ผู้เข้าอบรมพึงพอใจร้อยละ 92';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'th-TH' });
  const page = await context.newPage();

  async function login(email, password) {
    await page.goto(`${base}/staff/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    // The demo's administrator and integrity officer need the app's code;
    // other accounts have none and the field is ignored.
    await page.fill('#totp', await freshCode(email));
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.ok(!page.url().includes('/staff/login'), `logged in as ${email}: ${page.url()}`);
  }
  async function logout() {
    await page.goto(`${base}/staff/`);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/staff/logout"] button')]);
  }

  // 1. The unit officer reports on item 1.1 (their unit owns it), with evidence.
  await login(env('OFFICER'), env('OFFICER_PASSWORD'));
  await page.goto(`${base}/staff/progress`);
  assert.ok((await page.content()).includes('1.1'), 'my items lists 1.1');
  await page.goto(itemForm);
  await page.selectOption('#status', 'completed');
  await page.fill('#narrative', narrative);
  await Promise.all([page.waitForNavigation(), page.click('button[name=intent][value=save]')]);
  await page.goto(itemForm);
  await page.setInputFiles('#file', env('EVIDENCE'));
  await Promise.all([page.waitForNavigation(), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
  await page.goto(itemForm);
  assert.ok((await page.content()).includes('evidence.pdf'), 'the evidence is attached');
  await Promise.all([page.waitForNavigation(), page.click('button[name=intent][value=submit]')]);
  // A unit officer cannot approve: no review buttons on their page.
  await page.goto(itemForm);
  assert.equal(await page.locator('button[name=action][value=approve]').count(), 0);
  await logout();

  // 2. The public does not see it yet.
  await page.goto(`${base}/o/demo/items/1.1`);
  assert.ok(!(await page.content()).includes(narrative), 'unpublished progress is not public');

  // 3. The coordinator approves, then publishes.
  await login(env('COORDINATOR'), env('COORDINATOR_PASSWORD'));
  await page.goto(`${base}/staff/review`);
  assert.ok((await page.content()).includes('1.1'), 'the review queue shows 1.1');
  await page.goto(itemForm);
  await Promise.all([page.waitForNavigation(), page.click('button[name=action][value=approve]')]);
  await page.goto(itemForm);
  await Promise.all([page.waitForNavigation(), page.click('button[name=action][value=publish]')]);
  await logout();

  // 4. The public page shows the published progress.
  await page.goto(`${base}/o/demo/items/1.1`);
  assert.ok((await page.content()).includes(narrative), 'published progress is public');
  await page.goto(`${base}/o/demo/progress`);
  assert.ok((await page.content()).includes('<svg'), 'the progress page has charts');

  // 5. The three reports download from the public reports page.
  await page.goto(`${base}/o/demo/reports`);
  const wanted = [
    [`schedule-${year}.pdf`, '%PDF'],
    [`summary-${year}.xlsx`, 'PK'],
    [`monitoring-${year}-6m.pdf`, '%PDF'],
    [`monitoring-${year}-12m.csv`, '\uFEFF'],
  ];
  for (const [file, magic] of wanted) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`a[href$="/reports/${file}"]`),
    ]);
    assert.equal(download.suggestedFilename(), `demo-${file}`, "the file is named after the organisation");
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(path);
    assert.ok(bytes.toString('utf8', 0, 4).startsWith(magic), `${file} starts with ${magic}`);
    if (file.endsWith('.csv')) {
      assert.ok(bytes.toString('utf8').includes(narrative.slice(0, 20)), 'the monitoring CSV has the narrative');
    }
  }
  console.log('e2e flow: ok');
} finally {
  await browser.close();
}
