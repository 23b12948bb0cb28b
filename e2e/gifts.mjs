// The gift register (issue 14, No Gift Policy) in Debian's headless
// Chromium: a staff member declares a gift (a value that is no number is
// refused at its field, what was typed is kept), the head of their unit finds
// it waiting and orders it handed over with a note, the declarant sees the
// decision; the public report counts it without any name, and the
// information centre shows last year's gift report as published (this
// year's O22 opens after the six-month round).
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE, OFFICER, OFFICER_PASSWORD, HEAD, HEAD_PASSWORD,
// FISCAL_YEAR, HALF_OPEN.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { freshCode } from './totp.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const base = env('BASE');
const year = Number(env('FISCAL_YEAR'));
const halfOpen = env('HALF_OPEN') === '1';
const giver = 'ร้านวัสดุก่อสร้างทดสอบอีทูอี';
const description = 'ชุดเครื่องครัวสแตนเลส';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const step = (what) => console.log(`ok: ${what}`);
try {
  const context = await browser.newContext({ locale: 'th-TH' });
  const page = await context.newPage();
  const text = async () => page.content();
  const submit = async (selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);

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

  // 1. The unit officer declares; "abc" is refused at the value's field.
  await login(env('OFFICER'), env('OFFICER_PASSWORD'));
  await page.goto(`${base}/staff/`);
  assert.ok((await text()).includes('/staff/integrity/gifts'), 'the staff menu links the gift register');
  await page.goto(`${base}/staff/integrity/gifts`);
  await page.fill('#giver', giver);
  await page.fill('#description', description);
  await page.selectOption('#kind', 'property');
  await page.fill('#value', 'abc');
  await page.fill('#occasion', 'วันขึ้นปีใหม่');
  await page.selectOption('#decision', 'returned');
  await submit('#gift-form button[type=submit]');
  assert.ok((await text()).includes('มูลค่าต้องเป็นตัวเลข'), 'the value is refused in Thai');
  assert.equal(await page.getAttribute('#value', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#giver'), giver, 'what was typed is kept');
  await page.fill('#value', '4,500');
  await submit('#gift-form button[type=submit]');
  assert.ok((await text()).includes('บันทึกการแจ้งแล้ว'), `declared: ${await text()}`);
  assert.ok((await text()).includes('4,500.00'));
  assert.ok((await text()).includes('รอผู้บังคับบัญชาพิจารณา'));
  await logout();
  step('a staff member declares a gift; a value that is no number is refused at its field');

  // 2. The head of the unit decides: hand it over, with a note.
  await login(env('HEAD'), env('HEAD_PASSWORD'));
  await page.goto(`${base}/staff/integrity/gifts`);
  assert.ok((await text()).includes('รอการพิจารณาของคุณ'), 'the head has a queue');
  await submit(`tr:has-text("${giver}") a`);
  assert.ok((await text()).includes(description));
  assert.ok((await text()).includes('เกินมูลค่าที่รับได้'), 'over the permitted value is shown');
  await page.selectOption('#verdict', 'order_hand_over');
  await submit('form[action$="/decision"] button[type=submit]');
  assert.ok((await text()).includes('โปรดระบุเหตุผลของคำสั่ง'), 'an order needs a note');
  await page.selectOption('#verdict', 'order_hand_over');
  await page.fill('#note', 'มูลค่าเกิน 3,000 บาท ให้ส่งมอบเป็นทรัพย์สินของเทศบาล');
  await submit('form[action$="/decision"] button[type=submit]');
  assert.ok((await text()).includes('บันทึกการพิจารณาแล้ว'), `decided: ${await text()}`);
  await logout();
  await login(env('OFFICER'), env('OFFICER_PASSWORD'));
  await page.goto(`${base}/staff/integrity/gifts`);
  const row = page.locator(`tr:has-text("${giver}")`);
  assert.ok((await row.textContent()).includes('ให้ส่งมอบเป็นทรัพย์สินของหน่วยงาน'), 'the declarant sees the decision');
  await logout();
  step('the head of the unit orders it handed over, with a note');

  // 3. The public report: figures only, no names.
  await page.goto(`${base}/o/demo/integrity/gifts?year=${year}`);
  const report = await text();
  assert.ok(report.includes(`รายงานการรับของขวัญและประโยชน์อื่นใด ปีงบประมาณ ${year}`));
  assert.ok(report.includes('การแจ้งทั้งหมด <strong>4</strong>'), 'the demo\'s three and this one');
  for (const secret of [giver, description, 'หัวหน้ากองการเจ้าหน้าที่ตัวอย่าง', 'เจ้าหน้าที่กองการเจ้าหน้าที่ตัวอย่าง',
    'บริษัท ตัวอย่างการพิมพ์ จำกัด']) {
    assert.ok(!report.includes(secret), `${secret} is not on the public report`);
  }
  const api = await (await page.request.get(`${base}/api/v1/organizations/demo/gifts?fiscal_year=${year}`)).json();
  assert.equal(api.declarations, 4);
  assert.ok(!JSON.stringify(api).includes(giver));
  step('the public report and its API count it without any name');

  // 4. The information centre: last year's gift report is published from
  // the report page; this year's O22 once the six-month round is over.
  const last = year - 1;
  await page.goto(`${base}/o/demo/info?year=${last}`);
  for (const code of ['O22', '2.4-1']) {
    const item = page.locator(`li.info-item[data-code="${code}"]`);
    assert.equal(await item.count(), 1, `${code} is listed`);
    const status = await item.locator('[data-status]').getAttribute('data-status');
    assert.match(status, /^status-published(-late)?$/, `${code} of ${last} is published`);
    assert.equal(await item.locator(`a[href="/o/demo/integrity/gifts?year=${last}"]`).count() >= 1, true,
      `${code} links the report`);
  }
  await page.goto(`${base}/o/demo/info?year=${year}`);
  const o22 = page.locator('li.info-item[data-code="O22"]');
  const status = await o22.locator('[data-status]').getAttribute('data-status');
  if (halfOpen) {
    assert.match(status, /^status-published(-late)?$/, 'this year\'s O22 is published');
  } else {
    assert.equal(status, 'status-not-due', 'this year\'s O22 is not due before the six-month round ends');
  }
  step('the information centre shows the gift report as published');
  console.log('e2e gifts: ok');
} finally {
  await browser.close();
}
