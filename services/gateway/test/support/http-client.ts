// Small fetch helpers for gateway tests.
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: { error?: { message: string; type: string; code: string | null; param: string | null } } & Record<string, unknown>;
}

export async function post(url: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json: Answer['json'] = {};
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    // not JSON (SSE)
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function chatBody(model: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], max_tokens: 2, ...extra });
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });
