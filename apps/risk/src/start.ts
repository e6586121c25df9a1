import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { z } from 'zod';
import type { RiskPolicy } from '@pl/domain';
import { loadConfig } from '@pl/config';
import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import { RiskPolicySource } from './policy/risk-policy.file';
import { RiskModule } from './risk.module';
import { ensureRiskSchema } from './store/risk-schema';

const riskEnv = z.object({ RISK_POLICY_FILE: z.string().trim().min(1, { error: 'expected the path of a JSON risk policy file' }).optional() });

export interface RiskOptions {
  /** A fixed policy (tests); otherwise RISK_POLICY_FILE if set, else the defaults. */
  readonly policy?: RiskPolicy;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Starts risk on a runtime: creates its tables, loads the policy, then serves and consumes. */
export async function startRisk(options: ServiceOptions, risk: RiskOptions = {}): Promise<ServiceHandle> {
  const policies = await policySource(risk);
  const db = new Pool({ connectionString: options.runtime.databaseUrl, max: 10 });
  // An idle connection closed by the server is replaced on the next query; unhandled, it would crash the process.
  db.on('error', () => undefined);
  try {
    await ensureRiskSchema(db);
    const service = await startNestService('risk', RiskModule.forRoot(options.runtime, options.auth, db, policies), options);
    return {
      app: service.app,
      close: async () => {
        await service.close();
        await db.end();
      },
    };
  } catch (error) {
    await db.end();
    throw error;
  }
}

async function policySource(risk: RiskOptions): Promise<RiskPolicySource> {
  if (risk.policy) return RiskPolicySource.fixed(risk.policy);
  const { RISK_POLICY_FILE: file } = loadConfig(riskEnv, risk.env ?? process.env);
  if (file === undefined) return RiskPolicySource.fixed();
  const log = new Logger('risk.policy');
  try {
    return await RiskPolicySource.fromFile(file, (message) => log.error(message));
  } catch (error) {
    // A policy the operator asked for and that cannot be used must stop start-up, not fall back.
    throw new Error(`RISK_POLICY_FILE ${file}: ${(error as Error).message}`);
  }
}
