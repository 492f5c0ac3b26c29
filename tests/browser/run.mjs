// Browser tests of Cursus in real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core). Each test gets a fresh server and database.
// Ends with a line "N passed, N failed" that CI reads.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startServer } from './server.mjs';
import { authoringTests } from './authoring.mjs';
import { evaluationTests } from './evaluation.mjs';
import { offlineTests } from './offline.mjs';
import { peopleTests } from './people.mjs';
import { phoneTests } from './phone.mjs';
import { tests as generalTests } from './tests.mjs';
import { workshopTests } from './workshops.mjs';

const tests = { ...generalTests, ...authoringTests, ...peopleTests, ...evaluationTests, ...workshopTests, ...offlineTests, ...phoneTests };

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SHOTS = join(ROOT, 'target', 'browser-shots');
mkdirSync(SHOTS, { recursive: true });

const only = process.argv[2];
let passed = 0;
let failed = 0;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
try {
  for (const [name, run] of Object.entries(tests)) {
    if (only && !name.includes(only)) continue;
    const server = await startServer();
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    const started = Date.now();
    try {
      await run({ browser, context, server, shots: SHOTS });
      passed += 1;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${name}\n     ${String(error.stack || error).split('\n').slice(0, 6).join('\n     ')}`);
    } finally {
      await context.close();
      await server.stop();
    }
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
