// Types of postgres.mjs for the TypeScript tools that start their own server (tools/chaos).
export const projectRoot: string;

export function startEmbeddedPostgres(options: {
  readonly name: string;
  readonly port: number;
  readonly persistent: boolean;
  readonly log?: (line: string) => void;
  /** Further `name=value` server settings. */
  readonly settings?: readonly string[];
}): Promise<{ url: string; stop(): Promise<void> }>;
