// Types of kafka.mjs for the TypeScript tools that start their own broker (tools/chaos).
export interface StartedKafka {
  readonly brokers: string;
  readonly pid: number;
  readonly dataDir: string;
  stop(): Promise<void>;
  /** SIGKILL at once: a crash, not a shutdown. */
  kill(): Promise<void>;
}

export interface StartKafkaOptions {
  readonly name?: string;
  readonly port?: number;
  readonly controllerPort?: number;
  readonly fresh?: boolean;
  readonly detached?: boolean;
  /** How long to wait for the broker to listen (default 60 s). */
  readonly readyTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export function javaAvailable(): boolean;
export function fetchKafka(log?: (line: string) => void): void;
export function startKafka(options?: StartKafkaOptions): Promise<StartedKafka>;
