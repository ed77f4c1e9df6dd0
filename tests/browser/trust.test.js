// Issue 13, "the page a clinician trusts", in Debian's Chromium at desktop (1280x900) and phone
// (390x844) sizes: no follow-up box without an answer, links that go where they say, one open
// citation at a time, the patients' own disclaimer, clear messages for empty questions and bad
// links, no developer text.
// Env: BASE_URL (a running `medoracle serve` over library/ plus the fixtures of run.sh), OUT_DIR.
'use strict';

const assert = require('node:assert/strict');
const { BASE, DESKTOP, PHONE, launch, Steps, shot, askMain, watch } = require('./helpers');

const L5 = 'What is the treatment for L5 (lumbar 5) impingement at the foramen level?';
const steps = new Steps();

// Every size runs every check; name says which size in the step names and screenshots.
async function suite(browser, name, options) {
  const errors = [];
  const context = await browser.newContext(options);
  const page = await context.newPage();
  // The bad-link checks cause the page's own 404 responses.
  watch(page, errors, name, [/status of 404/]);
  const s = (title, fn) => steps.step(`[${name}] ${title}`, fn);

  await s('the empty home page has a heading and no follow-up box', async () => {
    await page.goto(BASE);
    assert.equal(await page.locator('h1').count(), 1);
    assert.ok(await page.locator('h1').isVisible(), 'the home page heading is shown');
    assert.equal(await page.locator('#followup-form').isVisible(), false, 'no follow-up without an answer');
    assert.equal(await page.locator('#followup').isVisible(), false);
    await shot(page, `${name}-10-home.png`);
  });

  await s('a question of spaces only says what to do and keeps focus in the box', async () => {
    await page.goto(BASE);
    await page.fill('#question', '    ');
    await page.press('#question', 'Enter');
    const status = page.locator('#status');
    await status.filter({ hasText: /Type a question/ }).waitFor();
    assert.equal(await page.getAttribute('#question', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'question');
    assert.equal(await page.locator('#answer').isVisible(), false);
    // Typing clears the complaint.
    await page.type('#question', 'g');
    assert.equal(await page.getAttribute('#question', 'aria-invalid'), null);
  });

  for (const [link, why] of [['a/not-hex', /not a valid answer link/], ['a/ffffffffffffffff', /not available/]]) {
    await s(`the bad link /${link} says so, without a follow-up box`, async () => {
      const res = await page.goto(BASE + link);
      assert.equal(res.status(), 404);
      const status = page.locator('#status');
      await status.filter({ hasText: why }).waitFor();
      assert.ok(await status.isVisible());
      assert.equal(await page.locator('#followup-form').isVisible(), false);
      assert.equal(await page.locator('#answer').isVisible(), false);
      assert.ok(await page.locator('#question').isVisible(), 'the question box stays, to ask again');
      await shot(page, `${name}-11-bad-link-${link.replace(/\W/g, '_')}.png`);
    });
  }

  await s('no reference or citation link leads back to the answer page', async () => {
    await page.goto(BASE);
    await askMain(page, L5);
    // The editorial overview has no URL of its own.
    const refs = await page.locator('.refs li').count();
    assert.ok(refs >= 2);
    const here = page.url();
    const hrefs = await page.locator('.refs a').evaluateAll((as) => as.map((a) => a.href));
    for (const href of hrefs) {
      assert.notEqual(href.split('#')[0], here.split('#')[0], 'a reference links to the answer page itself');
    }
    await page.locator('.bottom-line button.cite').first().click();
    const popLinks = await page.locator('#cite-pop a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of popLinks) {
      if (href.startsWith('#')) continue;  // to the reference in the list
      assert.notEqual(new URL(href, here).href.split('#')[0], here.split('#')[0], `popover link ${href}`);
    }
    await page.keyboard.press('Escape');
  });

  await s('only the citation whose popover is open is marked expanded', async () => {
    const cites = page.locator('#answer button.cite');
    assert.ok(await cites.count() >= 3);
    await cites.nth(0).click();
    await cites.nth(2).click();
    await page.locator('#cite-pop').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#answer button.cite[aria-expanded="true"]').count(), 1);
    assert.equal(await cites.nth(2).getAttribute('aria-expanded'), 'true');
    // Moving on (a click elsewhere) closes it and leaves nothing expanded.
    await page.locator('#answer h1').click();
    await page.locator('#cite-pop').waitFor({ state: 'hidden' });
    assert.equal(await page.locator('#answer button.cite[aria-expanded="true"]').count(), 0);
    // Keyboard: focus one citation, then the next.
    await cites.nth(0).focus();
    await cites.nth(1).focus();
    await page.keyboard.press('Tab');
    assert.ok(await page.locator('#answer button.cite[aria-expanded="true"]').count() <= 1);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#answer button.cite[aria-expanded="true"]').count(), 0);
  });

  await s('no developer text on the answer, its popover or a no-answer page', async () => {
    await page.locator('.bottom-line button.cite').first().click();
    await page.locator('#cite-pop').waitFor({ state: 'visible' });
    const seen = (await page.textContent('#answer')) + (await page.textContent('#cite-pop'));
    for (const bad of [/bytes \d/, /\[(ngc|overview|pmid):/, /medoracle ingest/, /content terms/]) {
      assert.doesNotMatch(seen, bad);
    }
    await page.keyboard.press('Escape');
    await askMain(page, 'How do I tune a xylophone?');
    const none = await page.textContent('#answer');
    for (const bad of [/medoracle ingest/, /content terms/, /xylophon\b/, /`/]) assert.doesNotMatch(none, bad);
  });

  await s('patients get their own plain-words disclaimer', async () => {
    await page.goto(BASE);
    await page.check('input[name="audience"][value="patient"]');
    await askMain(page, 'What is gout?');
    const patient = await page.textContent('.disclaimer');
    assert.match(patient, /your own doctor/);
    assert.doesNotMatch(patient, /clinician/i);
    await page.check('input[name="audience"][value="clinician"]');
    await page.locator('.meta .aud', { hasText: 'For clinicians' }).waitFor();
    assert.match(await page.textContent('.disclaimer'), /clinicians'/);
    assert.notEqual(await page.textContent('.disclaimer'), patient);
  });

  await s('no script errors, CSP violations or dialogs', async () => {
    assert.deepEqual(errors, []);
  });
  await context.close();
}

(async () => {
  const browser = await launch();
  try {
    await suite(browser, 'desktop', DESKTOP);
    await suite(browser, 'phone', PHONE);
  } finally {
    await browser.close();
  }
  process.exit(steps.summary() ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
