// `csstd serve` in a real browser: headless Chromium (the system one, driven by
// playwright-core) opens a served handbook, the source is edited, and the page must
// reload by itself and show the new text.
//
// usage: node serve.mjs CSSTD PROJECT     (PROJECT: a scratch copy; it is edited)
//
// Exit status: 0 when the page reloaded with the edit, 1 otherwise, 2 on a usage error.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const [bin, project] = process.argv.slice(2);
if (!bin || !project) {
  console.error('usage: node serve.mjs CSSTD PROJECT');
  process.exit(2);
}

const server = spawn(bin, ['serve', '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] });
const stop = (code) => { server.kill(); process.exit(code); };
const address = await new Promise((resolve, reject) => {
  const lines = createInterface({ input: server.stdout });
  lines.once('line', (line) => {
    const m = line.match(/http:\/\/[^\s]+\//);
    m ? resolve(m[0]) : reject(new Error(`no address in: ${line}`));
  });
  setTimeout(() => reject(new Error('csstd serve did not start')), 30000);
});

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  await page.goto(`${address}de-DE/handbook.html`);
  const before = await page.textContent('h1');
  const culture = join(project, 'cultures', 'de-DE.toml');
  const text = readFileSync(culture, 'utf8');
  const marker = 'Probierstube';
  if (before.includes(marker)) throw new Error('the marker is already on the page');
  const started = Date.now();
  writeFileSync(culture, text.replace(/^name = .*$/m, `name = "${marker}"`));
  await page.waitForFunction((m) => document.querySelector('h1')?.textContent.includes(m), marker, { timeout: 10000 });
  console.log(`serve: the page reloaded with the edit ${Date.now() - started} ms after the save`);
  await browser.close();
  stop(0);
} catch (err) {
  console.error(`serve: ${err.message}`);
  await browser.close();
  stop(1);
}
