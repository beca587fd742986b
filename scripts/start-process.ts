/** `npm start` as a child process, for the benchmark and the e2e test: started, timed to its URL, stopped. */
import { spawn } from 'node:child_process';

export interface StartedProcess {
  /** The URL it printed. */
  url: string;
  /** ms from spawning `npm start` to the URL line on its output. */
  msToUrl: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Ctrl+C to its process group; resolves when it has exited. */
  stop(): Promise<void>;
}

const URL_LINE = /running at (http:\/\/\S+)/;

/** Runs `npm start -- ...args` in `cwd` until it prints its URL; rejects if it exits first or after `timeoutMs`. */
export function startApp(cwd: string, args: readonly string[], timeoutMs: number): Promise<StartedProcess> {
  const started = performance.now();
  // Its own process group, so one signal reaches npm, the shell, tsx and node.
  const child = spawn('npm', ['start', '--', ...args], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // Already gone.
      }
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then(() => reject(new Error(`npm start printed no URL within ${timeoutMs} ms:\n${output}`)));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = URL_LINE.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        child.stdout.off('data', read);
        child.stdout.on('data', (more: Buffer) => (output += more.toString()));
        resolve({ url, msToUrl: performance.now() - started, output: () => output, stop });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? signal}) before printing a URL:\n${output}`));
    });
  });
}
