/** Load the registry file into the agencies table: new agencies are added, existing ones updated. */
import { type Kysely, sql } from 'kysely';
import type { Registry } from '../domain/index.js';
import { toJsonb } from './jsonb.js';
import type { Database } from './schema/index.js';

export async function seedRegistry(db: Kysely<Database>, registry: Registry): Promise<number> {
  for (let i = 0; i < registry.agencies.length; i += 200) {
    const chunk = registry.agencies.slice(i, i + 200).map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      aliases: toJsonb(a.aliases),
      formerly: toJsonb(a.formerly),
    }));
    await db
      .insertInto('agencies')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          kind: eb.ref('excluded.kind'),
          aliases: eb.ref('excluded.aliases'),
          formerly: eb.ref('excluded.formerly'),
          // Service processes notice a changed registry by its latest updated_at (RegistryStore).
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
  return registry.agencies.length;
}
