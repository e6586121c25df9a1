export * from './channel-profile';
export * from './channel-stats';
export * from './exclusions';
export * from './rank-channels';
export { candidateReasons, explainRoute } from './explain-route';
