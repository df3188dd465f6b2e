/** Campaigns: what the rest of Kora may use. */
export { createSlotLedger, LEDGER_BATCH } from './audience.js';
export { type DispatchDeps, type SlotControl, type SlotOutcome, sendSlot } from './dispatch.js';
export { campaignNotes, WHATSAPP_TEMPLATE_NOTE } from './notes.js';
export { linkIdsIn, personalise } from './personalise.js';
export { ChannelPacer, pacedBucket } from './rates.js';
export { type CampaignReach, campaignReach } from './reach.js';
export { parseScheduleTime } from './schedule.js';
export { type CampaignDeps, type CampaignInput, CampaignService, type SlotScheduler } from './service.js';
