/**
 * Images in the web chat (issue 19): sent over HTTP as multipart with the member token (the socket
 * keeps its 64 KB cap), shown from blob URLs since an <img> cannot carry the token.
 */
import { ChatError, type ChatMessage } from './protocol.js';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** What the server would refuse anyway, said before uploading: `too_large` or `unsupported_type`. */
export function imageProblem(file: File): 'too_large' | 'unsupported_type' | null {
  if (!IMAGE_TYPES.includes(file.type)) return 'unsupported_type';
  return file.size > MAX_IMAGE_BYTES ? 'too_large' : null;
}

export async function uploadImage(
  token: string,
  fields: { conversationId: string; clientMessageId: string; text?: string },
  file: File,
): Promise<ChatMessage> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
  form.append('file', file);
  let response: Response;
  try {
    response = await fetch('/chat/attachments', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  } catch {
    throw new ChatError('offline', 'not connected');
  }
  const body = (await response.json().catch(() => ({}))) as {
    message?: ChatMessage;
    error?: { code: string; message: string; field?: string };
  };
  if (response.ok && body.message) return body.message;
  const code =
    response.status === 413 ? 'too_large' : body.error?.field === 'file' ? 'unsupported_type' : null;
  throw new ChatError(code ?? body.error?.code ?? 'client', body.error?.message ?? String(response.status));
}

const blobs = new Map<string, Promise<string>>();

/** A blob URL for an image of the member's conversation, fetched once per page. */
export function imageBlobUrl(url: string, token: string): Promise<string> {
  let found = blobs.get(url);
  if (!found) {
    found = fetch(url, { headers: { authorization: `Bearer ${token}` } }).then(async (response) => {
      if (!response.ok) throw new ChatError('not_found', String(response.status));
      return URL.createObjectURL(await response.blob());
    });
    found.catch(() => blobs.delete(url));
    blobs.set(url, found);
  }
  return found;
}
