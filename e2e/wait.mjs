// Waits until `predicate` returns true in the page. It runs through CDP,
// which the page's CSP does not stop; page.waitForFunction's polling
// evaluates a string, which a CSP without 'unsafe-eval' refuses whenever the
// answer is not there at once (seen under load in CI).
export async function until(page, predicate, arg) {
  for (let i = 0; i < 150; i++) {
    if (await page.evaluate(predicate, arg)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${predicate}`);
}
