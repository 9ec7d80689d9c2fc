/**
 * The registry as the service uses it: agencies from the database, indexed once in an
 * AgencyMatcher and rebuilt only after an administrator changes them, through this process
 * (`invalidate`) or another service process on the same database (`revalidate`).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema/index.js';
import { type Agency, type AgencyKind, AgencyMatcher } from '../domain/index.js';

export class RegistryStore {
  private cached: Promise<{ matcher: AgencyMatcher; byId: Map<string, Agency>; stamp: string }> | null = null;
  private checkedAt = -Infinity;

  constructor(
    private readonly db: Kysely<Database>,
    /**
     * How often, at most, a request asks the database whether the registry changed elsewhere.
     * Every request by default: a sync checked against a registry another process has just
     * changed would store findings and flags that process's refresh has already replaced, and
     * the question is one small query.
     */
    private readonly recheckMs = 0,
  ) {}

  /**
   * Reads the registry again if another service process changed it, at most once per
   * `recheckMs`, and makes sure it is loaded. Called at the start of a request (app.ts): never
   * inside a transaction, which on PGlite's single session would wait for it forever.
   */
  async revalidate(now = performance.now()): Promise<void> {
    if (now - this.checkedAt >= this.recheckMs) {
      this.checkedAt = now;
      const held = this.cached;
      if (held && (await held.catch(() => null))?.stamp !== (await this.stamp())) {
        if (this.cached === held) this.cached = null;
      }
    }
    await this.load();
  }

  /** Changes whenever an agency is added or saved (saveAgency sets updated_at). */
  private async stamp(): Promise<string> {
    const row = await this.db
      .selectFrom('agencies')
      .select([sql<number>`count(*)::int`.as('n'), sql<string | null>`max(updated_at)::text`.as('at')])
      .executeTakeFirstOrThrow();
    return `${row.n}\u0000${row.at}`;
  }

  private load() {
    this.cached ??= (async () => {
      // Read before the rows: a change between the two reads the rows anew at the next check.
      const stamp = await this.stamp();
      const rows = await this.db
        .selectFrom('agencies')
        .selectAll()
        .where('active', '=', true)
        .orderBy('name')
        .execute();
      const agencies: Agency[] = rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind as AgencyKind,
        aliases: r.aliases as string[],
        formerly: r.formerly as string[],
      }));
      return { matcher: new AgencyMatcher({ agencies }), byId: new Map(agencies.map((a) => [a.id, a])), stamp };
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
