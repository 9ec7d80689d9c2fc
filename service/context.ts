/** What every request handler can reach: the database, the registry and who is calling. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import type { Role } from '../domain/index.js';
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
  /** Time source, replaceable in tests (due dates, missing submissions). */
  now: () => Date;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    principal: Principal;
    requestId: string;
  };
};
