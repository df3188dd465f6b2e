/**
 * The part of a Baileys socket the provider uses, typed here so that the provider and its tests need
 * neither the SDK nor a network: the app passes a factory over `makeWASocket` (client.ts), tests a fake.
 */

/** Baileys' auth state: `{ creds, keys }` (lib/Types/Auth.d.ts), opaque to us but for `creds.me`. */
export interface BaileysAuthState {
  creds: { me?: { id: string; name?: string } } & Record<string, unknown>;
  keys: {
    get(type: string, ids: string[]): Promise<Record<string, unknown>>;
    set(data: Record<string, Record<string, unknown | null>>): Promise<void>;
  };
}

export interface BaileysMessageKey {
  remoteJid?: string | null;
  remoteJidAlt?: string | null;
  fromMe?: boolean | null;
  id?: string | null;
  participant?: string | null;
}

/** A WAMessage (proto.IWebMessageInfo), the fields we read. */
export interface BaileysMessage {
  key: BaileysMessageKey;
  pushName?: string | null;
  messageTimestamp?: number | string | { toNumber(): number } | null;
  message?: Record<string, unknown> | null;
}

export interface BaileysConnectionUpdate {
  connection?: 'open' | 'connecting' | 'close';
  qr?: string;
  lastDisconnect?: { error?: { output?: { statusCode?: number }; message?: string } | Error; date?: Date };
}

export interface BaileysEventMap {
  'connection.update': BaileysConnectionUpdate;
  'creds.update': Record<string, unknown>;
  'messages.upsert': { messages: BaileysMessage[]; type: string };
  'messages.update': { key: BaileysMessageKey; update: { status?: number | null } }[];
}

export type BaileysContent =
  | { text: string }
  | { image: { url: string }; caption?: string; mimetype?: string }
  | { document: { url: string }; mimetype: string; fileName?: string; caption?: string };

export interface BaileysSocket {
  ev: {
    on<K extends keyof BaileysEventMap>(event: K, listener: (payload: BaileysEventMap[K]) => void): void;
  };
  user?: { id: string } | null;
  sendMessage(
    jid: string,
    content: BaileysContent,
    options?: { messageId?: string },
  ): Promise<{ key?: BaileysMessageKey } | undefined>;
  /** Closes the connection (emits `connection.update` close). */
  end(error?: Error): void;
}

export type BaileysSocketFactory = (auth: BaileysAuthState) => BaileysSocket;

/** Baileys' DisconnectReason codes that change what we do. */
export const DISCONNECT = {
  loggedOut: 401,
  connectionReplaced: 440,
  restartRequired: 515,
  forbidden: 403,
} as const;
