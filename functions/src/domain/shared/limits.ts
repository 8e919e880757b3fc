/** Input limits of the API, in a module of its own so the HTTP shell can use them without loading zod. */
export const LIMITS = {
  nameMax: 200,
  descriptionMax: 2000,
  metadataKeysMax: 64,
  metadataKeyPattern: /^[A-Za-z0-9_.-]{1,128}$/,
  metadataValueMax: 1024,
  listLimitMax: 1000,
  listLimitDefault: 100,
  idempotencyKeyMax: 255,
  /**
   * Names Firestore reserves (`__x__`): refused where a name becomes a map key
   * of a stored document (metadata keys, member uids). docs/limits.md.
   */
  reservedName: /^__.*__$/s,
  /** JSON request bodies larger than this are 413. */
  jsonBodyMaxBytes: 64 * 1024,
} as const;
