// Opens pages of the stock MLflow web UI in Debian's chromium and reports, per page, every request
// with its status, console errors, the outcome of the page's checks, its load time and a screenshot.
// Usage: node pages.mjs plan.json report.json  (the plan is written by conftest.py).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { checks } from './checks.mjs';

const [planFile, reportFile] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));

const browser = await chromium.launch({
  executablePath: plan.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
});
const report = {};
try {
  for (const spec of plan.pages) {
    report[spec.name] = await runPage(spec);
    const r = report[spec.name];
    const bad = r.requests.filter((q) => q.failure || q.status >= 400).length;
    console.log(`[${spec.name}] ${r.error ? 'FAILED: ' + r.error : 'ok'} in ${r.millis} ms, ` +
      `${r.requests.length} requests (${bad} failed), ${r.consoleErrors.length} console errors`);
    for (const q of r.requests) console.log(`  ${q.method} ${q.status ?? q.failure} ${q.url}`);
  }
} finally {
  await browser.close();
}
writeFileSync(reportFile, JSON.stringify(report, null, 2));

async function runPage(spec) {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  if (spec.cookies) {
    await context.addCookies(spec.cookies.map((c) => ({ ...c, url: plan.baseUrl })));
  }
  // A user who has closed the AI assistant's welcome panel once: it no longer covers half the page.
  await context.addInitScript(() => {
    try {
      localStorage.setItem('mlflow.assistant.fab.autoOpenedOnFirstLoad_v1', 'true');
      localStorage.setItem('mlflow.assistant.panelOpen_v1', 'false');
    } catch {
      // a browser error page has no storage
    }
  });
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), url: msg.location()?.url ?? '' });
  });
  page.on('pageerror', (err) => consoleErrors.push({ text: `uncaught: ${err.message}`, url: '' }));
  const inflight = new Set();
  // A worker's script load never reports 'finished' to the page; it is not waited for.
  page.on('request', (req) => { if (!req.url().endsWith('.worker.js')) inflight.add(req); });
  page.on('requestfinished', async (req) => {
    inflight.delete(req);
    const res = await req.response();
    requests.push({ method: req.method(), url: req.url(), status: res ? res.status() : null, body: req.postData()?.slice(0, 600),
      headers: await req.allHeaders() });
  });
  page.on('requestfailed', (req) => {
    inflight.delete(req);
    requests.push({ method: req.method(), url: req.url(), failure: req.failure()?.errorText ?? 'failed' });
  });
  const started = Date.now();
  const result = { name: spec.name, error: null, facts: {} };
  try {
    const check = checks[spec.check ?? spec.name];
    if (!check) throw new Error(`no check named ${spec.check ?? spec.name}`);
    await check({ page, quiet: () => quiet(page, inflight), base: plan.baseUrl, data: plan.data, spec, facts: result.facts, requests });
    // Let late requests (charts, previews) finish so that their statuses are counted. The UI polls,
    // so 'networkidle' may never come: wait for one quiet second, at most 10 s.
    await quiet(page, inflight);
  } catch (e) {
    result.error = String(e?.message ?? e).split('\n').slice(0, 6).join('\n');
  }
  result.millis = Date.now() - started;
  try {
    await page.screenshot({ path: join(plan.screenshots, `${spec.name}.png`), fullPage: false });
  } catch (e) {
    result.screenshotError = String(e);
  }
  await context.close();
  // Header values only matter to the cookie check; keep the report small otherwise.
  result.requests = requests.map((q) => spec.keepHeaders ? q : { ...q, headers: undefined });
  result.consoleErrors = consoleErrors;
  return result;
}

async function quiet(page, inflight) {
  const deadline = Date.now() + 10000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (inflight.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 1000) return;
    await page.waitForTimeout(100);
  }
  console.log(`  (still in flight: ${[...inflight].map((r) => r.url()).join(', ')})`);
}
