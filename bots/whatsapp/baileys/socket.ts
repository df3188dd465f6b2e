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
  /** In a group: who sent it (a phone-number JID or a LID), and the other form when known. */
  participant?: string | null;
  participantAlt?: string | null;
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

/**
 * A group member as Baileys lists it (GroupParticipant, lib/Types/GroupMetadata.d.ts): `id` is a
 * phone-number JID or a LID; the other form, when WhatsApp gives it, is beside it.
 */
export interface BaileysGroupParticipant {
  id: string;
  lid?: string;
  phoneNumber?: string;
  notify?: string;
  admin?: 'admin' | 'superadmin' | null;
}

/** GroupMetadata, the fields we read. */
export interface BaileysGroupMetadata {
  id: string;
  subject: string;
  addressingMode?: string;
  participants: BaileysGroupParticipant[];
}

/** Baileys' ParticipantAction. */
export type BaileysParticipantAction = 'add' | 'remove' | 'promote' | 'demote' | 'modify';

export interface BaileysEventMap {
  'connection.update': BaileysConnectionUpdate;
  'creds.update': Record<string, unknown>;
  'messages.upsert': { messages: BaileysMessage[]; type: string };
  'messages.update': { key: BaileysMessageKey; update: { status?: number | null } }[];
  /** Groups the linked number joined (or created). */
  'groups.upsert': BaileysGroupMetadata[];
  /** A group's subject or settings changed; a full fetch (groupFetchAllParticipating) lists them all. */
  'groups.update': Partial<BaileysGroupMetadata>[];
  'group-participants.update': {
    id: string;
    author: string;
    authorPn?: string;
    participants: BaileysGroupParticipant[];
    action: BaileysParticipantAction;
  };
}

export type BaileysContent =
  | { text: string }
  | { image: { url: string }; caption?: string; mimetype?: string }
  | { document: { url: string }; mimetype: string; fileName?: string; caption?: string };

export interface BaileysSocket {
  ev: {
    on<K extends keyof BaileysEventMap>(event: K, listener: (payload: BaileysEventMap[K]) => void): void;
  };
  /** The linked number's JID and, with Baileys 7, its LID (groups may address it by either). */
  user?: { id: string; lid?: string } | null;
  sendMessage(
    jid: string,
    content: BaileysContent,
    options?: { messageId?: string },
  ): Promise<{ key?: BaileysMessageKey } | undefined>;
  /** Every group the linked number is in, by JID (also emitted as `groups.update`). */
  groupFetchAllParticipating(): Promise<Record<string, BaileysGroupMetadata>>;
  groupMetadata(jid: string): Promise<BaileysGroupMetadata>;
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
