// ccbarclient.js as the simulated CEC serves it (docs/vendor/ccbarclient.md): the host page injects this text as an
// inline script after the token callback vouched for its user. It renders the bar's button at the lower right
// and the frame named "ccbarclient" on the CEC's origin, which holds the bar itself, and hands the frame's
// events to the page's global callback(message) as message.event = {eventType, workNo, content}.
(() => {
  // Filled in by the CEC for this load: the frame's path, the one-time ticket, and the CEC's own base URL.
  const config = /*__CCBAR_CONFIG__*/ {};

  if (document.getElementsByName('ccbarclient').length > 0) {
    console.warn('ccbarclient.js: the bar is already on this page; this copy does nothing');
    return;
  }

  // The page's $aicc_ContextPath says where it reaches the CEC (possibly through its reverse proxy).
  const contextPath =
    typeof $aicc_ContextPath === 'string' && $aicc_ContextPath.includes('/service-cloud')
      ? $aicc_ContextPath
      : config.base;
  const base = contextPath.endsWith('/') ? contextPath : `${contextPath}/`;
  const frameUrl = new URL(config.framePath, base);
  frameUrl.search = new URLSearchParams({
    tenant: config.tenant,
    ticket: config.ticket,
    host: location.origin,
  }).toString();
  const cecOrigin = frameUrl.origin;

  const style = document.createElement('style');
  style.textContent = `
    #aicc-ccbar-toggle { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; padding: 10px 16px;
      border: 0; border-radius: 22px; background: #c7000b; color: #fff; font: 600 14px/1.2 system-ui, sans-serif;
      box-shadow: 0 2px 8px rgba(0,0,0,.3); cursor: pointer; }
    #aicc-ccbar-toggle:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
    #aicc-ccbar-panel { position: fixed; right: 16px; bottom: 68px; z-index: 2147483000; width: 340px; height: 460px;
      border: 1px solid #bbb; border-radius: 8px; background: #fff; box-shadow: 0 4px 16px rgba(0,0,0,.25); overflow: hidden; }
    #aicc-ccbar-panel[hidden] { display: none; }
    #aicc-ccbar-panel iframe { width: 100%; height: 100%; border: 0; }`;
  document.head.appendChild(style);

  const panel = document.createElement('section');
  panel.id = 'aicc-ccbar-panel';
  panel.setAttribute('aria-label', 'Contact center bar');
  panel.hidden = true;
  const frame = document.createElement('iframe');
  frame.name = 'ccbarclient';
  frame.title = 'Contact center bar';
  frame.allow = 'microphone; autoplay';
  frame.src = frameUrl.href;
  panel.appendChild(frame);

  const toggle = document.createElement('button');
  toggle.id = 'aicc-ccbar-toggle';
  toggle.type = 'button';
  toggle.textContent = 'Contact Center';
  toggle.setAttribute('aria-controls', panel.id);
  toggle.setAttribute('aria-expanded', 'false');
  const open = (show) => {
    panel.hidden = !show;
    toggle.setAttribute('aria-expanded', String(show));
  };
  toggle.addEventListener('click', () => open(panel.hidden));

  document.body.appendChild(panel);
  document.body.appendChild(toggle);

  window.addEventListener('message', (e) => {
    if (e.origin !== cecOrigin || e.source !== frame.contentWindow) return;
    const msg = e.data;
    if (msg?.source !== 'ccbarclient') return;
    if (msg.type === 'open') open(true);
    if (msg.type === 'event' && typeof window.callback === 'function') {
      try {
        window.callback({ event: msg.event });
      } catch (err) {
        console.error('ccbarclient.js: the page callback threw', err);
      }
    }
  });
})();
