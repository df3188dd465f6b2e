import type { ChatSession } from '../lib/chat-session.js';
import { t } from '../lib/i18n.js';
import type { ConversationSummary } from '../lib/protocol.js';

/** In a group's members menu: leave the group, once the member has confirmed. */
export function LeaveGroup({
  conversation,
  session,
}: {
  conversation: ConversationSummary;
  session: ChatSession;
}) {
  const leave = (event: Event) => {
    if (!confirm(t('thread.leaveConfirm', { name: conversation.title ?? t('kind.group') }))) return;
    (event.currentTarget as HTMLElement).closest('details')?.removeAttribute('open');
    void session.leave(conversation.id);
  };
  return (
    <button type="button" class="leave" onClick={leave}>
      {t('thread.leave')}
    </button>
  );
}
