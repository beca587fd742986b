/**
 * Loading TensorFlow.js and the model and language modules on first use, so they stay out of the
 * first page load. Each `import('...')` stays a literal in the module that needs it, so Vite still
 * splits it into its own chunk.
 */

/** A loader that imports once: concurrent and later calls share one promise; a failed import is forgotten, so the next call retries. */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (pending) return pending;
    const attempt = load();
    pending = attempt;
    attempt.catch(() => {
      if (pending === attempt) pending = null;
    });
    return attempt;
  };
}

type Loaders = Record<string, () => Promise<unknown>>;
/** The record of what each loader of `L` resolves to. */
export type Loaded<L extends Loaders> = { [K in keyof L]: Awaited<ReturnType<L[K]>> };

/** One loader for several modules used together, as a record (`{ tf, factory }`); it fails if any of them fails, and the next call tries again. */
export function lazyModules<L extends Loaders>(loaders: L): () => Promise<Loaded<L>> {
  const keys = Object.keys(loaders) as (keyof L & string)[];
  return lazyModule(async () => {
    const values = await Promise.all(keys.map((k) => loaders[k]()));
    return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Loaded<L>;
  });
}

/** TensorFlow.js, shared by every service. */
export const loadTf = lazyModule(() => import('@tensorflow/tfjs'));
