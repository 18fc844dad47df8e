/**
 * Schemas that depend on data (a guide's scale, a questionnaire's questions) are built once per
 * distinct input and reused: building a zod schema costs far more than running it, and the
 * autosave path would otherwise build one per request. Bounded, oldest first out.
 */
export function schemaCache<T>(max = 500): (key: string, build: () => T) => T {
  const cache = new Map<string, T>();
  return (key, build) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const made = build();
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
    cache.set(key, made);
    return made;
  };
}
