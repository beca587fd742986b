#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, unit tests, app build + e2e tests, in that order, each streamed live.
 * Every step runs even after a failure so the count is complete. The last line printed is always
 * `tests: N passed, N failed` (CI reads it); the exit code is non-zero if anything failed.
 * Env: E2E=0 skips the build and the e2e tests.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'mnist-tests-'));

/** Runs a command with inherited stdio; resolves to its exit code (127 if it could not start). */
function run(command, args) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`run-tests: could not start ${command}: ${error.message}`);
      done(127);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

function banner(text) {
  console.log(`\n==> ${text}`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** A step that is one test: passed when the command exits 0. */
async function checkStep(name, command, args) {
  banner(`${name}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const code = await run(command, args);
  const ok = code === 0;
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, note: `${ok ? 'passed' : `failed (exit ${code})`} in ${seconds(started)}` };
}

/**
 * A vitest project: counts come from its JSON report. No report (vitest crashed) counts as one
 * failure; so does a non-zero exit with no failed test (e.g. a global setup error or no test files).
 */
async function vitestStep(name, project) {
  const report = join(tmp, `${project}.json`);
  const args = ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${report}`];
  banner(`${name}: npx ${args.join(' ')}`);
  const started = Date.now();
  const code = await run('npx', args);
  let passed = 0;
  let failed = 0;
  let note;
  if (!existsSync(report)) {
    failed = 1;
    note = `no JSON report (vitest exit ${code}); counted as 1 failed`;
  } else {
    try {
      const json = JSON.parse(readFileSync(report, 'utf8'));
      passed = Number(json.numPassedTests) || 0;
      failed = Number(json.numFailedTests) || 0;
      note = `${passed} passed, ${failed} failed`;
      if (code !== 0 && failed === 0) {
        failed = 1;
        note += `, but vitest exited ${code} (setup error, unhandled error or no tests); counted as 1 failed`;
      }
    } catch (error) {
      failed = 1;
      note = `unreadable JSON report (${error.message}); counted as 1 failed`;
    }
  }
  return { name, passed, failed, note: `${note} in ${seconds(started)}` };
}

const results = [];
results.push(await checkStep('typecheck', 'npx', ['tsc', '-b']));
results.push(await checkStep('lint', 'npx', ['eslint', '.']));
results.push(await vitestStep('unit', 'unit'));

if (process.env.E2E === '0') {
  banner('e2e: skipped (E2E=0)');
  results.push({ name: 'e2e', passed: 0, failed: 0, note: 'skipped (E2E=0)' });
} else {
  banner('build: npx vite build (the e2e tests run against the production build)');
  const started = Date.now();
  const code = await run('npx', ['vite', 'build']);
  if (code === 0) {
    results.push(await vitestStep('e2e', 'e2e'));
  } else {
    // Testing an old or partial dist/ would report on code that is not the code under test.
    results.push({ name: 'e2e', passed: 0, failed: 1, note: `not run: \`npx vite build\` failed (exit ${code}) in ${seconds(started)}; counted as 1 failed` });
  }
}

rmSync(tmp, { recursive: true, force: true });

const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log('\nsummary:');
for (const r of results) console.log(`  ${r.name.padEnd(10)} ${r.note}`);
process.exitCode = failed > 0 ? 1 : 0;
console.log(`tests: ${passed} passed, ${failed} failed`);
