import { fetchJson } from './fetch-json.js';

export type OnboardingStepId = 'catalog' | 'link' | 'channel' | 'assistant' | 'campaign';

export interface Onboarding {
  steps: { id: OnboardingStepId; done: boolean }[];
  done: number;
}

export const getOnboarding = () => fetchJson<Onboarding>('/api/admin/onboarding');
