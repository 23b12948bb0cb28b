// The complaints flow of issue 4 in Debian's headless Chromium: a citizen
// files a general complaint and an anonymous corruption report, tracks them,
// the complaint officer and the integrity officer take them to the end, the
// citizen answers the survey, and the statistics page counts them; then the
// complaint officer writes the report to executives and downloads it.
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE, COMPLAINTS, COMPLAINTS_PASSWORD, INTEGRITY, INTEGRITY_PASSWORD.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { freshCode } from './totp.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const base = env('BASE');
const home = `${base}/o/demo/complaints`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'th-TH' });
  const page = await context.newPage();
  const text = async () => page.content();
  const submit = async (selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);

  // The demo's own complaints are counted already (issue 13: the demo has a
  // month of them); this flow adds one general complaint.
  await page.goto(`${home}/stats`);
  const receivedBefore = Number((await page.textContent('#total-received')).trim());

  // 1. A citizen files a general complaint from the landing page.
  await page.goto(home);
  await submit(`a[href$="/new/general"]`);
  await page.selectOption('#category', 'lights');
  await page.fill('#subject', 'ไฟฟ้าส่องสว่างในซอยดับ');
  await page.fill('#details', 'ไฟดับทั้งซอยมาสามคืน มืดและอันตราย');
  await page.fill('#place', 'ซอยราชดำเนิน 9');
  await page.fill('#email', 'not-an-email');
  await submit('form button[type=submit]');
  assert.ok(await page.locator('#email-error').isVisible(), 'a bad e-mail is shown at the field');
  await page.fill('#email', 'citizen@example.org');
  await submit('form button[type=submit]');
  const general = (await page.textContent('#tracking-code')).trim();
  assert.match(general, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // 2. An anonymous corruption report.
  await page.goto(`${home}/new/corruption`);
  await page.selectOption('#category', 'bribery');
  await page.fill('#subject', 'เรียกรับเงินในการตรวจรับงานจ้าง');
  await page.fill('#details', 'มีการเรียกเงินร้อยละห้าของค่างานก่อนลงนามตรวจรับ');
  await submit('form button[type=submit]');
  const corruption = (await page.textContent('#tracking-code')).trim();
  assert.notEqual(general, corruption);

  // 3. Tracking, with the code typed in lower case and spaces.
  await page.goto(`${home}/track`);
  await page.fill('#code', general.toLowerCase().replaceAll('-', ' '));
  await submit('form[action$="/track"] button[type=submit]');
  assert.ok((await page.textContent('#case-state')).includes('รับเรื่องแล้ว'));

  async function login(email, password) {
    await page.goto(`${base}/staff/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    // The demo's administrator and integrity officer need the app's code;
    // other accounts have none and the field is ignored.
    await page.fill('#totp', await freshCode(email));
    await submit('button[type=submit]');
    assert.ok(!page.url().includes('/staff/login'), `logged in as ${email}`);
  }
  async function logout() {
    await page.goto(`${base}/staff/`);
    await submit('form[action="/staff/logout"] button');
  }
  async function step(kind, fill = async () => {}) {
    await page.selectOption('#kind', kind);
    await fill();
    await submit('form[action$="/events"] button[type=submit]');
    assert.ok((await text()).includes('บันทึกการดำเนินการแล้ว'), `${kind} recorded: ${await text()}`);
  }
  // Staff never see a tracking code (only its keyed hash is stored): a case
  // is found by its subject.
  async function openCase(channel, subject) {
    await page.goto(`${base}/staff/complaints?channel=${channel}&view=all`);
    const list = await text();
    assert.ok(!list.includes(general) && !list.includes(corruption), 'no tracking code on a staff page');
    await submit(`tr:has-text("${subject}") a`);
  }

  // 4. The complaint officer takes the general complaint to the end.
  await login(env('COMPLAINTS'), env('COMPLAINTS_PASSWORD'));
  await page.goto(`${base}/staff/complaints?channel=corruption`);
  assert.ok((await text()).includes('ไม่มีสิทธิ์'), 'the complaint officer cannot see corruption reports');
  await openCase('general', 'ไฟฟ้าส่องสว่างในซอยดับ');
  await step('accept');
  await step('assign', async () => {
    await page.selectOption('#unit_id', { index: 1 });
    await page.selectOption('#officer_id', { index: 1 });
  });
  await step('start_work', async () => page.fill('#internal_note', 'ส่งช่างไฟฟ้าออกตรวจ'));
  await step('resolve', async () => page.fill('#public_message', 'เปลี่ยนหลอดไฟทั้งซอยเรียบร้อยแล้ว'));
  await step('close');
  await logout();

  // 5. The integrity officer takes the report to its outcome.
  await login(env('INTEGRITY'), env('INTEGRITY_PASSWORD'));
  await openCase('corruption', 'เรียกรับเงินในการตรวจรับงานจ้าง');
  assert.ok((await text()).includes('เรียกรับเงินในการตรวจรับงานจ้าง'), 'the report opens for the integrity officer');
  await step('accept');
  await step('start_fact_finding');
  await step('take_action', async () => page.selectOption('#action_kind', 'disciplinary'));
  await step('record_outcome', async () => page.fill('#public_message', 'ตั้งกรรมการสอบวินัยแล้ว'));
  await step('close');
  await logout();

  // 6. The citizen sees the answer, and answers the survey.
  await page.goto(`${home}/track`);
  await page.fill('#code', general);
  await submit('form[action$="/track"] button[type=submit]');
  const tracked = await text();
  assert.ok(tracked.includes('เปลี่ยนหลอดไฟทั้งซอยเรียบร้อยแล้ว'), 'the answer is shown');
  assert.ok(!tracked.includes('ส่งช่างไฟฟ้าออกตรวจ'), 'internal notes are not');
  await page.check('input[name=rating][value="5"]');
  await page.fill('#comment', 'รวดเร็วมาก');
  await submit('form[action$="/survey"] button[type=submit]');
  assert.ok((await text()).includes('ขอบคุณที่ตอบแบบประเมิน'));

  await page.goto(`${home}/track`);
  await page.fill('#code', corruption);
  await submit('form[action$="/track"] button[type=submit]');
  assert.ok((await text()).includes('ตั้งกรรมการสอบวินัยแล้ว'), 'the reporter reads the sealed answer with the code');

  // 7. The statistics: the general channel by month, the corruption channel
  // by year (counted to the last quarter's end, so not this report yet),
  // side by side and never added up; and the satisfaction.
  await page.goto(`${home}/stats`);
  assert.equal(Number((await page.textContent('#total-received')).trim()), receivedBefore + 1);
  assert.ok((await page.textContent('#corruption-received')).trim() !== '1', 'no count of 1 for the corruption channel');
  assert.match((await page.textContent('#satisfaction')).trim(), /^ร้อยละ \d+\.\d\d$/);
  await page.screenshot({ path: process.env.SCREENSHOT || '/tmp/sujarit-complaints-stats.png', fullPage: true });

  // 8. The report to executives: the complaint officer writes the general
  // channel's problems, obstacles and solutions, and downloads the PDF.
  await login(env('COMPLAINTS'), env('COMPLAINTS_PASSWORD'));
  await page.goto(`${base}/staff/`);
  await submit('a[href="/staff/complaints/report"]');
  assert.ok((await page.textContent('#totals-general')).includes('เรื่องที่ได้รับ'));
  assert.equal(await page.locator('#notes-form-corruption').count(), 0, 'not the corruption part');
  await page.fill('#general-problems', 'ไฟฟ้าส่องสว่างดับซ้ำในซอยเดิม');
  await page.fill('#general-obstacles', 'อะไหล่หลอดไฟขาดตลาด');
  await page.fill('#general-solutions', 'สำรองหลอดไฟไว้ล่วงหน้าหนึ่งไตรมาส');
  await submit('#notes-form-general button[type=submit]');
  assert.ok((await text()).includes('บันทึกแล้ว'), 'saved');
  assert.equal(await page.inputValue('#general-solutions'), 'สำรองหลอดไฟไว้ล่วงหน้าหนึ่งไตรมาส');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#download-pdf'),
  ]);
  assert.match(download.suggestedFilename(), /^complaints-\d{4}-(6m|12m)\.pdf$/);
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(await download.path());
  assert.equal(bytes.toString('latin1', 0, 5), '%PDF-');
  await logout();
  console.log('e2e complaints: ok');
} finally {
  await browser.close();
}
