import type { SettingsRepository } from '../../../core/repositories.js';
import { copy, type Gate, type MemoryState } from './state.js';

/** The assistant settings are one document, always read and written whole. */
export function createSettingsRepository(state: MemoryState, gate: Gate): SettingsRepository {
  const { assistant, values } = state;
  return {
    getAssistant: () => gate(() => copy(assistant.get('assistant') ?? null)),
    putAssistant: (settings) =>
      gate(() => {
        assistant.set('assistant', copy(settings));
        return copy(settings);
      }),
    getValue: (name) => gate(() => values.get(name) ?? null),
    /** null deletes the value. */
    setValue: (name, value) =>
      gate(() => {
        if (value === null) values.delete(name);
        else values.set(name, value);
      }),
  };
}
