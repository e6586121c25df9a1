import { DomainError, money, parseFeeSchedule, type ChannelProfile, type CurrencyTerms } from '@pl/domain';
import { catalogueSchema } from './catalogue.schema';

/** The channels routing may use, in catalogue order. Injected under this token. */
export const CATALOGUE = Symbol('ROUTING_CATALOGUE');

export type Catalogue = readonly ChannelProfile[];

/** A catalogue that cannot be used; the message names each bad field. */
export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
}

/**
 * Validates a catalogue (zod for shape, the domain's own parsers for rates and caps) and returns
 * exact values: bigint limits, parsed fee schedules. Throws CatalogueError listing every problem.
 */
export function parseCatalogue(input: unknown, source: string): Catalogue {
  const result = catalogueSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new CatalogueError([`channel catalogue ${source} is invalid:`, ...lines].join('\n'));
  }
  return result.data.channels.map((c, index) => {
    const terms = c.currencies.map((t, j): CurrencyTerms => {
      try {
        const fees = parseFeeSchedule({ channel: c.code, currency: t.currency, ...t.fees });
        const min = money(BigInt(t.minAmountMinor), t.currency);
        return { currency: min.currency, minAmountMinor: min.amountMinor, maxAmountMinor: BigInt(t.maxAmountMinor), fees };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        throw new CatalogueError(`channel catalogue ${source} is invalid:\n  channels.${index}.currencies.${j}.fees: ${error.message}`);
      }
    });
    return { code: c.code, name: c.name, kind: c.kind, methods: c.methods, regions: c.regions, weight: c.weight, terms };
  });
}
