/**
 * The coach has read what the open thread shows (issue 19): the newest customer message is reported
 * once the thread is on screen and the tab visible, and again when more arrive; the customer's web
 * chat shows ✓✓ read up to it.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Message } from './types.js';
import { markCoachRead } from './web-chat.js';

export function useCoachRead(conversationId: string, messages: Message[] | null): void {
  const reported = useRef<string | null>(null);
  useEffect(() => {
    const report = () => {
      const newest = messages?.findLast((message) => message.sender.type === 'contact');
      if (!newest || document.visibilityState !== 'visible') return;
      if (reported.current !== null && reported.current >= newest.id) return;
      reported.current = newest.id;
      // A failure costs only the customer's ✓✓; the next message or visit reports it again.
      markCoachRead(conversationId, newest.id).catch(() => {
        reported.current = null;
      });
    };
    report();
    document.addEventListener('visibilitychange', report);
    return () => document.removeEventListener('visibilitychange', report);
  }, [conversationId, messages]);
}
