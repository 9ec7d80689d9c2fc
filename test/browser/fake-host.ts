/**
 * Loaded in place of Microsoft's office.js in the browser suite: installs the fake Excel host on
 * `window` before the task pane starts. The workbook can be saved to localStorage, so a second
 * page stands for the same workbook opened again (`?restore=1`).
 */
import { createFakeExcel } from '../support/fake-excel/index.js';

const KEY = 'fake-excel-workbook';
const params = new URLSearchParams(location.search);
const saved = params.get('restore') === '1' ? localStorage.getItem(KEY) : null;
const fake = createFakeExcel({
  apiVersion: params.get('excelApi') ?? '1.18',
  ...(saved ? { workbook: JSON.parse(saved) } : {}),
});
fake.install(window as unknown as Record<string, unknown>);
Object.assign(window, {
  __fakeExcel: {
    ...fake,
    persist: () => localStorage.setItem(KEY, fake.save()),
    get stats() {
      return fake.stats;
    },
  },
});
