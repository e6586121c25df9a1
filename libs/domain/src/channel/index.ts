export * from './channel.messages';
export * from './channel.state';
export { channelDecider } from './channel.decider';
