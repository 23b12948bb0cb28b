// Accessibility and phone layout of every page (issue 13, item 8), in Debian's
// headless Chromium: a crawl from the public home page and from each demo
// role's staff home follows every same-origin link (GET only, no downloads,
// no files), a few pages per path pattern, and on each page at 1280×800 and
// 390×844 runs axe-core (WCAG 2.0/2.1/2.2 A and AA and best practice) and
// checks that the page is no wider than the phone. Also the complaint forms'
// error states and a complaint receipt.
//
// Run by crates/app/tests/app/browser.rs, which starts `sujarit serve --demo`
// and passes BASE and ACCOUNTS (JSON: [{role, email, password}]).
// Prints every page it checked and, on failure, each violation's rule, page
// and nodes; exits non-zero when any page fails.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freshCode } from './totp.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const base = env('BASE');
const accounts = JSON.parse(env('ACCOUNTS'));
const origin = new URL(base).origin;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
// Bounds: pages per path pattern, pages per crawl (the public side; each role).
const PER_PATTERN = Number(process.env.PER_PATTERN || 3);
const PUBLIC_PAGES = Number(process.env.PUBLIC_PAGES || 60);
const ROLE_PAGES = Number(process.env.ROLE_PAGES || 20);

// Links never followed: leaving the session, files and downloads (not pages).
const SKIP = [
  /\/staff\/logout\b/,
  /\.(pdf|xlsx|csv|zip|json|jsonld|svg|png|jpe?g|webp|gif|txt|typ)(\?|$)/i,
  /\/(files?|evidence|download|downloads|attachments?|photos?)(\/|\?|$)/,
  /[?&]format=(pdf|xlsx|csv|zip|json)\b/i,
  /\/static\//,
  /\/api\//,
];

/** A path with its variable parts replaced, so that a crawl stays bounded. */
function pattern(url) {
  const u = new URL(url);
  const path = u.pathname
    .split('/')
    .map((part) => (/\d/.test(part) || /^[0-9a-f-]{16,}$/i.test(part) ? ':id' : part))
    .join('/');
  // A query value that names a view (channel=corruption) is part of the
  // pattern; one with digits (a year, an id) is not.
  const query = [...u.searchParams.entries()]
    .map(([k, v]) => (/\d/.test(v) ? `${k}=:id` : `${k}=${v}`))
    .sort()
    .join('&');
  return query ? `${path}?${query}` : path;
}

const failures = [];
const checked = [];

async function audit(page, label) {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    // Layout settles at the new width before measuring.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
    if (!hasAxe) await page.evaluate(axeSource);
    const violations = await page.evaluate(async (tags) => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')),
      }));
    }, TAGS);
    for (const v of violations) {
      failures.push(`${label} @${size.width}px: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`);
    }
    if (size.width === 390) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) {
        const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > 391)
          .filter((e) => !e.closest('.table-scroll'))
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}`));
        failures.push(`${label} @390px: the page is ${width} px wide (${wide.join(', ')})`);
      }
    }
  }
  checked.push(label);
}

/** Visits `start` and every page reachable from it by same-origin links under `scope`. */
// Pages checked per path pattern over all the staff crawls: a page the roles
// share (a list, a form) is checked for a few of them and only visited for
// its links by the others, so that each role's budget reaches further into
// its own pages. The public crawl counts on its own.
const staffChecks = new Map();
// Pages one crawl may visit (checked or not).
const VISITS = Number(process.env.VISITS || 120);

async function crawl(page, who, start, scope, seen, limit) {
  const queue = [start];
  const perPattern = new Map();
  const before = checked.length;
  let visits = 0;
  while (queue.length > 0 && checked.length - before < limit && visits < VISITS) {
    const url = queue.shift();
    const key = new URL(url);
    key.hash = '';
    if (seen.has(key.href)) continue;
    seen.add(key.href);
    const p = pattern(url);
    const count = perPattern.get(p) || 0;
    if (count >= PER_PATTERN) continue;
    perPattern.set(p, count + 1);
    visits += 1;
    let response;
    try {
      response = await page.goto(url);
    } catch (e) {
      // A link to a file the server sends as a download is not a page.
      if (!/Download is starting|net::ERR_ABORTED/.test(e.message)) {
        failures.push(`${who} ${key.pathname}${key.search}: did not load (${e.message.split('\n')[0]})`);
      }
      continue;
    }
    const type = response?.headers()['content-type'] || '';
    if (!type.includes('text/html')) continue;
    if (!response.ok() && response.status() !== 403 && response.status() !== 404) {
      failures.push(`${who} ${key.pathname}${key.search}: HTTP ${response.status()}`);
    }
    // Each role's own home page is always checked (its menu is its own).
    const done = scope === '/staff/' ? staffChecks.get(p) || 0 : 0;
    if (url === start || done < PER_PATTERN) {
      await audit(page, `${who} ${key.pathname}${key.search}`);
      if (scope === '/staff/') staffChecks.set(p, done + 1);
    }
    const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')]
      .filter((a) => !a.hasAttribute('download'))
      .map((a) => a.href));
    for (const link of links) {
      const u = new URL(link);
      u.hash = '';
      if (u.origin !== origin || !u.pathname.startsWith(scope)) continue;
      if (SKIP.some((re) => re.test(u.pathname + u.search))) continue;
      if (!seen.has(u.href)) queue.push(u.href);
    }
  }
}

async function submitForm(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  // The public side, anonymous.
  const publicContext = await browser.newContext({ locale: 'th-TH' });
  const page = await publicContext.newPage();
  const seenPublic = new Set();
  await crawl(page, 'public', `${base}/`, '/', seenPublic, PUBLIC_PAGES);

  // The complaint forms' error states (an empty submit) at both widths, and a receipt.
  for (const channel of ['general', 'corruption']) {
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.goto(`${base}/o/demo/complaints/new/${channel}`);
      await submitForm(page, 'main form button[type=submit]');
      await audit(page, `public ${channel} complaint form, empty submit (${size.width})`);
    }
  }
  await page.setViewportSize(WIDTHS[1]);
  await page.goto(`${base}/o/demo/complaints/new/general`);
  await page.selectOption('#category', { index: 1 });
  await page.fill('#subject', 'ไฟฟ้าส่องสว่างในซอยดับหลายคืน');
  await page.fill('#details', 'ไฟฟ้าส่องสว่างดับทั้งซอยมาสามคืนแล้ว มืดและอันตรายสำหรับคนเดินเท้า');
  if (await page.locator('#place').count()) await page.fill('#place', 'ซอยราชดำเนิน 9');
  for (const box of await page.locator('main form input[type=checkbox][required]').all()) await box.check();
  await submitForm(page, 'main form button[type=submit]');
  if (!(await page.locator('#tracking-code').count())) {
    failures.push(`public complaint receipt: no tracking code at ${page.url()}`);
  }
  await audit(page, 'public complaint receipt');
  await publicContext.close();

  // Each role's staff pages, in a context of its own.
  for (const account of accounts) {
    const context = await browser.newContext({ locale: 'th-TH' });
    const staff = await context.newPage();
    await staff.goto(`${base}/staff/login`);
    await staff.fill('#email', account.email);
    await staff.fill('#password', account.password);
    await staff.fill('#totp', await freshCode(account.email));
    await submitForm(staff, 'main form button[type=submit]');
    if (staff.url().includes('/staff/login')) {
      failures.push(`${account.role}: could not log in`);
      await context.close();
      continue;
    }
    await crawl(staff, account.role, `${base}/staff/`, '/staff/', new Set(), ROLE_PAGES);
    await context.close();
  }
} finally {
  await browser.close();
}

console.log(`a11y: ${checked.length} pages checked at ${WIDTHS.map((w) => w.width).join(' and ')} px`);
for (const label of checked) console.log(`  ${label}`);
if (failures.length > 0) {
  console.log(`a11y: ${failures.length} problems`);
  for (const f of failures) console.log(`- ${f}`);
  process.exit(1);
}
console.log('e2e a11y: ok');
