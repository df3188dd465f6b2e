/** The team (owner and agents) a conversation can be given to: fetched once per page load. */
import { useEffect, useState } from 'preact/hooks';
import { type Agent, listAgents } from './inbox.js';

let cached: Promise<Agent[]> | null = null;

export function useAgents(): Agent[] {
  const [agents, setAgents] = useState<Agent[]>([]);
  useEffect(() => {
    cached ??= listAgents().catch((error: unknown) => {
      cached = null;
      throw error;
    });
    cached.then(setAgents, () => {});
  }, []);
  return agents;
}
