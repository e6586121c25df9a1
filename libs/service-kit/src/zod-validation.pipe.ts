import { Body, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ProblemException } from './problem';

export interface FieldError {
  /** Dotted path inside the validated value (`method.token`, `items.0.amount`); '' for the value itself. */
  readonly path: string;
  readonly message: string;
}

/**
 * Validates with a zod schema and returns the parsed value; a failure is a 400 `validation-error`
 * problem listing every field. Objects must be strict (`z.strictObject`) at every level: an unknown
 * field is an error, never silently dropped, since a dropped field is a request the caller believes
 * was honoured. A non-strict object schema is refused when the pipe is built, i.e. at start-up.
 */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {
    const loose = findLooseObject(schema, '');
    if (loose !== undefined) {
      throw new Error(`ZodValidationPipe: the object schema at "${loose || '(root)'}" is not strict; use z.strictObject so unknown fields are rejected`);
    }
  }

  transform(value: unknown, metadata: ArgumentMetadata): z.output<T> {
    const result = this.schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    const errors = result.error.issues.flatMap(toFieldErrors);
    throw new ProblemException({
      status: 400,
      type: 'validation-error',
      title: 'Invalid request',
      detail: `the request ${metadata.type === 'custom' ? 'value' : metadata.type} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}`,
      extra: { errors },
    });
  }
}

/** `@ZodBody(schema)`: the request body, validated. Same as `@Body(new ZodValidationPipe(schema))`. */
export const ZodBody = (schema: z.ZodType): ParameterDecorator => Body(new ZodValidationPipe(schema));

function toFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'unknown field' }));
  }
  // The input is only used to tell "missing" apart; it is never echoed (it may hold card data).
  if (issue.code === 'invalid_type' && issue.input === undefined) return [{ path, message: 'required' }];
  return [{ path, message: issue.message }];
}

// zod's definitions, read structurally: only the members needed to walk to every object schema.
interface DefLike {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.core.$ZodType>>;
  readonly catchall?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly innerType?: z.core.$ZodType;
  readonly options?: readonly z.core.$ZodType[];
  readonly in?: z.core.$ZodType;
  readonly items?: readonly z.core.$ZodType[];
  readonly valueType?: z.core.$ZodType;
  readonly left?: z.core.$ZodType;
  readonly right?: z.core.$ZodType;
}

/** The path of the first object schema that would strip or pass unknown keys, if any. */
export function findLooseObject(schema: z.core.$ZodType, path: string): string | undefined {
  const def = schema._zod.def as unknown as DefLike;
  const children: Array<[z.core.$ZodType | undefined, string]> = [];
  switch (def.type) {
    case 'object':
      if (def.catchall?._zod.def.type !== 'never') return path;
      for (const [key, child] of Object.entries(def.shape ?? {})) children.push([child, path ? `${path}.${key}` : key]);
      break;
    case 'array':
      children.push([def.element, `${path}[]`]);
      break;
    case 'record':
      children.push([def.valueType, `${path}{}`]);
      break;
    case 'pipe':
      children.push([def.in, path]);
      break;
    case 'union':
      for (const option of def.options ?? []) children.push([option, path]);
      break;
    case 'tuple':
      (def.items ?? []).forEach((item, i) => children.push([item, `${path}.${i}`]));
      break;
    case 'intersection':
      children.push([def.left, path], [def.right, path]);
      break;
    default:
      // optional, nullable, default, readonly, catch, ... wrap one inner type; lazy is not followed.
      children.push([def.innerType, path]);
  }
  for (const [child, childPath] of children) {
    const found = child ? findLooseObject(child, childPath) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}
