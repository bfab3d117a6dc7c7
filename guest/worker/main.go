//go:build js

// Command worker is the guest runtime of the browser: a small Go program
// (GOOS=js) that runs in a Web Worker, beside the page's app.wasm. It
// fetches the guest program (busybox.wasm, next to it), compiles it with
// wazero's interpreter and runs the jobs the page posts, one at a time:
//
//	page → worker   {"seq": N, "job": <job.Encode>}
//	worker → page   {"seq": N, "result": <job.EncodeResult>}   or {"seq": N, "error": "…"}
//	worker → page   {"ready": true}   once, when the guest program is compiled
//
// Go's js/wasm cannot preempt a computing guest, and a context deadline
// never fires while one runs; the page therefore times each job and ends the
// worker when one overruns (see package client). The worker itself applies
// the output, memory and stack limits.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"syscall/js"

	"amilab/guest/job"
	"amilab/guest/machine"
)

// request is a message from the page.
type request struct {
	Seq int             `json:"seq"`
	Job json.RawMessage `json:"job"`
}

// reply is a message to the page.
type reply struct {
	Seq    int             `json:"seq"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
	Ready  bool            `json:"ready,omitempty"`
}

func main() {
	self := js.Global()
	requests := make(chan string, 64)
	self.Set("onmessage", js.FuncOf(func(_ js.Value, args []js.Value) any {
		requests <- args[0].Get("data").String()
		return nil
	}))
	// Messages that arrived while this program loaded (worker.js keeps them).
	if early := self.Get("amilabEarly"); early.Truthy() {
		for i := 0; i < early.Length(); i++ {
			requests <- early.Index(i).String()
		}
	}
	post := func(r reply) {
		data, _ := json.Marshal(r)
		self.Call("postMessage", string(data))
	}
	base := self.Get("location").Get("href").String()
	wasm, err := fetch(resolve(base, "busybox.wasm"))
	var rt *machine.Runtime
	if err == nil {
		rt, err = machine.New(context.Background(), wasm, machine.Options{Interpreter: true})
	}
	if err == nil {
		post(reply{Ready: true})
	}
	for msg := range requests {
		var req request
		if jerr := json.Unmarshal([]byte(msg), &req); jerr != nil {
			post(reply{Seq: req.Seq, Error: "bad request: " + jerr.Error()})
			continue
		}
		if err != nil {
			post(reply{Seq: req.Seq, Error: "the guest program could not be loaded: " + err.Error()})
			continue
		}
		j, derr := job.Decode(req.Job)
		if derr != nil {
			post(reply{Seq: req.Seq, Error: "bad job: " + derr.Error()})
			continue
		}
		data, eerr := job.EncodeResult(rt.Run(context.Background(), j))
		if eerr != nil {
			post(reply{Seq: req.Seq, Error: eerr.Error()})
			continue
		}
		post(reply{Seq: req.Seq, Result: data})
	}
}

// resolve makes a URL relative to base absolute.
func resolve(base, rel string) string {
	return js.Global().Get("URL").New(rel, base).Call("toString").String()
}

// fetch downloads a file.
func fetch(url string) ([]byte, error) {
	resp, err := await(js.Global().Call("fetch", url))
	if err != nil {
		return nil, err
	}
	if !resp.Get("ok").Bool() {
		return nil, errors.New(url + ": " + resp.Get("status").String())
	}
	buf, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	arr := js.Global().Get("Uint8Array").New(buf)
	out := make([]byte, arr.Length())
	js.CopyBytesToGo(out, arr)
	return out, nil
}

// await waits for a promise.
func await(p js.Value) (js.Value, error) {
	type outcome struct {
		v   js.Value
		err error
	}
	ch := make(chan outcome, 1)
	ok := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- outcome{v: args[0]}
		return nil
	})
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- outcome{err: errors.New(args[0].Call("toString").String())}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	o := <-ch
	return o.v, o.err
}
