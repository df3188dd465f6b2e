/**
 * The groups the linked number is in, kept in step with WhatsApp: every group at each connection
 * (groupFetchAllParticipating), new ones (`groups.upsert`), renames and full refetches
 * (`groups.update`), members joining or leaving (`group-participants.update`), and a group first seen
 * through a message (groupMetadata). Each becomes a roster event for the engine (core/channel-groups.ts):
 * the group conversation (kind `group`, channel `whatsapp`) and its members, named by their number.
 * Work on the groups runs one step at a time (one process holds the link): a roster and the first
 * message of a new group never open the group twice.
 */
import type { InboundEvent, InboundGroupRoster, InboundSender } from '../../../core/inbound.js';
import type { Logger } from '../../../core/logger.js';
import { ownJidsOf, participantMember, userJid } from './group-message.js';
import type { BaileysGroupMetadata, BaileysGroupParticipant, BaileysSocket } from './socket.js';

export interface GroupSyncOptions {
  onEvent: (event: InboundEvent) => Promise<unknown>;
  logger: Logger;
}

/** A group JID in logs: old-style JIDs start with the creator's number, so digits are cut short. */
const maskJid = (jid: string) =>
  jid.replace(/\d{6,}/g, (digits) => `${digits.slice(0, 3)}…${digits.slice(-3)}`);

export class BaileysGroupSync {
  readonly #o: GroupSyncOptions;
  /** The roster last applied per group, so the same listing (fetch and its echo) is applied once. */
  readonly #applied = new Map<string, string>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: GroupSyncOptions) {
    this.#o = options;
  }

  /** Listens to the socket's group events. */
  attach(socket: BaileysSocket): void {
    socket.ev.on('groups.upsert', (groups) => {
      for (const meta of groups) void this.#replace(socket, meta);
    });
    socket.ev.on('groups.update', (updates) => {
      for (const update of updates) void this.#update(socket, update);
    });
    socket.ev.on('group-participants.update', ({ id, participants, action }) => {
      if (action === 'add' || action === 'remove') void this.#change(socket, id, action, participants);
      // A member's new number: read the group again.
      if (action === 'modify') void this.refresh(socket, id);
    });
  }

  /** Every group of the linked number (at each connection). */
  async fetchAll(socket: BaileysSocket): Promise<void> {
    try {
      const groups = await socket.groupFetchAllParticipating();
      for (const meta of Object.values(groups)) await this.#replace(socket, meta);
    } catch (error) {
      this.#o.logger.error({ err: error }, 'fetching the whatsapp groups failed');
    }
  }

  /** A group seen through a message before any listing: its title and members are read once. */
  async seen(socket: BaileysSocket, jid: string): Promise<void> {
    if (!this.#applied.has(jid)) await this.refresh(socket, jid);
  }

  async refresh(socket: BaileysSocket, jid: string): Promise<void> {
    try {
      await this.#replace(socket, await socket.groupMetadata(jid));
    } catch (error) {
      this.#o.logger.warn({ err: error, group: maskJid(jid) }, 'reading a whatsapp group failed');
    }
  }

  /** Runs `work` after the group work before it (messages of a group wait behind its roster too). */
  serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #members(socket: BaileysSocket, participants: BaileysGroupParticipant[]): InboundSender[] {
    const own = ownJidsOf(socket.user);
    const isOwn = (p: BaileysGroupParticipant) =>
      [p.id, p.lid, p.phoneNumber].some((jid) => !!jid && own.includes(userJid(jid)));
    return participants
      .filter((p) => !isOwn(p))
      .map(participantMember)
      .filter((member): member is InboundSender => member !== null);
  }

  #replace(socket: BaileysSocket, meta: BaileysGroupMetadata): Promise<void> {
    const members = this.#members(socket, meta.participants ?? []);
    const key = JSON.stringify([meta.subject, members.map((m) => m.externalId).sort()]);
    if (this.#applied.get(meta.id) === key) return Promise.resolve();
    this.#applied.set(meta.id, key);
    return this.#apply({ chatId: meta.id, chatTitle: meta.subject, change: 'replace', members }).then(
      (ok) => void (ok || this.#applied.delete(meta.id)),
    );
  }

  #update(socket: BaileysSocket, update: Partial<BaileysGroupMetadata>): Promise<void> {
    if (!update.id) return Promise.resolve();
    // A full listing (a refetch) carries the members; an event carries what changed (the subject).
    if (Array.isArray(update.participants)) {
      return this.#replace(socket, {
        ...update,
        id: update.id,
        subject: update.subject ?? '',
        participants: update.participants,
      });
    }
    if (!update.subject) return Promise.resolve();
    this.#applied.delete(update.id);
    return this.#apply({ chatId: update.id, chatTitle: update.subject, change: 'add', members: [] }).then(
      () => {},
    );
  }

  #change(
    socket: BaileysSocket,
    jid: string,
    action: 'add' | 'remove',
    participants: BaileysGroupParticipant[],
  ) {
    this.#applied.delete(jid);
    const members = this.#members(socket, participants);
    // The linked number itself leaving keeps the group and its history (sends then fail with the reason).
    if (members.length === 0) return Promise.resolve();
    return this.#apply({ chatId: jid, change: action, members }).then(() => {});
  }

  #apply(roster: Omit<InboundGroupRoster, 'type' | 'channel'>): Promise<boolean> {
    const event: InboundGroupRoster = { type: 'roster', channel: 'whatsapp', ...roster };
    return this.serial(() => this.#o.onEvent(event)).then(
      () => true,
      (error: unknown) => {
        this.#o.logger.error(
          {
            err: error,
            group: maskJid(roster.chatId),
            change: roster.change,
            members: roster.members.length,
          },
          'whatsapp group roster not applied',
        );
        return false;
      },
    );
  }
}
