/**
 * What core knows about the channels of this build: each plug-in's descriptor data (identity kind,
 * entry link, pacing, capabilities, the variable that turns it on). Core asks it instead of testing
 * channel names; the server builds it from the registration list (server/channels/index.ts).
 */
import type { RateSpec } from '../rate-limiter.js';
import type { ChannelName } from '../types.js';
import type { AnyChannelPlugin, CapabilityName, EntryLinkCarrier, IdentityKind } from './plugin.js';

/** The part of a descriptor core reads (tests can give just this). */
export type ChannelTraits = Pick<
  AnyChannelPlugin,
  'name' | 'label' | 'identity' | 'entryLink' | 'pacing' | 'capabilities'
> & {
  config: Pick<AnyChannelPlugin['config'], 'enabledBy' | 'hint'> &
    Partial<Pick<AnyChannelPlugin['config'], 'variables'>>;
};

export class ChannelDirectory {
  readonly #traits = new Map<ChannelName, ChannelTraits>();

  constructor(traits: readonly ChannelTraits[] = []) {
    for (const channel of traits) {
      if (this.#traits.has(channel.name)) throw new Error(`channel ${channel.name} is registered twice`);
      this.#traits.set(channel.name, channel);
    }
  }

  /** The descriptor data of `name`, or undefined when no plug-in of this build provides it. */
  get(name: ChannelName): ChannelTraits | undefined {
    return this.#traits.get(name);
  }

  list(): ChannelTraits[] {
    return [...this.#traits.values()];
  }

  /** Whether `name` has the capability (false for a channel without a plug-in). */
  can(name: ChannelName, capability: CapabilityName): boolean {
    return this.#traits.get(name)?.capabilities[capability] ?? false;
  }

  /** The channels whose ids prove this kind of identity (phone: WhatsApp and SMS). */
  withIdentity(kind: IdentityKind): ChannelName[] {
    return this.list()
      .filter((channel) => channel.identity === kind)
      .map((channel) => channel.name);
  }

  identityOf(name: ChannelName): IdentityKind | undefined {
    return this.#traits.get(name)?.identity;
  }

  /** How an entry link reaches us on `name` (a code in the first message, a token, our page). */
  carrierOf(name: ChannelName): EntryLinkCarrier | undefined {
    return this.#traits.get(name)?.entryLink.carrier;
  }

  /** The channel-wide published limit (null: none). */
  rateOf(name: ChannelName): RateSpec | null {
    return this.#traits.get(name)?.pacing.channel ?? null;
  }

  /** Every channel's channel-wide limit, for the campaign pacer. */
  rates(): Partial<Record<ChannelName, RateSpec | null>> {
    return Object.fromEntries(this.list().map((channel) => [channel.name, channel.pacing.channel]));
  }
}
