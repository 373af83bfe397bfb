#!/usr/bin/env node
// `npm test`: unit and integration tests (Vitest), then the browser tests when a Chromium is found.
// Ends with one summary line, "Tests: N passed, N failed, N skipped".
//   --require-browser   fail instead of skipping when no Chromium is found or a browser test is skipped (CI)
//   --e2e-only          run only the browser tests
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = process.argv.slice(2);
const requireBrowser = args.includes('--require-browser') || process.env.SSKDT_REQUIRE_BROWSER === '1';
const e2eOnly = args.includes('--e2e-only');
fs.mkdirSync(resultsDir, { recursive: true });

function chromiumPath() {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && fs.existsSync(p),
  );
}

/** Runs one Vitest invocation and returns its counts from the JSON report. */
function run(label, extraArgs) {
  const report = path.join(resultsDir, `${label}.json`);
  fs.rmSync(report, { force: true });
  console.log(`\n── ${label} tests ──`);
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  if (!fs.existsSync(report)) return { passed: 0, failed: 1, skipped: 0, crashed: true, code: result.status };
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  const failedSuites = json.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  return {
    passed: json.numPassedTests,
    failed:
      json.numFailedTests +
      failedSuites +
      (result.status !== 0 && json.numFailedTests === 0 && !failedSuites ? 1 : 0),
    skipped: json.numPendingTests + json.numTodoTests,
    code: result.status,
  };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const add = (r) => {
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped;
};

/**
 * The privacy check of the acceptance list: no CCCD or phone number in clear in the server logs the
 * tests produced. Counted as one test.
 */
function checkLogs(files) {
  const patterns = [
    // A digit run that is the fraction of a decimal number ("3.012345678901") is not an identifier.
    ['phone number', /(?<![\d*]|\d\.)(?:\+?84|0)(?:3|5|7|8|9)\d{8}(?!\d)/],
    ['CCCD', /(?<![\d*]|\d\.)0\d{11}(?!\d)/],
    // Names of the test fixtures, with or without accents (URL-encoded or not).
    [
      'name',
      /nguy(?:e|ễ)n(?:%20|\+|\s)+v(?:a|ă)n(?:%20|\+|\s)+a\b|tr(?:a|ầ)n(?:%20|\+|\s)+th(?:i|ị)(?:%20|\+|\s)+b(?:i|ì)nh/i,
    ],
  ];
  const leaks = [];
  for (const file of files.filter((f) => fs.existsSync(f))) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        // Request ids and record ids are UUIDs; their digit groups are not identifiers.
        const text = line.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'uuid');
        for (const [what, re] of patterns)
          if (re.test(text)) leaks.push(`${path.relative(root, file)}:${i + 1}: ${what}`);
      });
  }
  console.log(`\n── privacy check of server logs ──`);
  if (leaks.length) {
    console.error(`Identifiers in clear in the logs:\n${leaks.slice(0, 20).join('\n')}`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  console.log(
    `No CCCD or phone number in clear in ${files.filter((f) => fs.existsSync(f)).length} log file(s).`,
  );
  return { passed: 1, failed: 0, skipped: 0 };
}

// The integration suite's server log, and one log per browser test file's server (server-e2e-*.log).
const isServerLog = (name) => name === 'server-test.log' || /^server-e2e.*\.log$/.test(name);
const serverLogs = () =>
  fs
    .readdirSync(resultsDir)
    .filter(isServerLog)
    .map((name) => path.join(resultsDir, name));
for (const file of serverLogs()) fs.rmSync(file, { force: true });

if (!e2eOnly) {
  const engines = process.env.TEST_DATABASE_URL
    ? 'PGlite and PostgreSQL'
    : 'PGlite only (set TEST_DATABASE_URL to add PostgreSQL)';
  console.log(`Integration tests run on ${engines}.`);
  add(run('unit-integration', ['--project', 'unit', '--project', 'integration']));
}

const browser = chromiumPath();
if (browser) {
  const e2e = run('browser', ['-c', 'vitest.e2e.config.ts']);
  add(e2e);
  if (requireBrowser && e2e.skipped > 0) {
    console.error(`\n${e2e.skipped} browser test(s) were skipped; skipping is not allowed here.`);
    totals.failed += e2e.skipped;
  }
} else {
  const how =
    'Browser tests SKIPPED: no Chromium found. Install it with `sudo apt-get install -y chromium` ' +
    '(Debian/Ubuntu) or point CHROMIUM_PATH at a Chromium/Chrome binary, then run `npm run test:e2e`.';
  console.log(`\n${how}`);
  if (requireBrowser) {
    console.error('A browser is required here (--require-browser).');
    totals.failed += 1;
  }
}

add(checkLogs(serverLogs()));

console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
