/**
 * The manifest, checked offline: the XML schemas with xmllint (office-addin-manifest validate
 * needs a Microsoft web service) and our own check that every resid names a resource.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resourceProblems, schemaCheck, XMLLINT } from '../../addin/manifest/check.js';
import { ADDIN_ID, DEV_ORIGIN, normalizeOrigin, renderManifest } from '../../addin/manifest/manifest.js';
import { runManifest } from '../../cli/manifest.js';

const checkedIn = readFileSync(new URL('../../manifest.xml', import.meta.url), 'utf8');
const province = renderManifest({ origin: 'https://tonghop.laocai.gov.vn' });
const haveXmllint = existsSync(XMLLINT);
if (!haveXmllint)
  console.warn(`xmllint not found at ${XMLLINT}: manifest schema checks skipped (install libxml2-utils)`);

describe('manifest.xml', () => {
  it('is the manifest rendered for the development origin (regenerate with the cli, never edit by hand)', () => {
    expect(checkedIn).toBe(renderManifest({ origin: DEV_ORIGIN }));
  });

  it.runIf(haveXmllint)('passes the add-in manifest schemas, as does one for a province origin', () => {
    expect(schemaCheck(checkedIn)).toEqual({ ok: true });
    expect(schemaCheck(province)).toEqual({ ok: true });
  });

  it('points every resid at a defined resource', () => {
    expect(resourceProblems(checkedIn)).toEqual([]);
    expect(resourceProblems(province)).toEqual([]);
    expect(resourceProblems(checkedIn.replace('resid="Button.Tooltip"', 'resid="Button.Tip"'))).toEqual([
      'resid «Button.Tip» không trỏ tới tài nguyên nào.',
    ]);
  });

  it.runIf(haveXmllint)('a broken manifest fails the schema check', () => {
    const broken = checkedIn.replace('<Permissions>ReadWriteDocument</Permissions>', '');
    expect(schemaCheck(broken)).toMatchObject({ ok: false });
  });

  it('is an Excel task pane with a TổngHợp ribbon button, ExcelApi 1.9, on the service origin', () => {
    expect(checkedIn).toContain('xsi:type="TaskPaneApp"');
    expect(checkedIn).toContain('<Host Name="Workbook"/>');
    expect(checkedIn).toContain('<Set Name="ExcelApi" MinVersion="1.9"/>');
    expect(checkedIn).toContain('<SourceLocation DefaultValue="https://localhost:3000/addin/taskpane.html"/>');
    expect(checkedIn).toMatch(/<bt:String id="Button.Label" DefaultValue="TổngHợp"\/>/);
    expect(checkedIn).toContain('xsi:type="ShowTaskpane"');
    for (const size of [16, 32, 64, 80])
      expect(existsSync(new URL(`../../addin/assets/icon-${size}.png`, import.meta.url))).toBe(true);
  });
});

describe('a manifest for a province origin', () => {
  it('keeps the id and moves every URL to the origin', () => {
    expect(province).toContain(`<Id>${ADDIN_ID}</Id>`);
    expect(province).not.toContain('localhost');
    expect(province).toContain('<AppDomain>https://tonghop.laocai.gov.vn</AppDomain>');
    expect(renderManifest({ origin: 'https://laocai.gov.vn/tonghop/' })).toContain(
      'DefaultValue="https://laocai.gov.vn/tonghop/addin/taskpane.html"',
    );
  });

  it('accepts only https origins', () => {
    expect(normalizeOrigin('https://a.vn:8443/')).toBe('https://a.vn:8443');
    expect(() => normalizeOrigin('http://a.vn')).toThrow(/HTTPS/);
    expect(() => normalizeOrigin('https://a.vn/?x=1')).toThrow(RangeError);
    expect(() => normalizeOrigin('không phải địa chỉ')).toThrow(/không phải địa chỉ hợp lệ/);
  });

  it('is written by `cli manifest --origin`', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await runManifest(
        ['--origin', 'https://tonghop.laocai.gov.vn'],
        (s) => out.push(s),
        (s) => err.push(s),
      ),
    ).toBe(0);
    expect(out.join('\n')).toBe(province.trimEnd());
    expect(
      await runManifest(
        ['--origin', 'http://tonghop.laocai.gov.vn'],
        (s) => out.push(s),
        (s) => err.push(s),
      ),
    ).toBe(2);
    expect(err.at(-1)).toMatch(/HTTPS/);
    expect(
      await runManifest(
        [],
        (s) => out.push(s),
        (s) => err.push(s),
      ),
    ).toBe(2);
  });
});
