/**
 * The request headers operations declare, each with its parser: a route
 * lists the ones it honours and its handler receives them parsed (by the
 * pipeline, as `header.<Name>` in error details).
 */
import { z } from 'zod';
import { parseEtagList } from '../domain/shared/etag';
import { IdempotencyKey } from '../schemas/common';
import type { HeaderSpec } from './route';

const etagList = z.string().optional().transform(parseEtagList);

/** If-Match: the etags the client read (a compare-and-set). */
export const ifMatch = (description: string) => ({ description, schema: etagList }) satisfies HeaderSpec;

/** If-None-Match for reads: the etags the client holds (304 when current). */
export const ifNoneMatch = (description: string) => ({ description, schema: etagList }) satisfies HeaderSpec;

/** If-None-Match for writes: `*` makes the write create-only. */
export const createOnly = (description: string) =>
  ({
    description,
    schema: z
      .string()
      .optional()
      .transform((value) => value?.trim() === '*'),
  }) satisfies HeaderSpec;

export const idempotencyKey = (description: string) =>
  ({ description, schema: IdempotencyKey.optional() }) satisfies HeaderSpec;

/** A header taken as it is (Range, Last-Event-ID). */
export const raw = (description: string) => ({ description, schema: z.string().optional() }) satisfies HeaderSpec;
