// Work that reaches the assigned unit (issue 13) in Debian's headless
// Chromium: a citizen files a complaint; the complaint officer assigns it to
// a unit (the picker offers only that unit's officers); the unit's officer
// finds it in their queue, adds progress and proposes the answer; the
// complaint officer answers and closes; a complaint taken by phone is entered
// at the counter and the public statistics count it under its way of receipt.
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE, COMPLAINTS, COMPLAINTS_PASSWORD, OFFICER, OFFICER_PASSWORD.
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
const subject = 'ท่อระบายน้ำอุดตันหน้าตลาดสด';

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
  async function step(kind, fill = async () => {}) {
    await page.selectOption('#kind', kind);
    await fill();
    await submit('form[action$="/events"] button[type=submit]');
    assert.ok((await text()).includes('บันทึกการดำเนินการแล้ว'), `${kind} recorded: ${await text()}`);
  }
  async function openCase(query) {
    await page.goto(`${base}/staff/complaints?${query}`);
    await submit(`tr:has-text("${subject}") a`);
  }

  // 1. A citizen files a general complaint.
  await page.goto(`${home}/new/general`);
  await page.selectOption('#category', 'water');
  await page.fill('#subject', subject);
  await page.fill('#details', 'น้ำท่วมขังหน้าตลาดสดทุกครั้งที่ฝนตก ท่อระบายน้ำอุดตันมานานแล้ว');
  await page.fill('#place', 'ตลาดสดเทศบาล');
  await submit('form button[type=submit]');
  assert.ok((await text()).includes('tracking-code'), 'filed');

  // 2. The complaint officer accepts and assigns it: the officer picker
  // holds only unit officers, grouped by their unit.
  await login(env('COMPLAINTS'), env('COMPLAINTS_PASSWORD'));
  await openCase('channel=general&view=all');
  await step('accept');
  const officers = await page.$$eval('#officer_id optgroup', (groups) =>
    groups.map((g) => ({ unit: g.label, people: [...g.querySelectorAll('option')].map((o) => o.textContent) })));
  assert.ok(officers.length >= 1, 'one group per unit with officers');
  const units = await page.$$eval('#unit_id option', (os) => os.map((o) => o.textContent).filter((t) => t !== '—'));
  assert.deepEqual(officers.map((g) => g.unit), units, 'the units offered are those with officers');
  for (const group of officers) {
    for (const name of group.people) {
      assert.ok(!/ศูนย์รับเรื่อง|นิติการ|ผู้บริหาร|ผู้ดูแลระบบ|ผู้ตรวจสอบ/.test(name), `${name} may not act on the case`);
    }
  }
  await step('assign', async () => {
    await page.selectOption('#unit_id', { index: 1 });
    await page.selectOption('#officer_id', { index: 1 });
  });
  // The same assignment again is refused.
  await page.selectOption('#kind', 'assign');
  await page.selectOption('#unit_id', { index: 1 });
  await page.selectOption('#officer_id', { index: 1 });
  await submit('form[action$="/events"] button[type=submit]');
  assert.ok((await text()).includes('ไม่บันทึกซ้ำ'), 'a repeated assignment is refused');
  await logout();

  // 3. The unit's officer: the menu, the queue, progress and a proposal.
  await login(env('OFFICER'), env('OFFICER_PASSWORD'));
  await page.goto(`${base}/staff/`);
  await submit('a:has-text("เรื่องร้องเรียนที่มอบหมายให้หน่วยงาน")');
  assert.ok((await text()).includes(subject), 'the case is in the unit\'s queue');
  await submit(`tr:has-text("${subject}") a`);
  assert.ok(!(await text()).includes('เปิดดูข้อมูลติดต่อ'), 'no reveal for the unit');
  await step('start_work');
  await step('progress_update', async () => page.fill('#public_message', 'ส่งรถดูดเลนลอกท่อแล้ว'));
  await step('propose_answer', async () => page.fill('#internal_note', 'ลอกท่อระบายน้ำตลอดแนวตลาดเรียบร้อยแล้ว'));
  await logout();

  // 4. The complaint officer answers with the proposal and closes.
  await login(env('COMPLAINTS'), env('COMPLAINTS_PASSWORD'));
  await openCase('channel=general&view=all');
  assert.ok((await page.textContent('#proposal')).includes('ลอกท่อระบายน้ำตลอดแนวตลาดเรียบร้อยแล้ว'));
  await page.selectOption('#kind', 'resolve');
  assert.equal(await page.inputValue('#public_message'), 'ลอกท่อระบายน้ำตลอดแนวตลาดเรียบร้อยแล้ว', 'the proposal prefilled');
  await submit('form[action$="/events"] button[type=submit]');
  assert.ok((await text()).includes('บันทึกการดำเนินการแล้ว'));
  await step('close');

  // 5. A complaint taken by phone at the counter.
  // The demo has calls of its own: this one is counted on top of them.
  const byPhone = async () => {
    await page.goto(`${base}/staff/complaints?channel=general&view=all&via=phone`);
    const found = (await page.textContent('#case-count')).match(/พบ\s*(\d+)\s*เรื่อง/);
    assert.ok(found, 'the list says how many it found');
    return Number(found[1]);
  };
  const callsBefore = await byPhone();
  await page.goto(`${base}/staff/`);
  await submit('a[href="/staff/complaints/new"]');
  await page.selectOption('#received_via', 'phone');
  await page.selectOption('#category', 'roads');
  await page.fill('#subject', 'ถนนชำรุดหน้าวัด');
  await page.fill('#details', 'ผู้ร้องโทรแจ้งว่าถนนหน้าวัดเป็นหลุมลึก รถจักรยานยนต์ล้ม');
  await submit('form[action="/staff/complaints/new"] button[type=submit]');
  const code = (await page.textContent('#tracking-code')).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(await byPhone(), callsBefore + 1, 'listed by way of receipt');
  await logout();

  // 6. The public statistics count it under its way of receipt.
  await page.goto(`${home}/stats`);
  const ways = await page.$$eval('#general-ways tbody tr', (rows) =>
    rows.map((r) => [r.querySelector('th').textContent.trim(), r.querySelector('td').textContent.trim()]));
  const phone = ways.find(([way]) => way === 'โทรศัพท์');
  assert.ok(phone, `a row for the phone: ${JSON.stringify(ways)}`);
  // One call is a small count: shown as fewer than three, never as 1.
  assert.notEqual(phone[1], '0', `the call is counted: ${JSON.stringify(ways)}`);
  assert.notEqual(phone[1], '1', 'a count of one is never published');
  console.log('e2e units: ok');
} finally {
  await browser.close();
}
