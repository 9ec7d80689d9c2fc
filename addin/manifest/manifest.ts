/**
 * The add-in-only XML manifest for Excel, for the origin a province serves TổngHợp from. The
 * checked-in manifest.xml is this for https://localhost:3000 (`npm run dev:addin`); a province
 * writes its own with `npm run --silent cli -- manifest --origin https://…`. The id stays the
 * same everywhere: it is one add-in, wherever it is hosted.
 *
 * @example
 * renderManifest({ origin: 'https://tonghop.laocai.gov.vn' });
 */
import { MIN_EXCEL_API } from '../requirements.js';

export const ADDIN_ID = '4c6f2a8e-9b1d-4e57-a3c2-7d5e1f0b9a63';
export const ADDIN_VERSION = '1.0.0.0';
export const DEV_ORIGIN = 'https://localhost:3000';

/**
 * The origin (and optional path prefix) as written in the manifest: https only, no query or
 * fragment, no trailing slash. Throws a RangeError with a Vietnamese message otherwise.
 */
export function normalizeOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new RangeError(`«${text}» không phải địa chỉ hợp lệ. Ví dụ đúng: https://tonghop.laocai.gov.vn`);
  }
  if (url.protocol !== 'https:')
    throw new RangeError(`Office chỉ nạp bổ trợ qua HTTPS; «${text}» không bắt đầu bằng https://.`);
  if (url.search || url.hash || url.username || url.password)
    throw new RangeError(
      `Địa chỉ «${text}» chỉ được gồm tên máy chủ (và đường dẫn gốc nếu có), không có ?, # hay tài khoản.`,
    );
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderManifest(options: { origin: string }): string {
  const base = normalizeOrigin(options.origin);
  const url = (path: string) => esc(`${base}/${path}`);
  const host = new URL(base).origin;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- TổngHợp: bổ trợ Excel cho các bảng phụ lục kế hoạch, tại ${esc(base)}. Tạo bằng lệnh «cli manifest» của TổngHợp; đừng sửa tay. -->
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
           xsi:type="TaskPaneApp">
  <Id>${ADDIN_ID}</Id>
  <Version>${ADDIN_VERSION}</Version>
  <ProviderName>Sở Khoa học và Công nghệ</ProviderName>
  <DefaultLocale>vi-VN</DefaultLocale>
  <DisplayName DefaultValue="TổngHợp"/>
  <Description DefaultValue="Điền các bảng phụ lục kế hoạch (mục tiêu, nhiệm vụ, kinh phí) ngay trong Excel, kiểm tra từng ô, gửi lên hệ thống tổng hợp của tỉnh và lấy bảng tổng hợp."/>
  <IconUrl DefaultValue="${url('addin/assets/icon-32.png')}"/>
  <HighResolutionIconUrl DefaultValue="${url('addin/assets/icon-64.png')}"/>
  <SupportUrl DefaultValue="${url('addin/taskpane.html')}"/>
  <AppDomains>
    <AppDomain>${esc(host)}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="${MIN_EXCEL_API}">
      <Set Name="ExcelApi" MinVersion="${MIN_EXCEL_API}"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="${url('addin/taskpane.html')}"/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="GetStarted.Title"/>
            <Description resid="GetStarted.Description"/>
            <LearnMoreUrl resid="Taskpane.Url"/>
          </GetStarted>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="TongHop.Group">
                <Label resid="Group.Label"/>
                <Icon>
                  <bt:Image size="16" resid="Icon.16"/>
                  <bt:Image size="32" resid="Icon.32"/>
                  <bt:Image size="80" resid="Icon.80"/>
                </Icon>
                <Control xsi:type="Button" id="TongHop.OpenPane">
                  <Label resid="Button.Label"/>
                  <Supertip>
                    <Title resid="Button.Label"/>
                    <Description resid="Button.Tooltip"/>
                  </Supertip>
                  <Icon>
                    <bt:Image size="16" resid="Icon.16"/>
                    <bt:Image size="32" resid="Icon.32"/>
                    <bt:Image size="80" resid="Icon.80"/>
                  </Icon>
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>TongHop.Pane</TaskpaneId>
                    <SourceLocation resid="Taskpane.Url"/>
                  </Action>
                </Control>
              </Group>
            </OfficeTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
        <bt:Image id="Icon.16" DefaultValue="${url('addin/assets/icon-16.png')}"/>
        <bt:Image id="Icon.32" DefaultValue="${url('addin/assets/icon-32.png')}"/>
        <bt:Image id="Icon.80" DefaultValue="${url('addin/assets/icon-80.png')}"/>
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Taskpane.Url" DefaultValue="${url('addin/taskpane.html')}"/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="Group.Label" DefaultValue="TổngHợp"/>
        <bt:String id="Button.Label" DefaultValue="TổngHợp"/>
        <bt:String id="GetStarted.Title" DefaultValue="TổngHợp đã sẵn sàng"/>
      </bt:ShortStrings>
      <bt:LongStrings>
        <bt:String id="Button.Tooltip" DefaultValue="Mở ngăn tác vụ TổngHợp: chèn bảng phụ lục, kiểm tra, đồng bộ với hệ thống tổng hợp của tỉnh."/>
        <bt:String id="GetStarted.Description" DefaultValue="Bấm nút TổngHợp trên thẻ Trang đầu để mở ngăn tác vụ và đăng nhập bằng mã truy cập của đơn vị."/>
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
`;
}
