// Installed in every page of an agent desk before the page's own scripts (page-probes.ts). Plain
// JavaScript read from disk: a function handed to Playwright would be compiled with helpers the page lacks.
(() => {
  if (window.__harness) return;
  const probes = { events: [], sockets: [], peers: [] };
  Object.defineProperty(window, '__harness', { value: probes });

  // The page assigns window.callback; the bar calls it (docs/vendor/ccbarclient.md). The page's function still runs, after the record.
  let pageCallback;
  const recorded = function (message) {
    const event = message?.event;
    if (event && typeof event.eventType === 'string') {
      probes.events.push({ eventType: event.eventType, workNo: event.workNo, content: event.content });
    }
    return pageCallback?.call(this, message);
  };
  Object.defineProperty(window, 'callback', {
    configurable: true,
    get: () => (pageCallback ? recorded : undefined),
    set: (fn) => {
      pageCallback = typeof fn === 'function' ? fn : undefined;
    },
  });

  // The page's own constructors, kept whole (statics, instanceof), each new object noted.
  const noting = (Native, list) =>
    new Proxy(Native, {
      construct(target, args) {
        const made = Reflect.construct(target, args);
        list.push(made);
        return made;
      },
    });
  window.WebSocket = noting(window.WebSocket, probes.sockets);
  window.RTCPeerConnection = noting(window.RTCPeerConnection, probes.peers);
})();
