import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_RISK_POLICY, SUPPORTED_CURRENCIES, type PaymentMethodType, type RiskPolicy } from '@pl/domain';

const minorUnits = z.string().regex(/^\d{1,18}$/, { error: 'expected minor units as a string of digits, e.g. "500000000"' }).transform(BigInt);
const positiveInt = z.number().int().positive();
const score = z.number().int().min(0).max(1000);
const methodLimits = z.strictObject({ card: minorUnits.optional(), bank_account: minorUnits.optional(), wallet: minorUnits.optional() });

/**
 * A policy file overrides the defaults section by section (a section given is given whole).
 * Amounts are digit strings: JSON numbers lose precision past 2^53.
 */
export const riskPolicyFileSchema = z
  .strictObject({
    amountLimits: z.partialRecord(z.enum(SUPPORTED_CURRENCIES as [string, ...string[]]), methodLimits).optional(),
    identicalBurst: z.strictObject({ maxRequests: positiveInt, windowMs: positiveInt }).optional(),
    duplicateWindowMs: positiveInt.optional(),
    thresholds: z
      .strictObject({ challenge: score, review: score, reject: score })
      .refine((t) => t.challenge <= t.review && t.review <= t.reject, { error: 'thresholds must satisfy challenge <= review <= reject' })
      .optional(),
  });

export function parseRiskPolicy(json: unknown): RiskPolicy {
  const file = riskPolicyFileSchema.parse(json);
  return {
    amountLimits: file.amountLimits ? definedLimits(file.amountLimits) : DEFAULT_RISK_POLICY.amountLimits,
    identicalBurst: file.identicalBurst ?? DEFAULT_RISK_POLICY.identicalBurst,
    duplicateWindowMs: file.duplicateWindowMs ?? DEFAULT_RISK_POLICY.duplicateWindowMs,
    thresholds: file.thresholds ?? DEFAULT_RISK_POLICY.thresholds,
  };
}

type Limits = Partial<Record<PaymentMethodType, bigint>>;

/** zod types absent keys as `undefined` members; the policy has no such members. */
function definedLimits(byCurrency: Readonly<Record<string, Readonly<Record<string, bigint | undefined>> | undefined>>): Record<string, Limits> {
  const defined = <V>(entries: Array<[string, V | undefined]>) => entries.filter((e): e is [string, V] => e[1] !== undefined);
  return Object.fromEntries(
    defined(Object.entries(byCurrency)).map(([currency, limits]) => [currency, Object.fromEntries(defined(Object.entries(limits))) as Limits]),
  );
}

/** How far back a request's facts reach: the longest window any rule looks at. */
export const lookbackMs = (policy: RiskPolicy): number => Math.max(policy.identicalBurst.windowMs, policy.duplicateWindowMs);

/**
 * The policy in force. With a file (RISK_POLICY_FILE) it is re-read when the file changes, so
 * operators tune the rules without a deploy; an invalid edit is reported and the last good policy
 * stays in force. A file that is invalid at start-up stops the service.
 */
export class RiskPolicySource {
  private current: RiskPolicy;
  private loadedMtimeMs = -1;

  private constructor(
    private readonly path: string | undefined,
    initial: RiskPolicy,
    private readonly onError: (message: string) => void,
  ) {
    this.current = initial;
  }

  static fixed(policy: RiskPolicy = DEFAULT_RISK_POLICY): RiskPolicySource {
    return new RiskPolicySource(undefined, policy, () => undefined);
  }

  static async fromFile(path: string, onError: (message: string) => void): Promise<RiskPolicySource> {
    const source = new RiskPolicySource(path, DEFAULT_RISK_POLICY, onError);
    const mtimeMs = (await stat(path)).mtimeMs;
    source.current = parseRiskPolicy(JSON.parse(await readFile(path, 'utf8')));
    source.loadedMtimeMs = mtimeMs;
    return source;
  }

  async policy(): Promise<RiskPolicy> {
    if (this.path === undefined) return this.current;
    const MISSING = -2;
    let seen = MISSING;
    try {
      seen = (await stat(this.path)).mtimeMs;
      if (seen !== this.loadedMtimeMs) this.current = parseRiskPolicy(JSON.parse(await readFile(this.path, 'utf8')));
    } catch (error) {
      // Reported once per change of the file (or its disappearance), not on every payment.
      if (seen !== this.loadedMtimeMs) {
        this.onError(`risk policy ${this.path} not reloaded, the previous one stays in force: ${(error as Error).message}`);
      }
    }
    this.loadedMtimeMs = seen;
    return this.current;
  }
}
