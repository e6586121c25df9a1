import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface SandboxThreadOptions {
  readonly port: number;
  readonly host: string;
  /** The books are kept in this database (PostgresSandboxJournal), as the standalone sandbox's are. */
  readonly databaseUrl: string;
}

export interface SandboxThread {
  /** Where the bank listens, e.g. http://127.0.0.1:3007. */
  readonly url: string;
  /**
   * Settles when the thread has ended: undefined after close(), the cause if it ended on its own
   * (an error thrown in it, or its process.exit). The caller decides what a lost bank means.
   */
  readonly ended: Promise<Error | undefined>;
  close(): Promise<void>;
}

/** What the worker says: listening (its URL), failed to start, closed on request. */
export type SandboxThreadMessage = { type: 'listening'; url: string } | { type: 'failed'; error: string } | { type: 'closed' };

/**
 * The bank sandbox on a thread of its own (thread.worker.ts): for the embedded platform, whose one
 * main thread runs every service. The sandbox is the bank, not the platform, and it sits behind HTTP
 * like a real one either way; on the main thread its half of every bank call and callback (about
 * 1.5–2 ms of CPU per payment) queued behind the services' work, here it runs on the other core.
 * It shares the process, so it dies with it, as before (its books are in the database).
 */
export function startSandboxThread(options: SandboxThreadOptions): Promise<SandboxThread> {
  // TypeScript is run through @swc-node/register everywhere the platform runs (npm start, the
  // tests, the benchmark, the crash harness); the worker needs it too, whatever its parent's flags.
  const typescript = __filename.endsWith('.ts');
  const worker = new Worker(resolve(__dirname, `thread.worker.${typescript ? 'ts' : 'js'}`), {
    workerData: options,
    // The environment of the code that starts it (SANDBOX_ADMIN, OTEL_*), which under jest is not the process's own.
    env: { ...process.env },
    execArgv: typescript ? ['--require', '@swc-node/register'] : [],
  });
  let closing = false;
  let closed: () => void = () => undefined;
  const ended = new Promise<Error | undefined>((settle) => {
    worker.once('error', (error) => settle(error));
    worker.once('exit', (code) => settle(closing ? undefined : new Error(`the bank sandbox thread exited with code ${code}`)));
  });
  return new Promise<SandboxThread>((started, failed) => {
    void ended.then((error) => failed(error ?? new Error('the bank sandbox thread ended before it listened')));
    worker.on('message', (message: SandboxThreadMessage) => {
      if (message.type === 'failed') {
        failed(new Error(`the bank sandbox did not start: ${message.error}`));
        closing = true;
        void worker.terminate();
      }
      if (message.type === 'closed') closed();
      if (message.type !== 'listening') return;
      started({
        url: message.url,
        ended,
        close: async () => {
          if (closing) return;
          closing = true;
          const done = new Promise<void>((r) => (closed = r));
          worker.postMessage('close');
          // A sandbox that cannot close in time is ended: closing never hangs the platform's shutdown.
          const timer = setTimeout(() => void worker.terminate(), 10_000);
          await Promise.race([done, ended]);
          clearTimeout(timer);
          await worker.terminate();
        },
      });
    });
  });
}
