#!/usr/bin/env python3
"""What a web page of the reference server costs, next to the API call it is compared with.

Signs in through the pages (the login form, its CSRF token and the browser-session cookie) and through the API (an
access token), then for each scenario runs wrk (pinned to --loadgen-cpu) for a warm-up and a measured window while
reading utime+stime of the server process from /proc: the figure is successful requests per CPU-second of the server.

  login-page   GET /login, signed out, no cookie (a first visit: a new browser id and CSRF token each time)
  dashboard    GET /dashboard with the browser-session cookie (who am I, roles, session, last login)
  me           GET /api/v1/me with the access token as Bearer (the API's equivalent)

Requires Linux, Python 3.11 (standard library), wrk, and the server on this machine (pinned to another core).
"""
import argparse
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

CLK = os.sysconf("SC_CLK_TCK")

LUA = r"""
local headers_file = os.getenv("PAGE_COST_HEADERS")
wrk.method = "GET"
if headers_file then
  for line in io.lines(headers_file) do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d p50=%.3f p99=%.3f\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def server_pid(base):
    port = urllib.parse.urlparse(base).port or 80
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    match = re.search(r"pid=(\d+)", out)
    if not match:
        sys.exit(f"no process listens on port {port}: pass --server-pid")
    return int(match.group(1))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def sign_in_page(base, login, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    html = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"_csrf": csrf, "identifier": login, "password": password}).encode()
    request = urllib.request.Request(base + "/login", data=body, headers={"Sec-Fetch-Site": "same-origin"})
    try:
        opener.open(request)
    except urllib.error.HTTPError as e:
        if e.code != 303:
            sys.exit(f"the login form answered {e.code}")
    cookies = {c.name: c.value for c in jar}
    if "latchkey" not in cookies and "__Host-latchkey" not in cookies:
        sys.exit("the login form set no session cookie")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def api_token(base, login, password):
    request = urllib.request.Request(base + "/api/v1/auth/login", method="POST",
                                     data=json.dumps({"login": login, "password": password}).encode(),
                                     headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))["access_token"]


def precheck(base, path, headers):
    """The scenario's request answers 200 with HTML or JSON (a redirect to the login page would count as success
    in wrk, which only counts 4xx and 5xx as errors)."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(urllib.request.Request(base + path, headers=headers))
    except urllib.error.HTTPError as e:
        sys.exit(f"GET {path} answered {e.code}, not 200")
    if response.status != 200:
        sys.exit(f"GET {path} answered {response.status}, not 200")


def run(args, path, headers, seconds, lua):
    with tempfile.NamedTemporaryFile("w", suffix=".headers", delete=False) as h:
        for name, value in headers.items():
            h.write(f"{name}: {value}\n")
    env = dict(os.environ, PAGE_COST_HEADERS=h.name)
    try:
        out = subprocess.run(["taskset", "-c", str(args.loadgen_cpu), "wrk", "-t", str(args.connections), "-c",
                              str(args.connections), "-d", f"{seconds}s", "-s", lua, args.base + path],
                             capture_output=True, text=True, env=env, check=True).stdout
    finally:
        os.unlink(h.name)
    match = re.search(r"RESULT requests=(\d+) errors=(\d+) p50=([\d.]+) p99=([\d.]+)", out)
    if not match:
        sys.exit("wrk printed no result:\n" + out)
    return int(match.group(1)), int(match.group(2)), float(match.group(3)), float(match.group(4))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", default="http://127.0.0.1:8080")
    p.add_argument("--server-pid", type=int, default=0)
    p.add_argument("--admin-login", default="admin")
    p.add_argument("--admin-password", required=True)
    p.add_argument("--warmup", type=int, default=15)
    p.add_argument("--duration", type=int, default=20)
    p.add_argument("--passes", type=int, default=3)
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--loadgen-cpu", type=int, default=0)
    p.add_argument("--scenarios", default="login-page,dashboard,me")
    args = p.parse_args()
    pid = args.server_pid or server_pid(args.base)
    cookie = sign_in_page(args.base, args.admin_login, args.admin_password)
    token = api_token(args.base, args.admin_login, args.admin_password)
    scenarios = {
        "login-page": ("/login", {}),
        "dashboard": ("/dashboard", {"Cookie": cookie}),
        "me": ("/api/v1/me", {"Authorization": "Bearer " + token}),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA)
    results = {name: [] for name in args.scenarios.split(",")}
    try:
        for n in range(args.passes):
            for name in results:
                path, headers = scenarios[name]
                precheck(args.base, path, headers)
                run(args, path, headers, args.warmup, f.name)
                before, started = cpu_seconds(pid), time.monotonic()
                requests, errors, p50, p99 = run(args, path, headers, args.duration, f.name)
                cpu, wall = cpu_seconds(pid) - before, time.monotonic() - started
                ok = requests - errors
                per_cpu = ok / cpu if cpu > 0 else float("nan")
                results[name].append(per_cpu)
                print(f"pass {n + 1} {name:11s} {ok / wall:9.0f} req/s  {per_cpu:9.0f} per CPU-second  "
                      f"p50 {p50:.2f} ms  p99 {p99:.2f} ms  non-200 {errors}", flush=True)
    finally:
        os.unlink(f.name)
    print()
    for name, values in results.items():
        values.sort()
        print(f"{name:11s} median {values[len(values) // 2]:9.0f} per CPU-second [{values[0]:.0f}, {values[-1]:.0f}]")
    if "dashboard" in results and "me" in results:
        d, m = sorted(results["dashboard"]), sorted(results["me"])
        print(f"dashboard costs {m[len(m) // 2] / d[len(d) // 2]:.2f}x /api/v1/me")


if __name__ == "__main__":
    main()
