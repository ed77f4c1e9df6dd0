// Shared helpers of the browser tests: launching Debian's Chromium, named steps with a pass/fail
// summary, screenshots, waiting for an answer (without eval: the pages' CSP forbids it).
'use strict';

const path = require('node:path');
const fs = require('node:fs');
const { chromium } = require('playwright-core');

const BASE = process.env.BASE_URL || 'http://127.0.0.1:8080/';
const OUT = process.env.OUT_DIR || path.join(__dirname, 'output');
fs.mkdirSync(OUT, { recursive: true });

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// Runs named steps, records each result and prints a summary line at the end.
class Steps {
  constructor() {
    this.results = [];
  }

  async step(name, fn) {
    const start = Date.now();
    try {
      await fn();
      this.results.push({ name, ok: true });
      console.log(`ok   ${name} (${Date.now() - start} ms)`);
    } catch (e) {
      this.results.push({ name, ok: false });
      console.log(`FAIL ${name}: ${e.stack || e}`);
    }
  }

  failed() {
    return this.results.filter((r) => !r.ok).length;
  }

  summary() {
    const failed = this.failed();
    console.log(`${this.results.length - failed} passed, ${failed} failed; screenshots in ${OUT}`);
    return failed;
  }
}

async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: path.join(OUT, name), fullPage });
}

function escapeRe(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Waits until the answer's heading is exactly text and no request is in flight.
async function waitHeading(page, text) {
  await page.locator('#answer h1').filter({ hasText: new RegExp('^' + escapeRe(text) + '$') }).waitFor();
  await page.locator('#answer:not([aria-busy])').waitFor();
}

async function askMain(page, question) {
  await page.fill('#question', question);
  await page.press('#question', 'Enter');
  await waitHeading(page, question);
}

// Collects script errors, CSP violations (console errors) and dialogs of a page into errors;
// console errors matching one of allowed (regular expressions) are expected ones.
function watch(page, errors, label, allowed = []) {
  page.on('pageerror', (e) => errors.push(`${label} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !allowed.some((re) => re.test(m.text()))) errors.push(`${label} console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    errors.push(`${label} dialog: ${d.message()}`);
    d.dismiss();
  });
}

// Runs axe-core (WCAG 2.0-2.2 A and AA rules and best practices) on the page as it is and returns
// its violations. The pages' CSP forbids inline scripts (so no addScriptTag) but not the
// DevTools protocol's own evaluation: axe's source is evaluated in the page like any
// page.evaluate, without loosening the policy or adding a route to the server.
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.failureSummary.replace(/\s+/g, ' ')),
  }));
}

// Asserts that axe finds nothing on the page; the message lists what it found.
async function assertAccessible(page, what) {
  const violations = await axeViolations(page);
  if (violations.length) {
    throw new Error(`axe: ${violations.length} violation(s) on ${what}:\n` + JSON.stringify(violations, null, 2));
  }
}

module.exports = {
  BASE, OUT, DESKTOP, PHONE, launch, Steps, shot, escapeRe, waitHeading, askMain, watch, axeViolations, assertAccessible,
};
