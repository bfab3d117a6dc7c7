// Package client runs instances' software from the browser's page: it is
// the guest runtime as app.wasm sees it, with the runtime itself (wazero, the
// guest program) in a Web Worker that it starts when the first instance
// boots. The package imports neither wazero nor the guest programs, so
// app.wasm stays small; it builds only for GOOS=js.
//
// Use:
//
//	c := client.New("/web/guest/")   // where make put worker.js, worker.wasm, busybox.wasm, wasm_exec.js
//	c.OnUpdate = func() { ctx.Dispatch(func(ctx app.Context) { c.Update(world); … re-render … }) }
//	c.Attach(world)                  // boots now run init and user data
//	session.Run("sandbox exec i-… -- ls")   // the CLI finds c as the world's hooks
//
// Every method that takes the world must be called from the goroutine that
// owns it (go-app's UI goroutine), never from a JavaScript callback.
//
//   - Booted (engine.Hooks) queues a boot and returns at once; the worker runs
//     it in the background and OnUpdate is called when Update has a result
//     to apply. Update applies finished runs to the world and starts the next.
//   - Exec and HTTP (the CLI's Guests) block the calling
//     goroutine until the worker answers (a few tens of milliseconds once
//     the worker is warm; the first call waits for it to load, about 1–2 s).
//     The page keeps running meanwhile: JavaScript events are handled, and
//     go-app renders again when the call returns.
//   - ExecAsync and HTTPAsync queue the same runs and call a function with
//     the answer from Update, for a UI that must not wait.
//   - Exec with an empty line is what connecting shows (the login banner);
//     Prompt is the shell prompt of the instance's session.
//
// A run that overruns its time limit (a guest in an endless loop) cannot be
// interrupted inside the worker: the client ends the worker, reports the
// limit as the native runtime does, and starts a new worker for the next run.
//
// The files the worker needs are web/guest/worker.js, worker.wasm,
// wasm_exec.js and busybox.wasm; a service worker should cache them (they
// are fetched only when the first instance boots).
package client
