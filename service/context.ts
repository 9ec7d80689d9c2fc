/** What every request handler can reach: the database, the registry and who is calling. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { Role } from '../domain/index.js';
import type { RateLimits } from './middleware/rate-limit.js';
import type { RegistryStore } from './registry-store.js';

export interface Principal {
  tokenId: string;
  role: Role;
  /** The agency an `agency` token is bound to (a coordinator's may be bound to SKH&CN). */
  agencyId: string | null;
  label: string;
}

export interface AppDeps {
  db: Kysely<Database>;
  registry: RegistryStore;
  config: AppConfig;
}

export interface AppConfig {
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** The most rows one sync may send (413 above it). */
  maxSyncRows: number;
  /** Time source, replaceable in tests (due dates, missing submissions, rate windows, session expiry). */
  now: () => Date;
  rateLimits: RateLimitConfig;
  /** How long a console session lasts after sign-in, in milliseconds. */
  consoleSessionMs: number;
}

/** Counted per process, in fixed windows (`service/middleware/rate-limit.ts`). */
export interface RateLimitConfig {
  /** Failed sign-ins and bearer tokens one client address may make in a window. */
  authFailuresPerAddress: number;
  /** Failures one token (known, revoked or unknown) may collect in a window. */
  authFailuresPerToken: number;
  authFailureWindowMs: number;
  /** Syncs one token may send in a window. */
  syncsPerToken: number;
  syncWindowMs: number;
  /** Behind a reverse proxy: the client address is the last entry of X-Forwarded-For. */
  trustProxy: boolean;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    principal: Principal;
    requestId: string;
    limits: RateLimits;
  };
};
