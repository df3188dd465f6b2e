/**
 * Message actions on Teams (pure): a message's `actions` as an Adaptive Card whose Action.Submit
 * buttons carry `{koraAction, label}`, and a press back from Teams (a message activity whose `value`
 * is that data) as the action id and label, the same button event Telegram's inline keyboard gives.
 */
import type { MessageAction } from '../../core/types.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD;
  content: Record<string, unknown>;
}

/** The text again in the card (Teams shows a card's body, not always the activity's text beside it). */
export function actionCard(text: string, actions: readonly MessageAction[]): CardAttachment {
  return {
    contentType: ADAPTIVE_CARD,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.4',
      body: [{ type: 'TextBlock', text, wrap: true }],
      actions: actions.map((action) => ({
        type: 'Action.Submit',
        title: action.label,
        data: { koraAction: action.id, label: action.label },
      })),
    },
  };
}

/** The action a press carries, or null when the activity's value is not one of our cards' data. */
export function pressedAction(value: unknown): { id: string; label: string } | null {
  if (!value || typeof value !== 'object') return null;
  const { koraAction, label } = value as { koraAction?: unknown; label?: unknown };
  if (typeof koraAction !== 'string' || !koraAction.trim()) return null;
  return { id: koraAction, label: typeof label === 'string' && label.trim() ? label : koraAction };
}
