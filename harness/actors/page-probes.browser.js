// Installed in every page of an agent desk before the page's own scripts (page-probes.ts). Plain
// JavaScript read from disk: a function handed to Playwright would be compiled with helpers the page lacks.
(() => {
  if (window.__harness) return;
  const probes = { events: [], sockets: [], peers: [] };
  Object.defineProperty(window, '__harness', { value: probes });

  // The page assigns window.callback; the bar calls it (vendor-api.md §4). The page's function still runs, after the record.
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

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = new Proxy(NativeWebSocket, {
    construct(target, args) {
      const ws = Reflect.construct(target, args);
      probes.sockets.push(ws);
      return ws;
    },
  });
  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = new Proxy(NativePeerConnection, {
    construct(target, args) {
      const pc = Reflect.construct(target, args);
      probes.peers.push(pc);
      return pc;
    },
  });
})();
