// Accessibility and self-containment checks of csstd's rendered handbooks in
// headless Chromium (the system one, driven by playwright-core; no browser
// download).
//
// usage: node axe.mjs DIST
//
// For every handbook.html and index.html under DIST, over a file:// URL:
//   - runs axe-core and fails on any violation of impact "serious" or
//     "critical" (minor and moderate ones are printed, not failed);
//   - fails if the page made any request that is not file:// (data:, blob:
//     and about: are not network requests and are allowed);
// and for the ar-SA handbook, fails unless the document is right-to-left
// both in markup (<html dir="rtl">) and in the computed style of <body>.
//
// Exit status: 0 when every page passes, 1 otherwise, 2 on a usage error.

import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const AXE_PATH = join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const NON_NETWORK_SCHEMES = new Set(['file:', 'data:', 'blob:', 'about:']);
const RTL_PAGE = join('ar-SA', 'handbook.html');
const PAGE_NAMES = new Set(['handbook.html', 'index.html']);

function usage(message) {
  console.error(`axe.mjs: ${message}\nusage: node axe.mjs DIST`);
  process.exit(2);
}

function findPages(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findPages(path));
    else if (entry.isFile() && PAGE_NAMES.has(entry.name)) found.push(path);
  }
  return found;
}

async function injectAxe(page) {
  try {
    await page.addScriptTag({ path: AXE_PATH });
  } catch (err) {
    // A page whose CSP forbids inline scripts: evaluate the source instead.
    console.log(`    addScriptTag failed (${err.message.split('\n')[0]}); using page.evaluate`);
    await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  }
  const version = await page.evaluate(() => (typeof window.axe === 'object' ? window.axe.version : null));
  if (!version) throw new Error('axe-core did not load into the page');
  return version;
}

function describeNode(node) {
  const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | ');
  const summary = (node.failureSummary || '').replace(/\s*\n\s*/g, ' / ');
  return `${target}${summary ? `\n          ${summary}` : ''}`;
}

async function checkPage(context, file, rel, axeInfo) {
  const problems = [];
  const notes = [];
  const page = await context.newPage();
  const requests = [];
  page.on('request', (req) => requests.push(req.url()));
  page.on('pageerror', (err) => notes.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') notes.push(`console error: ${msg.text()}`);
  });

  const url = pathToFileURL(file).href;
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response && !response.ok()) problems.push(`loading ${url} gave status ${response.status()}`);
  // Give anything deferred (lazy images, prefetches, fonts) the chance to ask.
  await page.waitForLoadState('networkidle').catch(() => {});

  axeInfo.version = await injectAxe(page);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact));
  const other = results.violations.filter((v) => !FAILING_IMPACTS.has(v.impact));
  for (const v of failing) {
    problems.push(
      `axe ${v.impact}: ${v.id} — ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `        ${describeNode(n)}`).join('\n'),
    );
  }
  for (const v of other) {
    notes.push(`axe ${v.impact} (not failing): ${v.id} — ${v.help}; ${v.nodes.length} node(s): ` +
      v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ') + (v.nodes.length > 5 ? ', …' : ''));
  }

  if (rel === RTL_PAGE) {
    const dir = await page.evaluate(() => ({
      attr: document.documentElement.dir,
      computed: getComputedStyle(document.body).direction,
    }));
    if (dir.attr !== 'rtl') problems.push(`document.documentElement.dir is '${dir.attr}', expected 'rtl'`);
    if (dir.computed !== 'rtl') problems.push(`getComputedStyle(document.body).direction is '${dir.computed}', expected 'rtl'`);
    if (dir.attr === 'rtl' && dir.computed === 'rtl') notes.push('right-to-left: dir=rtl, body direction rtl');
  }

  // Requests seen after axe ran count as well: axe itself must not fetch.
  const network = requests.filter((u) => !NON_NETWORK_SCHEMES.has(new URL(u).protocol));
  for (const u of network) problems.push(`network request: ${u}`);

  await page.close();
  return {
    rel,
    problems,
    notes,
    requests: requests.length,
    violations: results.violations.length,
    failing: failing.length,
  };
}

async function main() {
  const distArg = process.argv[2];
  if (!distArg) usage('missing DIST');
  const dist = resolve(distArg);
  if (!existsSync(dist) || !statSync(dist).isDirectory()) usage(`${dist} is not a directory`);
  if (!existsSync(AXE_PATH)) usage(`${AXE_PATH} not found: run npm ci in ${HERE}`);
  if (!existsSync(CHROMIUM)) usage(`${CHROMIUM} not found: apt-get install chromium`);

  const pages = findPages(dist).sort();
  if (pages.length === 0) usage(`no handbook.html or index.html under ${dist}`);
  const rels = pages.map((p) => relative(dist, p));
  if (!rels.includes(RTL_PAGE)) {
    console.log(`FAIL ${RTL_PAGE} not found under ${dist}: the right-to-left check cannot run`);
  }

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  let failed = !rels.includes(RTL_PAGE);
  const axeInfo = { version: '?' };
  const rows = [];
  try {
    console.log(`browser: Chromium ${browser.version()} (${CHROMIUM})`);
    for (const [i, file] of pages.entries()) {
      // A fresh context per page: no cache or storage carried between pages.
      const context = await browser.newContext({ serviceWorkers: 'block' });
      let r;
      try {
        r = await checkPage(context, file, rels[i], axeInfo);
      } catch (err) {
        r = { rel: rels[i], problems: [`check crashed: ${err.stack || err}`], notes: [], requests: 0, violations: 0, failing: 0 };
      } finally {
        await context.close();
      }
      const ok = r.problems.length === 0;
      failed ||= !ok;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${r.rel}: ${r.violations} axe violation(s), ${r.failing} serious/critical; ${r.requests} request(s)`);
      for (const p of r.problems) console.log(`      ${p}`);
      for (const n of r.notes) console.log(`      note: ${n}`);
      rows.push(r);
    }
  } finally {
    await browser.close();
  }

  const bad = rows.filter((r) => r.problems.length > 0).length;
  console.log(`axe-core ${axeInfo.version}: ${rows.length} page(s) checked, ${rows.length - bad} passed, ${bad} failed` +
    `; ${rows.reduce((n, r) => n + r.failing, 0)} serious/critical violation(s) in all` +
    `; right-to-left check on ${RTL_PAGE}: ${rows.find((r) => r.rel === RTL_PAGE) ? 'ran' : 'MISSING'}`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
