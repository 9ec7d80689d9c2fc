/**
 * `COPY … FROM STDIN` with `pg` alone. `pg` already speaks the copy sub-protocol (the
 * connection's `sendCopyFromChunk`/`endCopyFrom`, used by pg-copy-streams); a query that
 * answers the server's CopyInResponse with our chunks is all it takes, so the bench needs
 * no extra dependency.
 */
import pg from 'pg';

interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyIn extends pg.Query {
  constructor(
    text: string,
    private readonly chunks: readonly Buffer[],
    callback: (error: Error | undefined) => void,
  ) {
    super(text, (error) => callback(error));
  }

  // pg calls this when the server is ready for data; the base class refuses with CopyFail.
  handleCopyInResponse(connection: CopyConnection): void {
    for (const chunk of this.chunks) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }
}

/** Escapes one value for COPY's text format (null → \N). */
export function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/**
 * Sends `lines` (already escaped, tab-separated, each ending in "\n") through COPY FROM STDIN.
 *
 * @example
 * await copyFrom(client, 'copy t (a, b) from stdin', ['1\tx\n', '2\ty\n']);
 */
export async function copyFrom(
  client: pg.PoolClient | pg.Client,
  statement: string,
  lines: readonly string[],
): Promise<void> {
  const chunks: Buffer[] = [];
  // ~64 KB CopyData messages, as pg-copy-streams sends them.
  for (let i = 0, size = 0, start = 0; i <= lines.length; i++) {
    if (i === lines.length || size >= 65_536) {
      if (i > start) chunks.push(Buffer.from(lines.slice(start, i).join(''), 'utf8'));
      start = i;
      size = 0;
    }
    if (i < lines.length) size += lines[i]!.length;
  }
  await new Promise<void>((resolve, reject) => {
    client.query(new CopyIn(statement, chunks, (error) => (error ? reject(error) : resolve())));
  });
}
