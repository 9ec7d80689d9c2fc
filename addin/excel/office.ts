/// <reference types="office-js" />
/**
 * Starting inside Office: wait for Office.onReady, make sure the host is Excel with the API
 * version the add-in needs, and learn which newer features it may use.
 */
import { MIN_EXCEL_API, NOTES_EXCEL_API } from '../requirements.js';
import type { Capabilities } from '../sheet/port.js';

export type OfficeStart = { ok: true; capabilities: Capabilities; platform: string } | { ok: false; reason: string };

export async function startInExcel(): Promise<OfficeStart> {
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) {
    return {
      ok: false,
      reason: 'TổngHợp chỉ chạy trong Excel. Hãy mở bổ trợ này từ Excel (trên máy tính hoặc trên web).',
    };
  }
  const supports = (v: string) => Office.context.requirements.isSetSupported('ExcelApi', v);
  if (!supports(MIN_EXCEL_API)) {
    return {
      ok: false,
      reason: `Phiên bản Excel này chưa hỗ trợ các chức năng TổngHợp cần (ExcelApi ${MIN_EXCEL_API}). Hãy dùng Excel cho Microsoft 365, Excel 2021 trở lên hoặc Excel trên web.`,
    };
  }
  return { ok: true, capabilities: { notes: supports(NOTES_EXCEL_API) }, platform: String(info.platform ?? '') };
}
