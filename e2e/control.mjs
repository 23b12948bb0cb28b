// The internal control evaluation (issue 14, ปค.1–ปค.6) in Debian's headless
// Chromium: the auditor fills ปค.4, adds a ปค.5 row (refused first without an
// owner, the values kept) and writes ปค.6; the coordinator marks the
// improvement done, certifies ปค.1 and records the submission; the PDFs and
// the workbook download; the public page and the JSON API show the certified
// year; the information centre shows the demo year's item 4.2-1 as published.
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE, AUDITOR, AUDITOR_PASSWORD, COORDINATOR,
// COORDINATOR_PASSWORD, YEAR (a fiscal year the demo left empty), TODAY
// (dd/mm/yyyy BE) and DEMO_YEAR (the year the demo certified: last year).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { freshCode } from './totp.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const base = env('BASE');
const year = env('YEAR');
const today = env('TODAY');
const demoYear = env('DEMO_YEAR');
const staffPage = `${base}/staff/integrity/control?year=${year}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({ locale: 'th-TH' });
  const page = await context.newPage();
  const text = async () => page.content();
  const submit = async (selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);
  const step = (what) => console.log(`ok: ${what}`);

  async function login(email, password) {
    await page.goto(`${base}/staff/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.fill('#totp', await freshCode(email));
    await submit('button[type=submit]');
    assert.ok(!page.url().includes('/staff/login'), `logged in as ${email}`);
  }
  async function logout() {
    await page.goto(`${base}/staff/`);
    await submit('form[action="/staff/logout"] button');
  }

  // 1. The auditor: ปค.4.
  await login(env('AUDITOR'), env('AUDITOR_PASSWORD'));
  await page.goto(staffPage);
  for (const c of ['control_environment', 'risk_assessment', 'control_activities',
    'information_communication', 'monitoring']) {
    await page.fill(`#pk4-${c}`, 'มีการกำหนดแนวทางและปฏิบัติตามอย่างสม่ำเสมอ');
    await page.selectOption(`#pk4-${c}-result`, c === 'risk_assessment' ? 'needs_improvement' : 'adequate');
  }
  await page.fill('#pk4-conclusion', 'การควบคุมภายในโดยรวมมีความเพียงพอ');
  await submit('form[action="/staff/integrity/control/pk4"] button[type=submit]');
  assert.ok((await text()).includes('บันทึก ปค.4 แล้ว'), 'ปค.4 saved');
  step('the auditor fills ปค.4');

  // 2. A ปค.5 row, first without an owner: refused at that field, values kept.
  await page.fill('#row-mission', 'งานพัสดุ การจัดซื้อจัดจ้าง');
  await page.fill('#row-objective', 'เพื่อให้การจัดซื้อจัดจ้างโปร่งใส');
  await page.fill('#row-risk', 'การกำหนดคุณลักษณะเฉพาะเอื้อผู้ขายบางราย');
  await page.fill('#row-existing', 'คณะกรรมการกำหนดร่างขอบเขตงาน');
  await page.fill('#row-evaluation', 'ยังไม่เพียงพอ');
  await page.fill('#row-remaining', 'บางรายการยังอ้างยี่ห้อ');
  await page.fill('#row-improvement', 'อบรมคณะกรรมการกำหนดคุณลักษณะเฉพาะ');
  await page.fill('#row-due', `30/09/${Number(year)}`);
  await submit('form[action="/staff/integrity/control/rows"] button[type=submit]');
  assert.ok((await text()).includes('ทุกแถวของ ปค.5 ต้องมีผู้รับผิดชอบ'), 'owner required');
  assert.equal(await page.inputValue('#row-mission'), 'งานพัสดุ การจัดซื้อจัดจ้าง', 'values kept');
  await page.fill('#row-owner', 'กองคลัง');
  await submit('form[action="/staff/integrity/control/rows"] button[type=submit]');
  assert.ok((await text()).includes('เพิ่มแถวของ ปค.5 แล้ว'), 'row added');
  step('the auditor adds a ปค.5 row (refused without an owner first)');

  // 3. ปค.6.
  await page.fill('#pk6-opinion', 'การประเมินผลเป็นไปตามหลักเกณฑ์ฯ การควบคุมภายในมีความเพียงพอ');
  await page.fill('#pk6-points', 'ควรติดตามการอบรมให้แล้วเสร็จ');
  await page.fill('#pk6-date', today);
  await page.fill('#pk6-position', 'หัวหน้าหน่วยตรวจสอบภายใน');
  await submit('form[action="/staff/integrity/control/pk6"] button[type=submit]');
  assert.ok((await text()).includes('บันทึก ปค.6 แล้ว'), 'ปค.6 saved');
  step('the auditor writes ปค.6');
  await logout();

  // 4. The coordinator: the improvement done, ปค.1, the submission.
  await login(env('COORDINATOR'), env('COORDINATOR_PASSWORD'));
  await page.goto(staffPage);
  assert.equal(await page.locator('form[action="/staff/integrity/control/pk6"]').count(), 0,
    'ปค.6 is the auditor\'s alone');
  await page.selectOption('#status-1', 'done');
  await page.fill('#done-1', today);
  await page.fill('#evidence-1', 'รายงานผลการอบรม');
  await submit('form.improvement-form button[type=submit]');
  assert.ok((await text()).includes('1 จาก 1 รายการ (ร้อยละ 100)'), 'remediated share');
  await page.fill('#pk1-position', 'นายกเทศมนตรี');
  await page.fill('#pk1-date', today);
  await page.selectOption('#pk1-conclusion', 'effective');
  await submit('form[action="/staff/integrity/control/pk1"] button[type=submit]');
  assert.ok((await text()).includes('ความเสี่ยงที่ยังมีอยู่ 1 รายการ'), 'the first form is refused');
  await page.selectOption('#pk1-conclusion', 'with_remaining_risks');
  await submit('form[action="/staff/integrity/control/pk1"] button[type=submit]');
  assert.ok((await text()).includes('รับรองผลการประเมิน (ปค.1) แล้ว'), 'certified');
  await page.fill('#sub-recipient', 'นายอำเภอเมืองนครศรีธรรมราช');
  await page.fill('#sub-date', today);
  await page.fill('#sub-reference', 'นศ 52001/123');
  await submit('form[action="/staff/integrity/control/submission"] button[type=submit]');
  assert.ok((await text()).includes('บันทึกการส่งรายงานแล้ว'), 'submission saved');
  assert.match(await page.locator('#deadline-state').textContent(), /ส่งรายงานแล้ว/);
  step('the coordinator marks the improvement done, certifies ปค.1 and records the submission');

  // 5. The documents download.
  for (const [query, type, magic] of [
    ['form=set', 'application/pdf', '%PDF'],
    ['form=pk4', 'application/pdf', '%PDF'],
    ['form=pk5', 'application/pdf', '%PDF'],
    ['format=xlsx', 'spreadsheetml', 'PK'],
  ]) {
    const reply = await page.request.get(`${base}/staff/integrity/control/document?year=${year}&${query}`);
    assert.equal(reply.status(), 200, query);
    assert.ok(reply.headers()['content-type'].includes(type), query);
    assert.equal((await reply.body()).subarray(0, magic.length).toString('latin1'), magic, query);
  }
  step('the ปค. PDFs and the workbook download');
  await logout();

  // 6. Public: the page, the PDF, the API; the information centre.
  await page.goto(`${base}/o/demo/integrity/control?year=${year}`);
  assert.ok((await text()).includes('นายกเทศมนตรี'), 'the certification is public');
  const pdf = await page.request.get(`${base}/o/demo/integrity/control/pdf?year=${year}`);
  assert.equal(pdf.status(), 200);
  const api = await (await page.request.get(
    `${base}/api/v1/organizations/demo/internal-control?fiscal_year=${year}`)).json();
  assert.equal(api.certified, true);
  assert.equal(api.remediated_percent, 100);
  await page.goto(`${base}/o/demo/info?year=${demoYear}`);
  const item = page.locator('li.info-item[data-code="4.2-1"]');
  assert.equal(await item.count(), 1, '4.2-1 is listed');
  const status = await item.locator('[data-status]').getAttribute('data-status');
  assert.match(status, /^status-published(-late)?$/, `4.2-1 is published: ${status}`);
  step('the public page, PDF, API and the information centre');

  console.log('e2e control: ok');
} finally {
  await browser.close();
}
