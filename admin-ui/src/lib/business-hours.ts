import { fetchJson } from './fetch-json.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export interface OpenInterval {
  from: string;
  to: string;
}

export interface BusinessHours {
  enabled: boolean;
  weekly: Record<Weekday, OpenInterval[]>;
  awayMessage: string;
}

/** As the API answers: the hours and the TIMEZONE they are read in. */
export type BusinessHoursView = BusinessHours & { timeZone: string };

const BASE = '/api/admin/business-hours';

export const getBusinessHours = () => fetchJson<BusinessHoursView>(BASE);
export const putBusinessHours = (hours: BusinessHours) =>
  fetchJson<BusinessHoursView>(BASE, { method: 'PUT', body: hours });
