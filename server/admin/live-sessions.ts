/**
 * What the `/admin` sockets must hear when sessions end or a user changes: the controllers that end
 * sessions or change roles call it after their write, and the socket namespace implements it
 * (admin-socket-sessions.ts), so an open socket never outlives its session or keeps a role it lost.
 */
export interface LiveSessions {
  /** One session ended (logout): its sockets are disconnected. */
  sessionEnded(sessionId: string): void;
  /** Every session of the user ended (deleted, password changed, 2FA reset): their sockets go. */
  userSessionsEnded(userId: string): void;
  /** The user's role may have changed: their sockets get the events of the role stored now. */
  userChanged(userId: string): Promise<void>;
}
