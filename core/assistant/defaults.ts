/** The assistant settings a new install starts with; the coach edits them in the panel. */
import type { AssistantSettings } from '../types.js';

export const DEFAULT_ASSISTANT_SETTINGS: AssistantSettings = {
  basePrompt:
    "You are the assistant of this business. Answer briefly, warmly and in the customer's language, " +
    "only about the business's offers, courses, products and articles listed below.",
  campaignPrompt: '',
  offTopicReply:
    'I can only help with questions about our offers and content. The coach will gladly answer anything else.',
  paymentLinks: {},
  provider: 'offline',
  model: '',
  memory: { messages: 20, hours: 24 },
};

/** Shown as the sender name of the assistant's messages. */
export const ASSISTANT_NAME = 'Assistant';
