#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Local mock of the Anthropic Messages API, for running the real Claude Code offline.

    mock-api.py PORT SCRIPT.json [--script-for MODEL=SCRIPT.json ...]
                [--script-dir DIR] [--address ADDR]
                [--log PATH] [--dump DIR] [--port-file PATH]

Listens on 127.0.0.1:PORT (--address: ADDR:PORT; PORT 0: any free port;
--port-file PATH then gets the port, and its appearance says that the mock is
ready). POST /v1/messages
answers from SCRIPT, a JSON list of turns, one per main-conversation request:

    {"text": "..."}                                       a final answer
    {"tool_use": {"name": "Bash", "input": {...}}}        one tool call
    {"text": "...", "tool_use": {...}}                    both, text first
    {"tool_use": [{...}, {...}]}                          parallel tool calls

SCRIPT may instead be {"main": [turns], "subagent": [turns]}: requests of
subagents (the Agent tool; they carry an x-claude-code-agent-id header) then
take their turns from the second list, in arrival order. A list that runs out
answers with the text "done". Side requests (anything that offers the model no
tools: titles, summaries, classifiers, quota probes) get a short text and take
no turn. --script-for MODEL=SCRIPT2 (repeatable) gives the requests that name
model MODEL their own script, with its own turn counters, so that several
agents can run different scripts against one mock at once (give each task its
own --model). --script-dir DIR does the same for every model M that has a
DIR/M.json, read at M's first request (so scripts may be written after the
mock starts). Streaming ("stream": true, server-sent events) and plain JSON both
work. Also served: /v1/messages/count_tokens, GET /v1/models, HEAD /api/hello
(Claude Code's connection pre-warm); anything else is a 404 as the real API's.

--log PATH appends one JSON line per request: method, path, model, kind
(main/subagent/side/other), turn (index in its list; null past the end), auth
(x-api-key/bearer/null), number of messages, and the tool_results sent since
the last assistant message, so that tests can check what the agent's tools
returned. --dump DIR writes each request's headers and body there.
Python 3 standard library only; SIGTERM/SIGINT stop it cleanly (exit 0).
"""
import signal
import sys

# A SIGTERM that comes while we start (python3 takes ~0.5 s to import all this
# on a slow VM) is a clean exit too; main() installs the real handler later.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

import argparse  # noqa: E402
import http.server  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

SIDE_TEXT = "OK"        # answer to any side request
FINAL_TEXT = "done"     # answer once the script is exhausted


class Script:
    """The scripted turns: one queue for the main agent, one for its subagents."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            script = json.load(f)
        if isinstance(script, list):
            script = {"main": script}
        if not isinstance(script, dict) or not all(
                isinstance(script.get(k, []), list) for k in ("main", "subagent")):
            sys.exit(f"mock-api: {path}: expected a list of turns or "
                     '{"main": [...], "subagent": [...]}')
        self.turns = {k: script.get(k, []) for k in ("main", "subagent")}
        for who, turns in self.turns.items():
            for i, turn in enumerate(turns):
                if not valid_turn(turn):
                    sys.exit(f"mock-api: {path}: {who} turn {i} is not "
                             '{"text": "..."} and/or {"tool_use": {"name": ..., "input": {...}}}')
        self.next = {"main": 0, "subagent": 0}
        self.lock = threading.Lock()

    def take(self, who):
        """Return (index, turn) of who's next turn, or (None, final text turn)."""
        with self.lock:
            i = self.next[who]
            if i >= len(self.turns[who]):
                return None, {"text": FINAL_TEXT}
            self.next[who] = i + 1
            return i, self.turns[who][i]


def valid_turn(turn):
    """Whether a script turn has a text, tool calls with a name, or both."""
    if not isinstance(turn, dict) or not set(turn) <= {"text", "tool_use"} or not turn:
        return False
    calls = turn.get("tool_use", [])
    calls = calls if isinstance(calls, list) else [calls]
    return isinstance(turn.get("text", ""), str) and all(
        isinstance(c, dict) and isinstance(c.get("name"), str)
        and isinstance(c.get("input", {}), dict) for c in calls)


def content_blocks(turn):
    """The assistant content blocks of one script turn (ids made up here)."""
    blocks = []
    if turn.get("text"):
        blocks.append({"type": "text", "text": turn["text"]})
    calls = turn.get("tool_use") or []
    for call in calls if isinstance(calls, list) else [calls]:
        blocks.append({"type": "tool_use", "id": "toolu_" + uuid.uuid4().hex[:24],
                       "name": call["name"], "input": call.get("input", {})})
    return blocks or [{"type": "text", "text": FINAL_TEXT}]


def estimate_tokens(obj):
    """A rough token count (4 bytes a token) so that usage numbers look sane."""
    return max(1, len(json.dumps(obj)) // 4)


def message(model, blocks, input_tokens):
    """A complete, non-streamed Messages API response."""
    tool = any(b["type"] == "tool_use" for b in blocks)
    return {
        "id": "msg_" + uuid.uuid4().hex[:24], "type": "message", "role": "assistant",
        "model": model, "content": blocks,
        "stop_reason": "tool_use" if tool else "end_turn", "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": estimate_tokens(blocks),
                  "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0},
    }


def sse_events(msg):
    """The same message as the stream of server-sent events the real API sends."""
    def event(data):
        return f"event: {data['type']}\ndata: {json.dumps(data)}\n\n"

    start = dict(msg, content=[], stop_reason=None,
                 usage=dict(msg["usage"], output_tokens=1))
    out = [event({"type": "message_start", "message": start}), event({"type": "ping"})]
    for i, block in enumerate(msg["content"]):
        if block["type"] == "text":
            out.append(event({"type": "content_block_start", "index": i,
                              "content_block": {"type": "text", "text": ""}}))
            text = block["text"]
            for j in range(0, len(text), 40):       # a few deltas, as the API does
                out.append(event({"type": "content_block_delta", "index": i,
                                  "delta": {"type": "text_delta", "text": text[j:j + 40]}}))
        else:
            out.append(event({"type": "content_block_start", "index": i,
                              "content_block": dict(block, input={})}))
            args = json.dumps(block["input"])
            for j in range(0, len(args), 40):
                out.append(event({"type": "content_block_delta", "index": i,
                                  "delta": {"type": "input_json_delta",
                                            "partial_json": args[j:j + 40]}}))
        out.append(event({"type": "content_block_stop", "index": i}))
    out.append(event({"type": "message_delta",
                      "delta": {"stop_reason": msg["stop_reason"], "stop_sequence": None},
                      "usage": {"output_tokens": msg["usage"]["output_tokens"]}}))
    out.append(event({"type": "message_stop"}))
    return "".join(out).encode()


def last_tool_results(messages):
    """The tool_results sent since the last assistant message, content flattened.

    (Claude Code may put "system" role messages after the user's tool_result.)
    """
    results = []
    for msg in reversed(messages):
        if msg.get("role") == "assistant":
            break
        content = msg.get("content") if msg.get("role") == "user" else None
        for block in reversed(content) if isinstance(content, list) else []:
            if isinstance(block, dict) and block.get("type") == "tool_result":
                c = block.get("content", "")
                if isinstance(c, list):
                    c = "".join(x.get("text", "") for x in c if isinstance(x, dict))
                results.append({"content": c, "is_error": bool(block.get("is_error"))})
    return results[::-1]


def classify(req, headers):
    """Who is asking: the main agent, a subagent, or a side call (no tools offered).

    Claude Code tags a subagent's requests with an x-claude-code-agent-id header
    and "cc_is_subagent=true" in the billing line at the top of the system prompt.
    """
    if not req.get("tools"):
        return "side"
    system = json.dumps(req.get("system", ""))
    if headers.get("x-claude-code-agent-id") or "cc_is_subagent=true" in system:
        return "subagent"
    return "main"


# GET /v1/models: the real API lists the models the key may use.
MODELS = ["claude-opus-5-5", "claude-sonnet-4-5", "claude-haiku-4-5"]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"       # keep-alive, as the real API
    server_version = "mock-anthropic"
    counter = itertools.count(1)

    def log_message(self, fmt, *args):  # quiet: the JSON log says it all
        pass

    def record(self, **fields):
        entry = {"method": self.command, "path": self.path, "time": round(time.time(), 3), **fields}
        opts = self.server.opts
        if opts.log:
            with self.server.log_lock, open(opts.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

    def dump(self, body):
        if not self.server.opts.dump:
            return
        n = next(self.counter)
        path = os.path.join(self.server.opts.dump, f"{n:04d}-{self.command}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"{self.command} {self.path}\n{self.headers}\n")
            f.write(body.decode("utf-8", "replace"))

    def reply(self, status, body, ctype="application/json"):
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("request-id", "req_mock_" + uuid.uuid4().hex[:16])
        if ctype == "text/event-stream":
            self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def not_found(self):
        self.reply(404, {"type": "error", "error": {"type": "not_found_error",
                                                    "message": "Not found"}})

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        body = self.read_body()         # keep the connection in step
        self.dump(body)
        path = self.path.split("?")[0]
        if path == "/api/hello":        # connection pre-warm (HEAD) and probes
            self.record(kind="other", status=200)
            return self.reply(200, {"message": "hello"})
        if self.command == "GET" and path == "/v1/models":
            data = [{"type": "model", "id": m, "display_name": m,
                     "created_at": "2025-01-01T00:00:00Z"} for m in MODELS]
            self.record(kind="other", status=200)
            return self.reply(200, {"data": data, "has_more": False,
                                    "first_id": MODELS[0], "last_id": MODELS[-1]})
        self.record(kind="other", status=404)
        self.not_found()

    do_HEAD = do_DELETE = do_PUT = do_PATCH = do_GET

    def do_POST(self):
        body = self.read_body()
        self.dump(body)
        try:
            self.messages_api(body)
        except ConnectionError:         # the client went away
            pass
        except Exception as e:          # a 400 fails the agent at once; a 500 it retries
            self.record(kind="error", status=400, error=repr(e))
            self.reply(400, {"type": "error", "error": {
                "type": "invalid_request_error", "message": f"mock-api: {e!r}"}})

    def messages_api(self, body):
        path = self.path.split("?")[0]        # Claude Code adds ?beta=true
        if path not in ("/v1/messages", "/v1/messages/count_tokens"):
            self.record(kind="other", status=404)
            return self.not_found()
        req = json.loads(body or b"{}")
        messages = req.get("messages") or []
        model = req.get("model", "claude-mock")
        if path == "/v1/messages/count_tokens":
            self.record(kind="count_tokens", model=model, messages=len(messages))
            return self.reply(200, {"input_tokens": estimate_tokens(req)})

        kind = classify(req, self.headers)
        if kind == "side":
            turn, step = None, {"text": SIDE_TEXT}
        else:
            script = self.server.script_for(model)
            turn, step = script.take(kind)
        auth = ("x-api-key" if self.headers.get("x-api-key") else
                "bearer" if self.headers.get("authorization", "").startswith("Bearer ")
                else None)
        self.record(kind=kind, model=model, turn=turn, auth=auth, messages=len(messages),
                    stream=bool(req.get("stream")),
                    tool_results=last_tool_results(messages))
        msg = message(model, content_blocks(step), estimate_tokens(messages))
        if req.get("stream"):
            self.reply(200, sse_events(msg), "text/event-stream")
        else:
            self.reply(200, msg)


def main():
    ap = argparse.ArgumentParser(description="Mock Anthropic Messages API")
    ap.add_argument("port", type=int)
    ap.add_argument("script")
    ap.add_argument("--script-for", action="append", default=[], metavar="MODEL=SCRIPT",
                    help="requests for model MODEL take their turns from SCRIPT")
    ap.add_argument("--script-dir", metavar="DIR",
                    help="requests for model M take their turns from DIR/M.json if it exists")
    ap.add_argument("--address", default="127.0.0.1", help="listen on this address")
    ap.add_argument("--log", help="append one JSON line per request here")
    ap.add_argument("--dump", help="write each request's headers and body in this dir")
    ap.add_argument("--port-file", help="once listening, write the port number here")
    opts = ap.parse_args()

    script = Script(opts.script)        # a bad script fails before we listen
    scripts = {}
    for spec in opts.script_for:
        model, sep, path = spec.partition("=")
        if not sep or not model or not path:
            sys.exit(f"mock-api: --script-for {spec}: expected MODEL=SCRIPT")
        scripts[model] = Script(path)
    server = http.server.ThreadingHTTPServer((opts.address, opts.port), Handler)
    server.daemon_threads = True        # keep-alive connections must not block exit
    server.opts = opts
    server.script = script
    server.scripts = scripts
    server.log_lock = threading.Lock()
    script_lock = threading.Lock()

    def script_for(model):
        with script_lock:
            if model not in scripts and opts.script_dir and "/" not in model:
                path = os.path.join(opts.script_dir, model + ".json")
                if os.path.isfile(path):
                    scripts[model] = Script(path)
            return scripts.get(model, script)
    server.script_for = script_for
    if opts.dump:
        os.makedirs(opts.dump, exist_ok=True)

    def stop(signum, frame):
        # shutdown() waits for serve_forever() to return: call it from another thread.
        threading.Thread(target=server.shutdown).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    port = server.server_address[1]
    if opts.port_file:                  # written whole, then renamed: never half there
        with open(opts.port_file + ".tmp", "w", encoding="utf-8") as f:
            f.write(f"{port}\n")
        os.rename(opts.port_file + ".tmp", opts.port_file)
    print(f"mock-api: listening on {opts.address}:{port}", file=sys.stderr, flush=True)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
