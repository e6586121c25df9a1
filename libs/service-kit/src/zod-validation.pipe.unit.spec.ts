import { z } from 'zod';
import { ZodValidationPipe } from './index';

describe('ZodValidationPipe refuses schemas that would drop unknown fields', () => {
  it.each([
    ['a plain object', z.object({ a: z.string() }), '(root)'],
    ['a nested plain object', z.strictObject({ a: z.object({ b: z.string() }) }), 'a'],
    ['an optional object in an array', z.strictObject({ items: z.array(z.object({}).optional()) }), 'items[]'],
    ['a union member', z.union([z.strictObject({ a: z.string() }), z.looseObject({ b: z.string() })]), '(root)'],
  ])('%s', (_case, schema, where) => {
    expect(() => new ZodValidationPipe(schema)).toThrow(`the object schema at "${where}" is not strict`);
  });

  it('accepts strict objects at every depth, records and transforms', () => {
    const schema = z.strictObject({
      a: z.strictObject({ b: z.array(z.strictObject({ c: z.string().transform(Number) })) }),
      m: z.record(z.string(), z.string()).optional(),
    });
    const pipe = new ZodValidationPipe(schema);
    expect(pipe.transform({ a: { b: [{ c: '1' }] } }, { type: 'body' })).toEqual({ a: { b: [{ c: 1 }] } });
  });
});
