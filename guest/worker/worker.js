// The guest runtime's Web Worker: loads Go's wasm_exec.js and worker.wasm
// (see main.go), keeping the page's messages until the Go program takes them.
"use strict";
self.amilabEarly = [];
self.onmessage = (e) => self.amilabEarly.push(e.data);
importScripts("wasm_exec.js");
const go = new Go();
WebAssembly.instantiateStreaming(fetch("worker.wasm"), go.importObject)
  .then((r) => go.run(r.instance))
  .catch((err) => self.postMessage(JSON.stringify({ seq: 0, error: "the guest worker could not start: " + err })));
