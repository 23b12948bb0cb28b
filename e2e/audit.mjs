// The internal audit (issue 14, measure 4.1) in Debian's headless Chromium:
// the auditor plans an engagement, confirms their independence, starts it,
// records a finding (a missing part is refused at its field) to be published
// only as a summary, reports, records the follow-up of its recommendation and
// publishes the year's public report; the public page then shows the
// engagement with the summary and the follow-up status, the auditor only by
// the role; the public PDF downloads; last year's internal audit item of the
// information centre (the demo's) is published from Sujarit's own page.
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE, AUDITOR, AUDITOR_PASSWORD.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { freshCode } from './totp.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const base = env('BASE');
const step = (message) => console.log(`  ✓ ${message}`);

// The fiscal year (BE) of today in Thailand, and its first day (CE, ISO).
const now = new Date(Date.now() + 7 * 3600 * 1000);
const ce = now.getUTCFullYear();
const year = now.getUTCMonth() >= 9 ? ce + 544 : ce + 543;
const firstDay = `${year - 544}-10-01`;
const today = now.toISOString().slice(0, 10);
const scope = 'ตรวจสอบการเบิกจ่ายค่าตอบแทนนอกเวลาราชการ (e2e)';
const hidden = 'ลงเวลาปฏิบัติงานซ้ำซ้อนในวันเดียวกันสองแห่ง';
const summary = 'พบการเบิกค่าตอบแทนที่หลักฐานไม่ครบถ้วน';

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

  // 1. The auditor signs in and opens the year's internal audit.
  await page.goto(`${base}/staff/login`);
  await page.fill('#email', env('AUDITOR'));
  await page.fill('#password', env('AUDITOR_PASSWORD'));
  await page.fill('#totp', await freshCode(env('AUDITOR')));
  await submit('button[type=submit]');
  assert.ok(!page.url().includes('/staff/login'), 'logged in');
  await page.goto(`${base}/staff/`);
  await submit('a[href="/staff/integrity/audit"]');
  assert.ok((await text()).includes(`การตรวจสอบภายใน ปีงบประมาณ ${year}`));
  step('the auditor opens the year from the staff menu');

  // 2. A new engagement.
  await page.selectOption('#unit', { index: 1 });
  await page.selectOption('#area', 'finance');
  await page.fill('#scope', scope);
  await page.fill('#period_from', firstDay);
  await page.fill('#period_to', today);
  await submit('#new-engagement button[type=submit]');
  assert.ok((await text()).includes('เพิ่มงานตรวจสอบแล้ว'), 'engagement added');
  const rows = page.locator('table.data tbody tr');
  await submit(`table.data tbody tr:nth-child(${await rows.count()}) a`);
  assert.ok((await page.textContent('dl.facts')).includes(scope), 'the new engagement');
  step('an engagement is planned');

  // 3. Independence, then the audit starts.
  await page.check('input[name=confirm]');
  await submit('form[action$="/independence"] button[type=submit]');
  assert.ok((await text()).includes('บันทึกการยืนยันความเป็นอิสระแล้ว'));
  await page.selectOption('#status', 'in_progress');
  await submit('form[action$="/status"] button[type=submit]');
  assert.equal((await page.textContent('#engagement-status')).trim(), 'อยู่ระหว่างตรวจสอบ');
  step('independence declared, audit started');

  // 4. A finding: a missing part is refused at its field, then saved whole.
  await page.fill('#criterion', 'ระเบียบกระทรวงมหาดไทยว่าด้วยค่าตอบแทนการปฏิบัติงานนอกเวลาราชการ');
  await page.fill('#cause', 'ไม่มีการสอบทานหลักฐานการลงเวลา');
  await page.fill('#effect', 'เสี่ยงต่อการเบิกจ่ายเกินสิทธิ');
  await page.fill('#recommendation', 'ให้ผู้บังคับบัญชาสอบทานการลงเวลาก่อนอนุมัติเบิก');
  await page.check('input[name=publication][value=summary]');
  await page.fill('#summary', summary);
  await submit('#new-finding button[type=submit]');
  assert.ok((await text()).includes('โปรดระบุสภาพที่พบ'), 'the missing condition is named');
  assert.equal(await page.inputValue('#criterion'), 'ระเบียบกระทรวงมหาดไทยว่าด้วยค่าตอบแทนการปฏิบัติงานนอกเวลาราชการ', 'values kept');
  await page.fill('#condition', hidden);
  await submit('#new-finding button[type=submit]');
  assert.ok((await text()).includes('บันทึกข้อตรวจพบแล้ว'));
  await page.selectOption('#status', 'reported');
  await submit('form[action$="/status"] button[type=submit]');
  assert.equal((await page.textContent('#engagement-status')).trim(), 'รายงานผลแล้ว');
  step('a finding recorded and the engagement reported');

  // 5. The follow-up of its recommendation.
  const followUp = page.locator('form[action$="/follow-ups"]').last();
  await followUp.locator('select[name=status]').selectOption('implemented');
  await followUp.locator('textarea[name=response]').fill('กำหนดให้หัวหน้าส่วนสอบทานทุกเดือนแล้ว');
  await Promise.all([page.waitForNavigation(), followUp.locator('button[type=submit]').click()]);
  assert.ok((await text()).includes('บันทึกผลการติดตามแล้ว'));
  assert.ok((await text()).includes('กำหนดให้หัวหน้าส่วนสอบทานทุกเดือนแล้ว'));
  step('the follow-up recorded');

  // 6. The public report: withdrawn (the demo published it) and published again.
  await page.goto(`${base}/staff/integrity/audit?year=${year}`);
  if (await page.locator('form[action$="/publish"] input[value="0"]').count()) {
    await submit('form[action$="/publish"] button[type=submit]');
    assert.ok((await text()).includes('ยกเลิกการเผยแพร่รายงานฉบับสาธารณะแล้ว'));
  }
  await submit('form[action$="/publish"] button[type=submit]');
  assert.ok((await text()).includes('เผยแพร่รายงานฉบับสาธารณะแล้ว'));
  const executive = await page.request.get(`${base}/staff/integrity/audit/${year}/report.pdf`);
  assert.equal(executive.status(), 200);
  assert.equal(executive.headers()['content-type'], 'application/pdf');
  await submit('form[action="/staff/logout"] button');
  step('the public report published; the executives\' PDF downloads');

  // 7. The public page: the summary, the follow-up, no names.
  await page.goto(`${base}/o/demo/integrity/audit?year=${year}`);
  const body = await page.textContent('main');
  assert.ok(body.includes(scope), 'the engagement is public');
  assert.ok(body.includes(summary), 'the finding by its summary');
  assert.ok(!body.includes(hidden), 'not the finding in full');
  assert.ok(body.includes('ดำเนินการแล้ว'), 'the follow-up status');
  assert.ok(!body.includes('ผู้ตรวจสอบภายในตัวอย่าง'), 'no auditor by name');
  const pdf = await page.request.get(`${base}/o/demo/integrity/audit/report.pdf?year=${year}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const api = await (await page.request.get(`${base}/api/v1/organizations/demo/audit?fiscal_year=${year}`)).json();
  assert.equal(api.published, true);
  assert.ok(api.engagements.some((e) => e.findings.some((f) => f.public_text === summary && f.follow_up_status === 'implemented')));
  step('the public page, PDF and API show the public version');

  // 8. Last year's internal audit item of the information centre is published
  // from Sujarit's page (the demo's year, whose yearly report is due).
  const last = year - 1;
  await page.goto(`${base}/o/demo/info?year=${last}`);
  const item = page.locator('li.info-item', { has: page.locator(`a[href="/o/demo/integrity/audit?year=${last}"]`) });
  assert.ok(await item.count() >= 1, 'an item links the audit page');
  const status = await item.first().locator('[data-status]').getAttribute('data-status');
  assert.match(status, /^status-published(-late)?$/, `published (${status})`);
  step(`the information centre's internal audit item of ${last} is published`);

  console.log('e2e audit: ok');
} finally {
  await browser.close();
}
