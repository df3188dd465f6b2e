/** Issue 19's web chat parts of the admin API: branding, images, and the coach's read marker. */
import { fetchJson } from './fetch-json.js';
import type { Message } from './types.js';

export type ReplyTime = 'minutes' | 'hours' | 'day';

export interface Branding {
  name: string;
  logoUrl: string | null;
  accentColor: string | null;
  welcomeMessage: string;
  replyTime: ReplyTime | null;
}

export const getBranding = () => fetchJson<Branding>('/api/admin/web-chat');

export const putBranding = (patch: Partial<Branding>) =>
  fetchJson<Branding>('/api/admin/web-chat', { method: 'PUT', body: patch });

function fileForm(file: File, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  return form;
}

export const uploadLogo = (file: File) =>
  fetchJson<{ logoUrl: string }>('/api/admin/web-chat/logo', { method: 'POST', rawBody: fileForm(file) });

export const sendImage = (conversationId: string, file: File, text: string) =>
  fetchJson<Message>('/api/admin/attachments', {
    method: 'POST',
    rawBody: fileForm(file, { conversationId, ...(text.trim() ? { text } : {}) }),
  });

export const markCoachRead = (conversationId: string, messageId: string) =>
  fetchJson<{ moved: boolean }>(`/api/admin/conversations/${encodeURIComponent(conversationId)}/read`, {
    method: 'POST',
    body: { messageId },
  });

const WEB_IMAGE = /^\/chat\/attachments\/([0-9A-Za-z]+)$/;

/** Where the panel reads an image of a message: the web chat's own address needs a member token. */
export function imageSrc(url: string): string | null {
  const match = WEB_IMAGE.exec(url);
  return match ? `/api/admin/attachments/${match[1]}` : null;
}

/** Images the server takes (checked again there by their bytes). */
export const IMAGE_TYPES = 'image/png,image/jpeg,image/webp,image/gif';
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
