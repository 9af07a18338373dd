// devserve live reload: reloads the page when devserve has a new version
// of the app to show. One connection per browser, not per tab: the tab
// holding the "devserve-livereload" lock listens to the server and tells
// the others over a BroadcastChannel.
(() => {
  "use strict";
  const me = document.currentScript;
  if (!me || !window.EventSource) return;
  const [boot, gen] = (me.dataset.gen || "").split(".");
  const url = me.dataset.events || "/__devserve/events";
  const stale = (v) => {
    const [b, g] = String(v).split(".");
    return b !== boot || Number(g) > Number(gen);
  };
  const check = (v) => { if (stale(v)) location.reload(); };
  const listen = (onGen) => {
    const es = new EventSource(url);
    es.addEventListener("gen", (e) => onGen(e.data));
    return es;
  };
  if (!window.BroadcastChannel || !navigator.locks) {
    listen(check);
    return;
  }
  const bc = new BroadcastChannel("devserve-livereload");
  let last = null; // the leader's latest generation
  bc.onmessage = (e) => {
    if (e.data && e.data.ask) {
      if (last !== null) bc.postMessage({ gen: last });
    } else if (e.data && e.data.gen) {
      check(e.data.gen);
    }
  };
  bc.postMessage({ ask: true });
  navigator.locks.request("devserve-livereload", () => new Promise(() => {
    listen((v) => {
      last = v;
      bc.postMessage({ gen: v });
      check(v);
    });
  }));
})();
