// Starts a Cursus server for the browser tests: a fresh data directory and
// SQLite database, a free port, and the demo accounts it prints on first run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

export async function startServer(extraEnv = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cursus-browser-'));
  const targetDir = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(join(targetDir, 'debug', 'cursus'), ['serve'], {
    cwd: ROOT,
    env: { ...withoutDatabaseUrl(process.env), CURSUS_DATA_DIR: dataDir, CURSUS_BIND: `127.0.0.1:${port}`, CURSUS_BASE_URL: base, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const accounts = {};
  let output = '';
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 60000);
    const onData = (chunk) => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        const m = line.match(/^\s+(admin|trainer|partner|learner)\s+(\S+@\S+)\s+(\S+)$/);
        if (m) accounts[m[1]] = { email: m[2], password: m[3] };
      }
      if (output.includes('Cursus is running') && Object.keys(accounts).length === 4) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { output += c.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited (${code}):\n${output}`)); });
  });
  return {
    base,
    accounts,
    dataDir,
    async stop() {
      const exited = new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// The browser tests always use a fresh SQLite file, whatever the shell says.
function withoutDatabaseUrl(env) {
  const copy = { ...env };
  delete copy.DATABASE_URL;
  return copy;
}
