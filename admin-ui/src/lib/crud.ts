import { fetchJson } from './fetch-json.js';
import type { Items } from './types.js';

/** The five calls of a plain admin resource (`GET|POST /x`, `PATCH|DELETE /x/:id`). */
export interface Crud<T, In> {
  list(): Promise<T[]>;
  create(input: In): Promise<T>;
  update(id: string, patch: Partial<In>): Promise<T>;
  remove(id: string): Promise<void>;
}

export function crud<T, In = Partial<T>>(base: string): Crud<T, In> {
  return {
    list: async () => (await fetchJson<Items<T>>(base)).items,
    create: (input) => fetchJson<T>(base, { method: 'POST', body: input }),
    update: (id, patch) =>
      fetchJson<T>(`${base}/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
    remove: (id) => fetchJson<void>(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  };
}

/** `?a=1&b=x` from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
