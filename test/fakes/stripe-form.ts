/**
 * Stripe's form encoding read back: `line_items[0][price_data][currency]=chf` becomes nested objects,
 * numeric keys arrays (the SDK writes arrays with indices, as Stripe's API expects).
 */
type Node = Record<string, unknown> | unknown[];

function keysOf(name: string): string[] {
  const head = name.split('[', 1)[0]!;
  const rest = [...name.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((match) => match[1]!);
  return [head, ...rest];
}

function setPath(root: Record<string, unknown>, keys: string[], value: string): void {
  let node: Node = root;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const container = node as Record<string, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(keys[i + 1]!);
    container[key] ??= nextIsIndex ? [] : {};
    node = container[key] as Node;
  });
}

export function parseForm(raw: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(raw)) setPath(root, keysOf(name), value);
  return root;
}
