/**
 * How the web chat presents the business (issue 19): its name, logo, accent colour, welcome message
 * and expected reply time, set by the owner in the panel. Everything here is public: the web chat
 * shows it to any visitor before they join, so nothing secret may ever be added to it.
 */

export const REPLY_TIMES = ['minutes', 'hours', 'day'] as const;
export type ReplyTime = (typeof REPLY_TIMES)[number];

export interface WebChatBranding {
  /** Shown in the header instead of "Chat"; empty: the page's own title. */
  name: string;
  /** An https:// address, or `/chat/logo/<id>` for a logo uploaded in the panel; null: none. */
  logoUrl: string | null;
  /** `#rrggbb`; null: the page's own colours. */
  accentColor: string | null;
  /** The first thing a visitor reads (join form and empty conversation); empty: the page's own. */
  welcomeMessage: string;
  /** "Usually replies in a few minutes / hours / within a day"; null: not shown. */
  replyTime: ReplyTime | null;
}

export const DEFAULT_BRANDING: WebChatBranding = {
  name: '',
  logoUrl: null,
  accentColor: null,
  welcomeMessage: '',
  replyTime: null,
};

/** The settings value the branding is stored under (a JSON document). */
export const BRANDING_KEY = 'webChat.branding';

/** The path of an uploaded logo; only attachments with no conversation are served there. */
export const logoPath = (attachmentId: string) => `/chat/logo/${attachmentId}`;
export const LOGO_PATH = /^\/chat\/logo\/([0-9A-Za-z]{10,40})$/;

/** The stored branding, whatever an older version left (missing fields take their defaults). */
export function parseBranding(stored: string | null): WebChatBranding {
  if (!stored) return DEFAULT_BRANDING;
  try {
    return { ...DEFAULT_BRANDING, ...(JSON.parse(stored) as Partial<WebChatBranding>) };
  } catch {
    return DEFAULT_BRANDING;
  }
}
