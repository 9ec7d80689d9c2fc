/** The columns of a table sheet: the official ones from the table definition, framed by the add-in's own. */
import type { ColumnType, TableDef } from '../../domain/tables.js';

export type SheetColumnKind = 'section' | 'domain' | 'comments' | 'marks' | 'uid';

export interface SheetColumn {
  key: string;
  header: string;
  kind: SheetColumnKind;
  type: ColumnType | null;
  width: number;
}

/**
 * The add-in's own columns, by key. `section` and `uid` are what the API calls them; the others
 * start with "_" and are never sent.
 */
export const SYSTEM_COLUMNS = {
  section: { key: 'section', header: 'Mục', width: 7 },
  comments: { key: '_comments', header: 'Ý kiến thẩm định', width: 30 },
  marks: { key: '_marks', header: 'Dấu kiểm tra', width: 12 },
  uid: { key: 'uid', header: 'uid', width: 14 },
} as const;

/** Section "Mục" first, then the official columns, then comments and the two hidden columns. */
export function sheetColumns(def: TableDef): SheetColumn[] {
  const sys = (c: (typeof SYSTEM_COLUMNS)[keyof typeof SYSTEM_COLUMNS], kind: SheetColumnKind): SheetColumn => ({
    key: c.key,
    header: c.header,
    kind,
    type: null,
    width: c.width,
  });
  return [
    sys(SYSTEM_COLUMNS.section, 'section'),
    ...def.columns.map(
      (c): SheetColumn => ({ key: c.key, header: c.header, kind: 'domain', type: c.type, width: c.width }),
    ),
    sys(SYSTEM_COLUMNS.comments, 'comments'),
    sys(SYSTEM_COLUMNS.marks, 'marks'),
    sys(SYSTEM_COLUMNS.uid, 'uid'),
  ];
}
