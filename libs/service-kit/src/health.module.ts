import { Controller, Get, Header, Inject, Module, type DynamicModule } from '@nestjs/common';
import { Public } from '@pl/security';
import { ProblemException } from './problem';

export interface HealthCheck {
  readonly name: string;
  /** Resolves when the dependency is usable; rejects (with a reason) when it is not. */
  check(): Promise<void>;
}

export interface HealthOptions {
  /** Per check; a check that takes longer counts as down. Default 2000 ms. */
  readonly timeoutMs?: number;
}

interface CheckResult {
  readonly status: 'up' | 'down';
  readonly durationMs: number;
  readonly error?: string;
}

const HEALTH = Symbol('HEALTH');

interface HealthConfig {
  readonly checks: readonly HealthCheck[];
  readonly timeoutMs: number;
}

@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH) private readonly config: HealthConfig) {}

  /** Liveness: the process answers. Deliberately checks nothing else, so a dependency outage never restarts it. */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every check, in parallel, each with a timeout. 503 (a problem body) names what failed and why. */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(): Promise<{ status: 'ok'; checks: Record<string, CheckResult> }> {
    const results = await Promise.all(this.config.checks.map(async (c) => [c.name, await run(c, this.config.timeoutMs)] as const));
    const checks = Object.fromEntries(results);
    const failing = results.filter(([, r]) => r.status === 'down');
    if (failing.length === 0) return { status: 'ok', checks };
    throw new ProblemException({
      status: 503,
      type: 'not-ready',
      title: 'Not ready',
      detail: `failing: ${failing.map(([name, r]) => `${name} (${r.error ?? 'down'})`).join(', ')}`,
      extra: { checks },
    });
  }
}

async function run(check: HealthCheck, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check.check(), timeout]);
    return { status: 'up', durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'down', durationMs: Math.round(performance.now() - started), error: message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

/** GET /health/live and GET /health/ready, both public. */
@Module({})
export class HealthModule {
  static forRoot(checks: readonly HealthCheck[], options: HealthOptions = {}): DynamicModule {
    const config: HealthConfig = { checks: [...checks], timeoutMs: options.timeoutMs ?? 2000 };
    return { module: HealthModule, controllers: [HealthController], providers: [{ provide: HEALTH, useValue: config }] };
  }
}
