import { Agent } from 'undici';
import { type Clock, systemClock } from '../core/clock.ts';
import { type Logger, silentLogger } from '../core/logger.ts';
import type { AccessToken } from './access-token.ts';
import type { CecConnection } from './cec-call.ts';
import type { CecResult } from './cec-failure.ts';
import { type AgentInfo, queryAgentInfo } from './query-agent-info.ts';
import { type CallInfo, type CallInfoQuery, queryCallInfo } from './query-call-info.ts';
import { defaultRetryPolicy, type RetryDeps, type RetryPolicy, realRetryDeps } from './retry.ts';
import { requestAccessToken } from './token-by-ak-sk.ts';
import { TokenSource } from './token-source.ts';

export interface CecClientOptions {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** X-Token-Expire, seconds (vendor maximum 3600). */
  tokenExpireSec: number;
  /** Deadline of each attempt. */
  timeoutMs: number;
  /** PEM of the CA(s) to trust for the CEC's certificate; the system store when absent. */
  ca?: string;
  retry?: RetryPolicy;
  /** Sleep and jitter source of the retries (tests pass ones that do not wait). */
  retryDeps?: RetryDeps;
  clock?: Clock;
  logger?: Logger;
}

export interface CecClient {
  accessToken(): Promise<CecResult<AccessToken>>;
  queryAgentInfo(): Promise<CecResult<AgentInfo>>;
  /** A call's information and call data (QueryCallInfoByCallId), for the screen pop. */
  queryCallInfo(q: CallInfoQuery): Promise<CecResult<CallInfo>>;
  close(): Promise<void>;
}

/** The integration's whole view of the CEC's REST side (docs/vendor/authentication.md, docs/vendor/cc-management.md). */
export function createCecClient(o: CecClientOptions): CecClient {
  const dispatcher = o.ca ? new Agent({ connect: { ca: o.ca } }) : undefined;
  const logger = o.logger ?? silentLogger;
  const clock = o.clock ?? systemClock;
  const connection: CecConnection = {
    baseUrl: o.baseUrl.replace(/\/+$/, ''),
    appKey: o.appKey,
    timeoutMs: o.timeoutMs,
    dispatcher,
    retry: o.retry ?? defaultRetryPolicy,
    retryDeps: o.retryDeps ?? realRetryDeps,
    clock,
    logger,
  };
  const tokens = new TokenSource(
    () => requestAccessToken(connection, o.appSecret, o.tokenExpireSec),
    clock,
    logger,
  );
  return {
    accessToken: () => tokens.get(),
    queryAgentInfo: () => queryAgentInfo(connection, tokens),
    queryCallInfo: (q) => queryCallInfo(connection, tokens, q),
    close: async () => {
      await dispatcher?.close();
    },
  };
}
