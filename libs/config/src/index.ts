export { ConfigError, loadConfig, loadConfigOrExit, describeValue, type ConfigProblem } from './load-config';
export { bool, csv, durationMs, enumOf, port, postgresUrl, url, type UrlOptions } from './fields';
export { commonServiceEnv, LOG_LEVELS, type CommonServiceEnv, type LogLevelName } from './common-env';
