import type { Logger } from '@nestjs/common';
import type { ConnectorsConfig } from '../config';
import type { BankCall } from './bank-adapter';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The same request (the same idempotency key) a few times with exponential backoff while the bank
 * gives no answer; an answer, a 404 or a refusal (4xx) is returned at once.
 */
export async function callWithRetries<T>(
  config: Pick<ConnectorsConfig, 'submitAttempts' | 'retryBackoffMs'>,
  logger: Logger,
  label: string,
  call: () => Promise<BankCall<T>>,
): Promise<BankCall<T>> {
  let result: BankCall<T> = { kind: 'unavailable', reason: 'not tried' };
  for (let i = 0; i < config.submitAttempts; i += 1) {
    if (i > 0) await sleep(config.retryBackoffMs * 2 ** (i - 1));
    result = await call();
    if (result.kind !== 'unavailable') return result;
    logger.warn(`${label}, try ${i + 1}/${config.submitAttempts}: ${result.reason}`);
  }
  return result;
}
