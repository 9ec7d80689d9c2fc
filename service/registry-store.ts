/**
 * The registry as the service uses it: agencies from the database, indexed once in an
 * AgencyMatcher and rebuilt only after an administrator changes them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { AgencyMatcher, type Agency, type AgencyKind } from '../domain/index.js';

export class RegistryStore {
  private cached: Promise<{ matcher: AgencyMatcher; byId: Map<string, Agency> }> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  private load() {
    this.cached ??= (async () => {
      const rows = await this.db.selectFrom('agencies').selectAll().where('active', '=', true).orderBy('name').execute();
      const agencies: Agency[] = rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind as AgencyKind,
        aliases: r.aliases as string[],
        formerly: r.formerly as string[],
      }));
      return { matcher: new AgencyMatcher({ agencies }), byId: new Map(agencies.map((a) => [a.id, a])) };
    })().catch((e) => {
      this.cached = null;
      throw e;
    });
    return this.cached;
  }

  async matcher(): Promise<AgencyMatcher> {
    return (await this.load()).matcher;
  }

  async get(id: string): Promise<Agency | undefined> {
    return (await this.load()).byId.get(id);
  }

  async all(): Promise<Agency[]> {
    return [...(await this.load()).byId.values()];
  }

  async name(id: string): Promise<string> {
    return (await this.get(id))?.name ?? id;
  }

  /** Call after any change to the agencies table. */
  invalidate(): void {
    this.cached = null;
  }
}
