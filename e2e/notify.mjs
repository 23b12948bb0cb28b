// Staff notifications of issue 13 in Debian's headless Chromium: a unit
// officer chooses their e-mails at /staff/notifications, reports on item 1.1
// and is offered the next item due; the coordinator returns the report with a
// comment. The Rust test (crates/app/tests/app/browser.rs) started
// `sujarit serve --demo` with an SMTP server and checks that the officer was
// e-mailed. Env: BASE, OFFICER, OFFICER_PASSWORD, COORDINATOR,
// COORDINATOR_PASSWORD, FISCAL_YEAR, QUARTER, COMMENT.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { freshCode } from './totp.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const base = env('BASE');
const itemForm = `${base}/staff/progress/1.1/${env('FISCAL_YEAR')}/${env('QUARTER')}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({ locale: 'th-TH' });
  const page = await context.newPage();
  async function login(email, password) {
    await page.goto(`${base}/staff/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.fill('#totp', await freshCode(email));
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.ok(!page.url().includes('/staff/login'), `logged in as ${email}: ${page.url()}`);
  }
  async function logout() {
    await page.goto(`${base}/staff/`);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/staff/logout"] button')]);
  }

  // 1. The officer's choices: everything on until changed; the digest off.
  await login(env('OFFICER'), env('OFFICER_PASSWORD'));
  await page.goto(`${base}/staff/`);
  assert.ok(await page.locator('a[href="/staff/notifications"]').count() > 0, 'in the staff menu');
  await page.goto(`${base}/staff/notifications`);
  assert.ok(await page.isChecked('#notify-report_returned'));
  assert.ok(await page.isChecked('#notify-assigned_to_unit'));
  await page.uncheck('#notify-digest');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/staff/notifications"] button[type=submit]')]);
  assert.ok((await page.content()).includes('บันทึกการแจ้งเตือนแล้ว'));
  assert.ok(!(await page.isChecked('#notify-digest')), 'the choice is kept');
  assert.ok(await page.isChecked('#notify-report_returned'));

  // 2. The report of 1.1: the reason field appears only for "not done".
  await page.goto(itemForm);
  await page.selectOption('#status', 'not_done');
  assert.ok(await page.isVisible('#reason'), 'the reason shows for "not done"');
  await page.selectOption('#status', 'completed');
  assert.ok(!(await page.isVisible('#reason')), 'and hides again');
  await page.fill('#narrative', 'จัดอบรมแล้ว 2 รุ่น');
  await Promise.all([page.waitForNavigation(), page.click('button[name=intent][value=submit]')]);
  assert.ok(await page.locator('.next-due').count() > 0, 'the next item due is offered');
  await logout();

  // 3. The coordinator returns it with a comment.
  await login(env('COORDINATOR'), env('COORDINATOR_PASSWORD'));
  await page.goto(`${base}/staff/review`);
  assert.ok(await page.locator('input[name=report][value^="1.1/"]').count() > 0, 'a box to choose 1.1');
  await page.goto(itemForm);
  await page.fill('#comment', env('COMMENT'));
  await Promise.all([page.waitForNavigation(), page.click('button[name=action][value=return]')]);
  await logout();
  console.log('e2e notify: ok');
} finally {
  await browser.close();
}
