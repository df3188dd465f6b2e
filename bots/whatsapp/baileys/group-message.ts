/**
 * Pure: what a group message says beyond a one-to-one one: who in the group sent it (`key.participant`,
 * a phone-number JID or a LID, with the other form in `participantAlt`), and whether it is addressed
 * to the linked number: a mention (`contextInfo.mentionedJid`) or a reply to one of its messages
 * (`contextInfo.participant` of the quoted message), as Telegram's groups answer a mention or a reply.
 */
import type { InboundSender } from '../../../core/inbound.js';
import type { BaileysGroupParticipant, BaileysMessageKey } from './socket.js';

const GROUP_SERVER = '@g.us';

export function isGroupJid(jid: string | null | undefined): boolean {
  return typeof jid === 'string' && jid.endsWith(GROUP_SERVER);
}

/** `41791234567:12@s.whatsapp.net` → `41791234567@s.whatsapp.net` (the device part dropped). */
export function userJid(jid: string): string {
  const [user = '', server = ''] = jid.split('@');
  return `${user.split(':')[0]}@${server}`;
}

/** The linked number's JIDs (phone number and LID, device parts dropped): what mentions name. */
export function ownJidsOf(user: { id: string; lid?: string } | null | undefined): string[] {
  if (!user) return [];
  return [user.id, user.lid].filter((jid): jid is string => !!jid).map(userJid);
}

const PN = /^([1-9]\d{6,14})@s\.whatsapp\.net$/;
const LID = /^(\d+)@lid$/;

/**
 * How Kora names a group member: their number in E.164 when WhatsApp gives it (either form), else
 * their LID (`123…@lid`, no number known). The number is one WhatsApp proves: it is verified.
 */
export function memberOf(ids: (string | null | undefined)[], name?: string | null): InboundSender | null {
  const jids = ids.filter((jid): jid is string => !!jid).map(userJid);
  const pn = jids.map((jid) => PN.exec(jid)?.[1]).find(Boolean);
  const lid = jids.map((jid) => LID.exec(jid)?.[1]).find(Boolean);
  const named = name?.trim() ? { name: name.trim() } : {};
  if (pn) return { externalId: `+${pn}`, phone: `+${pn}`, ...named };
  if (lid) return { externalId: `${lid}@lid`, ...named };
  return null;
}

/** The sender of a group message, or null when the key names nobody usable. */
export function groupSenderOf(key: BaileysMessageKey, pushName?: string | null): InboundSender | null {
  return memberOf([key.participant, key.participantAlt], pushName);
}

/** A member as the group's metadata lists them. */
export function participantMember(participant: BaileysGroupParticipant): InboundSender | null {
  return memberOf([participant.id, participant.phoneNumber, participant.lid], participant.notify);
}

type Content = Record<string, unknown>;

/** The contextInfo of whatever kind of message this is (text, image, video, document...). */
function contextInfoOf(content: Content): Content | null {
  for (const value of Object.values(content)) {
    if (typeof value !== 'object' || value === null) continue;
    const info = (value as Content).contextInfo;
    if (typeof info === 'object' && info !== null) return info as Content;
  }
  return null;
}

/** The message mentions the linked number, or replies to one of its messages. */
export function addressedToOwnNumber(content: Content, own: readonly string[]): boolean {
  if (own.length === 0) return false;
  const info = contextInfoOf(content);
  if (!info) return false;
  const mine = (jid: unknown) => typeof jid === 'string' && own.includes(userJid(jid));
  const mentioned = Array.isArray(info.mentionedJid) && info.mentionedJid.some(mine);
  const repliedTo = typeof info.stanzaId === 'string' && mine(info.participant);
  return mentioned || repliedTo;
}
