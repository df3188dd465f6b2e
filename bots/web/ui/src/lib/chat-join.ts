/**
 * Joining what the page's address asks for: an entry link (once per member, the conversation it
 * opened is remembered) or a community group invitation (once per page load, then the address is
 * cleaned so a reload does not join again). A newcomer joins with the form's name and email.
 */
import type { Socket } from 'socket.io-client';
import type { ErrorContext } from './i18n.js';
import { type ConversationSummary, type Member, request } from './protocol.js';
import { loadConversation, type Route, saveConversation, saveMember } from './storage.js';

export interface JoinInput {
  name: string;
  email?: string;
}

/** What joining needs from the session it works for. */
export interface JoinHost {
  readonly route: Route;
  member(): Member | null;
  refreshConversations(socket: Socket): Promise<ConversationSummary[]>;
  /** The member the server answered with (stored, and used by every reconnection). */
  joined(member: Member): void;
  notice(error: unknown, context: ErrorContext): void;
}

export class Joiner {
  /** What the form was last filled with: sent with the next join, shown again after a refusal. */
  pending: JoinInput | undefined;
  private groupJoined = false;

  constructor(private readonly host: JoinHost) {}

  /**
   * Joins what the address asks for when needed; the conversation to open first, if any, and the
   * conversation list when it had to be read already.
   */
  async joinTarget(
    socket: Socket,
  ): Promise<{ target: string | null; conversations?: ConversationSummary[] }> {
    const { route } = this.host;
    const member = this.host.member();
    if (route.kind === 'link') {
      const stored = member ? loadConversation(route.link) : null;
      // A returning member whose conversation still exists needs no join (`sync` lists them anyway).
      if (stored) {
        const conversations = await this.host.refreshConversations(socket);
        if (conversations.some((conversation) => conversation.id === stored))
          return { target: stored, conversations };
      }
      const conversationId = await this.joinAs(socket, { link: route.link });
      if (conversationId) saveConversation(route.link, conversationId);
      return { target: conversationId };
    }
    if (route.kind === 'community' && route.group && !this.groupJoined) {
      try {
        const conversationId = await this.joinAs(socket, { group: route.group });
        this.groupJoined = true;
        // A reload must not join again (the group may have been left or closed since).
        history.replaceState(null, '', '/chat');
        return { target: conversationId };
      } catch (error) {
        // A member who already has conversations keeps them; the refusal is shown above.
        if (!member) throw error;
        this.groupJoined = true;
        this.host.notice(error, 'group');
      }
    }
    return { target: null };
  }

  private async joinAs(socket: Socket, target: { link: string } | { group: string }): Promise<string | null> {
    const member = this.host.member();
    const who = member ? { name: member.name } : this.pending;
    const joined = await request<{ member: Member; conversationId: string | null }>(socket, 'join', {
      ...target,
      ...who,
    });
    saveMember(joined.member);
    // Reconnections must come back as this member, not as a newcomer.
    socket.auth = { token: joined.member.token };
    this.pending = undefined;
    this.host.joined(joined.member);
    return joined.conversationId;
  }
}
