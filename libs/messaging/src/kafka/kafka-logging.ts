import { logLevel, type logCreator } from 'kafkajs';

/**
 * kafkajs logs every reconnect and rebalance at INFO/WARN on stdout, drowning service logs and
 * test output. Only errors matter to an operator here, and they belong on stderr.
 */
export const stderrErrorsOnly: logCreator = () => (entry) => {
  if (entry.level > logLevel.ERROR || entry.level === logLevel.NOTHING) return;
  const { message, ...rest } = entry.log;
  const detail = 'error' in rest && rest['error'] !== undefined ? ` (${String(rest['error'])})` : '';
  process.stderr.write(`[kafkajs] ${entry.namespace}: ${message}${detail}\n`);
};

export { logLevel };
