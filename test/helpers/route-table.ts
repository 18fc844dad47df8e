/**
 * The app's routes, read from the Express router stack (router 2.x keeps each layer's path as
 * `rawPath`), so the property and security suites cover a route as soon as it is added.
 */
import type { Express } from 'express';

export interface AppRoute {
  method: string;
  /** The full pattern, mount paths included: `/positions/:positionId/candidates/:candidateId`. */
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function walk(stack: LayerLike[], prefix: string, out: AppRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths) {
        if (typeof p !== 'string') throw new Error(`a route path is not a string: ${String(p)}`);
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: join(prefix, p) });
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      walk(layer.handle.stack, join(prefix, mount), out);
    }
  }
}

/** Every route of the app, in mounting order (duplicates removed). */
export function listRoutes(app: Express): AppRoute[] {
  const router = (app as unknown as { router: { stack: LayerLike[] } }).router;
  const out: AppRoute[] = [];
  walk(router.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = routeKey(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const routeKey = (r: AppRoute) => `${r.method} ${r.path}`;

/** Fills `:name` parameters (and a `.docx` suffix such as `:version.docx`) from `params`. */
export function fillPath(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z_]\w*)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
}

export const paramNames = (pattern: string) => [...pattern.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1]);
