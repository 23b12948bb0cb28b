// The corruption risk register and internal measures (issue 14) in Debian's
// headless Chromium: the coordinator opens the year's register (created from
// the demo plan's Part 1 table), scores a risk on the matrix (inherent and
// residual), sees it on the heat map, adds an internal measure; the public
// register shows the new level, and the public information centre shows the
// risk assessment and the internal measures as published (the previous
// year's items, whose periods have ended, and this year's risk assessment).
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE, COORDINATOR, COORDINATOR_PASSWORD, FISCAL_YEAR.
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
const measureTitle = 'มาตรการตรวจสอบการเบิกจ่ายค่าตอบแทนล่วงเวลา';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const step = (what) => console.log(`  ✓ ${what}`);
try {
  const context = await browser.newContext({ locale: 'th-TH', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const text = async () => page.content();
  const submit = async (selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);

  // 1. The coordinator logs in and opens this year's register.
  await page.goto(`${base}/staff/login`);
  await page.fill('#email', env('COORDINATOR'));
  await page.fill('#password', env('COORDINATOR_PASSWORD'));
  await page.fill('#totp', await freshCode(env('COORDINATOR')));
  await submit('button[type=submit]');
  assert.ok(!page.url().includes('/staff/login'), 'logged in');
  await page.goto(`${base}/staff/integrity/risks?year=${year}`);
  assert.ok((await text()).includes(`ทะเบียนความเสี่ยงการทุจริต ปีงบประมาณ ${year}`));
  const rows = page.locator('#risk-table tbody tr');
  assert.equal(await rows.count(), 6, 'the six risk issues of the plan\'s Part 1 table');
  assert.equal(await page.locator('.heat-map > svg rect').count(), 25, 'a 5×5 heat map');
  const svgWidth = await page.locator('.heat-map > svg').evaluate((e) => e.getBoundingClientRect().width);
  assert.ok(svgWidth <= 390, `the heat map fits a phone (${svgWidth}px)`);
  step('the register from the plan, with its heat map');

  // 2. Scores the fourth risk (procurement): inherent 5×4, residual 3×3.
  await submit('#risk-table tbody tr:nth-child(4) th a');
  await page.fill('#likelihood', '5');
  await page.fill('#impact', '4');
  await page.fill('#residual_likelihood', '3');
  await page.fill('#residual_impact', '3');
  await submit('#entry-form button[type=submit]');
  assert.ok((await text()).includes('สูงมาก (5×4)'), 'the inherent level from the matrix');
  assert.ok((await text()).includes('ปานกลาง (3×3)'), 'the residual level');
  // A residual above the inherent level is refused at the field.
  await page.fill('#residual_likelihood', '5');
  await page.fill('#residual_impact', '5');
  await submit('#entry-form button[type=submit]');
  assert.ok((await text()).includes('ต้องไม่สูงกว่าความเสี่ยงก่อนการควบคุม'), 'refused at the field');
  await page.goto(`${base}/staff/integrity/risks?year=${year}`);
  assert.ok((await text()).includes('โอกาส 5 × ผลกระทบ 4: สูงมาก, 1 ความเสี่ยง'), 'on the heat map');
  step('a risk scored; a residual above the inherent refused');

  // 3. Adds an internal measure that controls that risk.
  await page.goto(`${base}/staff/integrity/measures?year=${year}`);
  const before = await page.locator('article.measure').count();
  await page.fill('#title', measureTitle);
  await page.fill('#purpose', 'ป้องกันการเบิกค่าตอบแทนล่วงเวลาเกินจริง');
  await page.fill('#owner_unit', 'กองคลัง');
  await page.fill('#steps', `สุ่มตรวจใบลงเวลา | 31/03/${year}\nรายงานผลต่อผู้บริหาร | 30/09/${year}`);
  await page.check('#risk-4');
  await page.selectOption('#status', 'in_progress');
  await submit('#measure-form button[type=submit]');
  assert.equal(await page.locator('article.measure').count(), before + 1, 'the measure is listed');
  assert.ok((await text()).includes(measureTitle));
  step('an internal measure added');

  // 4. The public pages.
  await page.goto(`${base}/o/demo/integrity/risks?year=${year}`);
  assert.ok((await text()).includes('สูงมาก (5×4)'), 'the public register shows the new level');
  assert.ok(await page.locator('a[href="/o/demo/items/2.9"]').count() >= 1, 'controls link the plan items');
  await page.goto(`${base}/o/demo/integrity/measures?year=${year}`);
  assert.ok((await text()).includes(measureTitle));
  step('the public register and measures');

  // 5. The information centre: the risk assessment and the measures are
  // published by the system (last year's periods have ended; this year's
  // risk assessment is due 60 days into the year).
  const status = async (code) => page.locator(`li.info-item[data-code="${code}"] [data-status]`).first().getAttribute('data-status');
  await page.goto(`${base}/o/demo/info?year=${year - 1}`);
  for (const code of ['O23', 'O24', '4.3-1', '4.3-2']) {
    assert.match(await status(code), /^status-published(-late)?$/, `${code} of ${year - 1} is published`);
  }
  assert.equal(await page.locator(`li.info-item[data-code="4.3-2"] a[href="/o/demo/integrity/measures?year=${year - 1}"]`).count(), 1,
    'the measures item links the measures page');
  step(`the ${year - 1} risk assessment, its management and the measures' results are published`);
  await page.goto(`${base}/o/demo/info?year=${year}`);
  const dayOfYear = (Date.now() - Date.UTC(year - 544, 9, 1)) / 86400000;
  if (dayOfYear >= 60) {
    assert.match(await status('O23'), /^status-published(-late)?$/, `O23 of ${year} is published`);
    step(`the ${year} risk assessment is published`);
  }
  console.log('e2e risks: ok');
} finally {
  await browser.close();
}
