/**
 * The console's one stylesheet, inlined in every page (a few kilobytes; no extra request, no
 * build step). Contrast meets WCAG AA; focus is always visible; nothing depends on colour alone.
 */
export const STYLES = `
:root { --ink: #1b1f24; --muted: #505a66; --line: #c8d0d9; --soft: #f3f5f8; --brand: #12355b; --link: #0b57a4;
  --focus: #ffbf47; --error: #b3261e; --warn: #8a5300; --info: #1f5f8b; --ok: #1e6b3a; --merged: #1f5aa6; --declared: #9aa7b5; }
* { box-sizing: border-box; }
html { font-family: "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; font-size: 16px; color: var(--ink); background: #fff; }
body { margin: 0; line-height: 1.45; }
a { color: var(--link); }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus, main:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
main:focus { outline: none; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -9999px; top: 0; background: var(--focus); color: #000; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 0; }
header.site { background: var(--brand); color: #fff; }
header.site .bar { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .6rem 1.5rem; flex-wrap: wrap; }
header.site a { color: #fff; }
.brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; }
.brand span { font-weight: 400; font-size: .95rem; opacity: .9; margin-left: .5rem; }
.who { display: flex; gap: .75rem; align-items: center; margin: 0; font-size: .95rem; }
.who .role { opacity: .9; }
button.link { background: none; border: 1px solid #fff; color: #fff; border-radius: 3px; padding: .2rem .6rem; cursor: pointer; font: inherit; }
header nav ul { list-style: none; margin: 0; padding: 0 1.5rem; display: flex; gap: 1.25rem; flex-wrap: wrap; }
header nav a { display: inline-block; padding: .45rem 0; text-decoration: none; border-bottom: 3px solid transparent; }
header nav a[aria-current="page"] { border-bottom-color: var(--focus); font-weight: 600; }
header nav a:hover { text-decoration: underline; }
.round-nav { background: #0d2745; padding-top: .35rem; }
.round-name { margin: 0; padding: 0 1.5rem; font-size: .9rem; opacity: .85; }
main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
p.lead { color: var(--muted); margin-top: -.5rem; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; text-align: left; }
thead th { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
tr.section td { font-weight: 700; background: #eef2f7; }
tr.subsection td { font-weight: 600; font-style: italic; background: #f6f8fb; }
tr.grand_total td { font-weight: 700; background: #e3eaf3; }
tr.column_numbers td { font-style: italic; color: var(--muted); text-align: center; }
tr.flagged td { background: #fff6d6; }
td.differs { background: #fde2d6; font-weight: 600; }
.badge { display: inline-block; border-radius: 3px; padding: 0 .4rem; font-size: .85rem; border: 1px solid currentColor; white-space: nowrap; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warn); } .sev-info { color: var(--info); }
.st-open { color: var(--error); } .st-returned { color: var(--warn); } .st-accepted, .st-dismissed { color: var(--ok); }
.sub-on_time { color: var(--ok); } .sub-late { color: var(--warn); } .sub-missing { color: var(--error); } .sub-pending { color: var(--muted); }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: flex-end; background: var(--soft); padding: .75rem 1rem; border-radius: 4px; }
form.filters label, form.filters .filter { display: flex; flex-direction: column; font-size: .9rem; gap: .2rem; }
label { font-weight: 600; }
.field { margin: 0 0 1rem; }
.field label, .field legend { display: block; margin-bottom: .25rem; }
.hint { display: block; font-weight: 400; color: var(--muted); font-size: .9rem; margin-bottom: .25rem; }
input[type=text], input[type=password], input[type=date], input[type=search], select, textarea { font: inherit; padding: .35rem .5rem; border: 2px solid #5b6673; border-radius: 3px; max-width: 100%; }
textarea { width: 100%; max-width: 48rem; }
input.amount { text-align: right; width: 12rem; }
fieldset { border: 1px solid var(--line); padding: .5rem 1rem 1rem; margin: 0 0 1rem; border-radius: 4px; }
legend { font-weight: 600; padding: 0 .3rem; }
.choice { display: flex; gap: .5rem; align-items: baseline; margin: .35rem 0; font-weight: 400; }
button.primary, button.secondary, a.button { font: inherit; padding: .45rem 1rem; border-radius: 3px; cursor: pointer; border: 2px solid var(--brand); text-decoration: none; display: inline-block; }
button.primary { background: var(--brand); color: #fff; }
button.secondary, a.button { background: #fff; color: var(--brand); }
button.danger { background: #fff; color: var(--error); border: 2px solid var(--error); font: inherit; padding: .25rem .7rem; border-radius: 3px; cursor: pointer; }
.notice { border-left: 5px solid var(--ok); background: #eaf5ee; padding: .6rem 1rem; margin: 0 0 1rem; }
.alert { border-left: 5px solid var(--error); background: #fbeceb; padding: .6rem 1rem; margin: 0 0 1rem; }
.warning { border-left: 5px solid var(--warn); background: #fdf3e1; padding: .6rem 1rem; margin: 0 0 1rem; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0 1rem; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 4px; padding: .6rem 1rem; min-width: 12rem; }
.cards .big { display: block; font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1.5rem; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: .75rem; }
figure.chart figcaption { font-weight: 600; margin-bottom: .4rem; }
figure.chart svg { width: 100%; max-width: 760px; height: auto; display: block; }
details { margin: .5rem 0; }
summary { cursor: pointer; color: var(--link); }
.pager { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; margin: .75rem 0; }
.pager a, .pager span.current { padding: .2rem .55rem; border: 1px solid var(--line); border-radius: 3px; text-decoration: none; }
.pager span.current { background: var(--brand); color: #fff; border-color: var(--brand); }
.message { max-width: 60rem; }
.side-by-side th[scope=row] { width: 16rem; background: var(--soft); }
.token { font-family: ui-monospace, Consolas, monospace; font-size: 1.05rem; background: var(--soft); padding: .5rem; border: 1px dashed var(--brand); word-break: break-all; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; margin: 1rem 0; }
ul.plain { padding-left: 1.2rem; }
form.inline { display: inline-flex; gap: .5rem; align-items: center; margin: .25rem .75rem .25rem 0; }
article.request { border-left: 4px solid var(--warn); padding: .25rem 0 .5rem .75rem; margin: 0 0 1rem; }
form.bulk { border-top: 1px solid var(--declared); margin-top: 1.5rem; }
@media print { header.site, .skip, form.filters, .pager { display: none; } }
`;
