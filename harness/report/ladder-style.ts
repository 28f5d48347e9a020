/** The ladder page's stylesheet, inlined so the file stands alone (a Playwright attachment, an e-mail). */
export const ladderStyle = `
:root { --http: #1f5fbf; --sip: #117a65; --callback: #7b3fa0; --event: #b35900; --bad: #c0282d;
  --state: #eef2f7; --media: #e8f6ef; --control: #f3f3f3; --fault: #fde8e8; --ink: #1d232b; --quiet: #66707c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
header { padding: 16px 20px 4px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 18px 20px 6px; }
h2 .count, .summary, .hint { color: var(--quiet); font-weight: normal; }
.summary { margin: 0 0 8px; }
.legend { margin: 4px 0 8px; display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; font-size: 12px; }
.legend .k::before { content: ""; display: inline-block; width: 18px; height: 10px; margin-right: 5px; vertical-align: -1px;
  border-radius: 2px; background: currentColor; }
.legend .k { color: var(--ink); }
.legend .f-http::before { background: var(--http); } .legend .f-sip::before { background: var(--sip); }
.legend .f-callback::before { background: var(--callback); } .legend .f-event::before { background: var(--event); }
.legend .n-state::before { background: var(--state); border: 1px solid #9aa9bb; }
.legend .n-media::before { background: var(--media); border: 1px solid #7fbf9c; }
.legend .n-control::before { background: var(--control); border: 1px solid #aaa; }
.legend .n-fault::before { background: var(--fault); border: 1px solid var(--bad); }
.legend .bad::before { background: var(--bad); }
.failures { margin: 6px 0 10px; padding: 8px 12px 8px 28px; background: var(--fault); border: 1px solid #f1b5b5; border-radius: 6px; }
.failures a { color: var(--bad); font-weight: 600; }
.failures pre { margin: 4px 0 6px; white-space: pre-wrap; font: 12px/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
.empty { margin: 12px 20px; color: var(--quiet); }
section { margin-bottom: 24px; }
.lanes-sticky { position: sticky; top: 0; z-index: 1; background: rgba(255,255,255,0.96); border-bottom: 1px solid #d9dee5; }
svg { display: block; font: 11px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.lane-box { fill: #f4f6f9; stroke: #9aa9bb; }
.lane-title { text-anchor: middle; font: 600 12px system-ui, sans-serif; fill: var(--ink); }
.lane { stroke: #c9d1db; stroke-width: 1; }
.time { text-anchor: end; fill: var(--quiet); }
.time.same { fill: #b8bec6; }
.row .hit { fill: transparent; }
.row:hover .hit { fill: #fff7d6; }
.row { color: var(--http); }
.f-sip { color: var(--sip); } .f-callback { color: var(--callback); } .f-event { color: var(--event); }
.ln { stroke: currentColor; stroke-width: 1.4; }
.ln.dash { stroke-dasharray: 5 3; }
.ah { fill: currentColor; }
.lbl { text-anchor: middle; fill: currentColor; }
.lbl .main { font-weight: 600; }
.lbl .tag { fill: var(--quiet); font-weight: normal; }
.lbl .flt { fill: var(--bad); font-weight: 700; }
.bad { color: var(--bad); }
.polls { opacity: 0.75; }
.note { stroke-width: 1; }
.note-text { fill: var(--ink); }
.n-state .note { fill: var(--state); stroke: #9aa9bb; }
.n-media .note { fill: var(--media); stroke: #7fbf9c; }
.n-control .note { fill: var(--control); stroke: #aaa; }
.n-fault .note { fill: var(--fault); stroke: var(--bad); stroke-width: 1.5; }
.n-fault .note-text .main { fill: var(--bad); }
.step .band { fill: #e7f0fb; stroke: #b4cbe8; }
.step.failed .band { fill: #fde2e2; stroke: var(--bad); }
.step-title { font: 600 12px system-ui, sans-serif; fill: #1e3f66; }
.step.failed .step-title, .step-error { fill: var(--bad); }
.band.omitted { fill: #f4f6f9; stroke: #c9d1db; }
.gap-line { stroke: #d9dee5; stroke-dasharray: 2 4; }
.gap { text-anchor: middle; fill: var(--quiet); font-style: italic; paint-order: stroke; stroke: #fff; stroke-width: 6px; }
`;
