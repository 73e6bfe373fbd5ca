"""The checks of bench/jenkins-live against a running Jenkins: REST (crumb, API token, jobs, builds, artifacts) and a
headless Chromium driven over WebDriver (Debian's chromedriver) with nothing but the standard library.

Every check prints one line, "ok" or "FAIL"; the first failure ends the run with exit status 1 (what follows it would
only fail for the same reason). The password comes from the environment (RG_LIVE_PASSWORD) and is never printed.
"""
import argparse
import base64
import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from xml.sax.saxutils import escape


class CheckFailed(Exception):
    pass


def check(condition, what, detail=""):
    if not condition:
        raise CheckFailed(what + (": " + detail if detail else ""))
    print(f"  ok   {what}", flush=True)


class Jenkins:
    """REST with basic authentication; with a password it also keeps the session cookie the crumb belongs to."""

    def __init__(self, url, user, secret):
        self.url = url.rstrip("/")
        self.auth = "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.crumb = None

    def request(self, method, path, data=None, content_type=None, ok=(200,)):
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", self.auth)
        if content_type:
            req.add_header("Content-Type", content_type)
        if self.crumb:
            req.add_header(self.crumb[0], self.crumb[1])
        try:
            with self.opener.open(req, timeout=60) as rsp:
                return rsp.status, dict(rsp.headers), rsp.read()
        except urllib.error.HTTPError as e:
            if e.code in ok:
                return e.code, dict(e.headers), e.read()
            raise CheckFailed(f"{method} {path}: HTTP {e.code}") from None

    def json(self, path):
        return json.loads(self.request("GET", path)[2])


def wait_for_jenkins(base, user, password, pid, log, timeout=420):
    deadline = time.time() + timeout
    jenkins = Jenkins(base, user, password)
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            raise CheckFailed("Jenkins exited while starting; its log: " + log) from None
        try:
            info = jenkins.json("/api/json?tree=mode,nodeDescription")
            if info.get("mode"):
                return jenkins
        except (CheckFailed, urllib.error.URLError, ConnectionError, socket.timeout):
            pass
        time.sleep(2)
    raise CheckFailed(f"Jenkins did not answer /api/json within {timeout} s; its log: {log}")


def job_xml(jenkinsfile, parameters, description):
    params = "".join(
        f"<hudson.model.StringParameterDefinition><name>{escape(k)}</name><defaultValue>{escape(v)}</defaultValue>"
        f"<trim>true</trim></hudson.model.StringParameterDefinition>" for k, v in parameters.items())
    return (f"<?xml version='1.1' encoding='UTF-8'?><flow-definition plugin='workflow-job'>"
            f"<description>{escape(description)}</description><properties>"
            f"<hudson.model.ParametersDefinitionProperty><parameterDefinitions>{params}</parameterDefinitions>"
            f"</hudson.model.ParametersDefinitionProperty></properties>"
            f"<definition class='org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition' plugin='workflow-cps'>"
            f"<script>{escape(jenkinsfile)}</script><sandbox>true</sandbox></definition></flow-definition>").encode()


def run_build(jenkins, job, timeout=900):
    """Triggers the job with its default parameters and waits for the result; returns (number, result)."""
    _, headers, _ = jenkins.request("POST", f"/job/{job}/buildWithParameters", ok=(201,))
    queue = urllib.parse.urlparse(headers.get("Location", "")).path
    check(queue.startswith("/queue/item/"), f"{job}: queued over REST", str(headers.get("Location")))
    deadline = time.time() + timeout
    number = None
    while number is None and time.time() < deadline:
        item = jenkins.json(queue + "api/json")
        number = (item.get("executable") or {}).get("number")
        if item.get("cancelled"):
            raise CheckFailed(f"{job}: the queue item was cancelled")
        time.sleep(1)
    while time.time() < deadline:
        build = jenkins.json(f"/job/{job}/{number}/api/json?tree=building,result,duration")
        if not build["building"] and build["result"]:
            print(f"       {job} #{number}: {build['result']} in {build['duration'] / 1000:.0f} s", flush=True)
            if build["result"] != "SUCCESS":
                log = jenkins.request("GET", f"/job/{job}/{number}/consoleText")[2].decode("utf-8", "replace")
                lines = log.splitlines()
                shown = [l for l in lines if "ERROR" in l or "Exception" in l or "Caused by" in l or "verdict" in l]
                for line in (shown[:12] or lines[-12:]):
                    print(f"         | {line[:160]}", flush=True)
            return number, build["result"]
        time.sleep(2)
    raise CheckFailed(f"{job}: no result within {timeout} s")


class Browser:
    """A WebDriver session on chromedriver (W3C protocol over HTTP)."""

    def __init__(self, downloads):
        port = free_port()
        self.proc = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                self._call("GET", "/status")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        binary = "/usr/lib/chromium/chromium" if os.path.exists("/usr/lib/chromium/chromium") else shutil.which("chromium")
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": binary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--hide-scrollbars"],
            "prefs": {"download.default_directory": downloads, "download.prompt_for_download": False}}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]
        # headless Chromium ignores the download preferences unless told over DevTools
        self.do("POST", "/goog/cdp/execute", {"cmd": "Browser.setDownloadBehavior",
                                             "params": {"behavior": "allow", "downloadPath": downloads}})

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as rsp:
                return json.loads(rsp.read()).get("value")
        except urllib.error.HTTPError as e:
            value = json.loads(e.read()).get("value", {})
            raise CheckFailed(f"WebDriver {path}: {value.get('error')}: {value.get('message', '')[:200]}") from None

    def do(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url):
        self.do("POST", "/url", {"url": url})

    def find(self, css=None, xpath=None):
        """The first matching element of the current frame, or None."""
        using, value = ("css selector", css) if css else ("xpath", xpath)
        found = self.do("POST", "/elements", {"using": using, "value": value})
        return next(iter(found[0].values())) if found else None

    def script(self, code, *args):
        return self.do("POST", "/execute/sync", {"script": code, "args": list(args)})

    def click(self, element, navigates=True):
        """Clicks, and when the click opens a page, waits for the new document: WebDriver's click returns before
        the navigation starts, and the old document's readyState is already 'complete'."""
        if navigates:
            self.script("window.__rgOldPage = true")
        self.do("POST", f"/element/{element}/click", {})
        if navigates:
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    if self.script("return window.__rgOldPage !== true && document.readyState === 'complete'"):
                        return
                except CheckFailed:
                    pass            # the document went away between two polls
                time.sleep(0.2)
            raise CheckFailed(f"a click did not open a page within 60 s (still on {self.url()})")
        self.wait_loaded()

    def type(self, element, text):
        self.do("POST", f"/element/{element}/value", {"text": text})

    def wait_loaded(self):
        for _ in range(100):
            if self.script("return document.readyState") == "complete":
                return
            time.sleep(0.1)

    def text(self):
        return self.script("return document.body ? document.body.innerText : ''")

    def url(self):
        return self.script("return location.href")

    def signed_out(self):
        """True when the current frame shows Jenkins' sign-in form."""
        return self.find(css="input[name='j_username']") is not None

    def frame(self, element):
        self.do("POST", "/frame", {"id": {"element-6066-11e4-a52e-4f735466cecf": element}})

    def top(self):
        self.do("POST", "/frame", {"id": None})

    def screenshot(self, path, height=None):
        h = height or min(1400, max(900, int(self.script("return document.documentElement.scrollHeight"))))
        self.do("POST", "/window/rect", {"width": 1280, "height": h})
        time.sleep(0.3)
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.do("GET", "/screenshot")))
        self.do("POST", "/window/rect", {"width": 1280, "height": 900})
        print(f"       screenshot {path} ({os.path.getsize(path) // 1024} KB)", flush=True)

    def close(self):
        try:
            self.do("DELETE", "")
        except (CheckFailed, urllib.error.URLError, ConnectionError):
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rest_checks(args, password):
    started = time.time()
    jenkins = wait_for_jenkins(args.url, args.user, password, args.jenkins_pid, args.jenkins_log)
    print(f"       Jenkins answered after {time.time() - started:.0f} s", flush=True)
    status, _, _ = Jenkins(args.url, args.user, "not-the-password").request("GET", "/api/json", ok=(401,))
    check(status == 401, "security is on: a wrong password is refused (401)")
    status, _, _ = Jenkins(args.url, "", "").request("GET", "/api/json", ok=(401, 403))
    check(status in (401, 403), f"security is on: anonymous is refused ({status})")
    plugins = {p["shortName"]: p for p in jenkins.json("/pluginManager/api/json?depth=1")["plugins"]}
    rg = plugins.get("release-gates")
    check(rg is not None and rg.get("active") and rg.get("enabled"), "release-gates plugin installed and active", json.dumps(rg)[:300] if rg else "not listed")
    failed = [name for name, p in plugins.items() if not p.get("active")]
    check(not failed, f"all {len(plugins)} plugins active", ", ".join(failed))

    # password + crumb (with the session cookie it belongs to) once, to create an API token; the token from then on
    crumb = jenkins.json("/crumbIssuer/api/json")
    jenkins.crumb = (crumb["crumbRequestField"], crumb["crumb"])
    _, _, body = jenkins.request("POST", f"/user/{args.user}/descriptorByName/jenkins.security.ApiTokenProperty/"
                                 "generateNewToken", urllib.parse.urlencode({"newTokenName": "jenkins-live"}).encode(),
                                 "application/x-www-form-urlencoded")
    token = json.loads(body)["data"]["tokenValue"]
    api = Jenkins(args.url, args.user, token)
    check(api.json("/me/api/json")["id"] == args.user, "API token created (crumb + password) and accepted")

    with open(args.jenkinsfile, encoding="utf-8") as f:
        jenkinsfile = f.read()
    jobs = {"release-fixed": args.fixed, "release-vulnerable": args.vulnerable}
    for job, package in jobs.items():
        api.request("POST", "/createItem?" + urllib.parse.urlencode({"name": job}),
                    job_xml(jenkinsfile, {"RELEASE_PACKAGE": package, "SOURCE_DIR": args.source},
                            "The project's Jenkinsfile on " + os.path.basename(package)), "application/xml")
    fleet_script = "node('java17') { inventoryDependencies host: true, environment: 'live', role: 'ci' }"
    api.request("POST", "/createItem?name=fleet-report", job_xml(fleet_script, {}, "host inventory into the fleet store"),
                "application/xml")
    names = {j["name"] for j in api.json("/api/json?tree=jobs[name]")["jobs"]}
    check({"release-fixed", "release-vulnerable", "fleet-report"} <= names, "3 jobs created over REST", str(names))

    builds = {}
    for job in ["release-fixed", "release-vulnerable", "fleet-report"]:
        builds[job] = run_build(api, job)

    def gate_json(job, number):
        status, _, body = api.request("GET", f"/job/{job}/{number}/artifact/target/release-gates/gate.json", ok=(200, 404))
        check(status == 200, f"{job} #{number}: gate.json archived")
        return json.loads(body)

    number, result = builds["release-fixed"]
    verdict = gate_json("release-fixed", number)
    check(verdict.get("schema") == "release-gates/verdict/v1" and verdict.get("status") == "PASS",
          "fixed sample: verdict PASS", f"status {verdict.get('status')}, blocking {blocking(verdict)}")
    check(result == "SUCCESS", "fixed sample: build SUCCESS", result)
    with open(os.path.join(args.out, "fixed-gate.json"), "w", encoding="utf-8") as f:
        json.dump(verdict, f, indent=1)

    number, result = builds["release-vulnerable"]
    verdict = gate_json("release-vulnerable", number)
    check(verdict.get("status") == "BLOCK", "vulnerable sample: verdict BLOCK", str(verdict.get("status")))
    check(("scan", "CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1") in blocking(verdict),
          "vulnerable sample: blocked by Log4Shell (scan CVE-2021-44228 on log4j-core 2.14.1)", str(blocking(verdict)))
    check(result == "FAILURE", "vulnerable sample: the BLOCK stopped the build (FAILURE)", result)
    with open(os.path.join(args.out, "vulnerable-gate.json"), "w", encoding="utf-8") as f:
        json.dump(verdict, f, indent=1)

    check(builds["fleet-report"][1] == "SUCCESS", "fleet-report: host inventory reported", builds["fleet-report"][1])
    return builds


def blocking(verdict):
    return [(c.get("gate"), c.get("ruleId"), c.get("subject")) for c in verdict.get("conditions", [])
            if c.get("status") == "BLOCK"]


def browser_checks(args, password, builds):
    downloads = tempfile.mkdtemp(prefix="rg-downloads")
    browser = Browser(downloads)
    try:
        b = browser
        who = sign_in(b, args, password)
        check(who.get("name") == args.user and who.get("authenticated"), "signed in with the password in Chromium",
              str(who))

        number = builds["release-vulnerable"][0]
        b.get(f"{args.url}/job/release-vulnerable/{number}/")
        b.wait_loaded()
        check(not b.signed_out() and "release-vulnerable" in b.text(), "build page shown")
        b.screenshot(os.path.join(args.out, "build-page.png"))
        link = b.find(css="a[href$='/release-gates-gate'], a[href$='/release-gates-gate/'], a[href*='release-gates-gate']")
        check(link is not None, "build page links to the gate report")
        b.click(link)
        page = b.text()
        report = b.find(css="iframe")
        if report is not None and "CVE-2021-44228" not in page:
            b.frame(report)          # the report of the old page sits in a sandboxed frame
            page += b.text()
            b.top()
        check("BLOCK" in page and "CVE-2021-44228" in page and not b.signed_out(),
              "gate report shows BLOCK and CVE-2021-44228", page[:200].replace("\n", " "))
        b.screenshot(os.path.join(args.out, "gate-report.png"))

        # the fleet page as an administrator reaches it: its link in Jenkins' header menu, else its URL
        b.get(args.url + "/")
        b.wait_loaded()
        # on 2.528.3 the link sits in the header's menu, which Jenkins builds from a <template> when it is opened
        check("release-gates-fleet" in b.script("return document.documentElement.innerHTML"),
              "Jenkins' page links to the fleet page (header menu)")
        link = b.find(css="a[href$='/release-gates-fleet'], a[href$='/release-gates-fleet/']")
        if link is not None:
            b.script("arguments[0].click()", {"element-6066-11e4-a52e-4f735466cecf": link})
            time.sleep(1)
            b.wait_loaded()
        if "release-gates-fleet" not in b.url():
            b.get(args.url + "/release-gates-fleet/")
            b.wait_loaded()
        check(not b.signed_out() and "release-gates-fleet" in b.url(), "fleet page shown", b.url())
        b.screenshot(os.path.join(args.out, "fleet-page.png"))
        fleet_clicks(b, downloads)
    finally:
        browser.close()
        shutil.rmtree(downloads, ignore_errors=True)


def sign_in(b, args, password):
    """Signs in through Jenkins' form and answers whoAmI as the browser's session sees it.

    A click on Submit returns before the form's POST has been answered: navigating on at once can cancel it, and a
    slow machine then reads whoAmI as nobody, or a page that is not JSON at all. So this waits for the browser to
    leave /login, and asks whoAmI with the page's own fetch (its cookies, no JSON viewer in between)."""
    b.get(args.url + "/login")
    b.wait_loaded()
    user = b.find(css="input[name='j_username']")
    check(user is not None, "Jenkins' sign-in form shown", b.url())
    b.type(user, args.user)
    b.type(b.find(css="input[name='j_password']"), password)
    b.click(b.find(css="button[name='Submit'], input[name='Submit'], button[type='submit']"))
    deadline = time.time() + 90
    while "/login" in b.url() and time.time() < deadline:
        time.sleep(0.5)
    b.wait_loaded()
    check("/login" not in b.url(), "Chromium left the sign-in page after Submit", b.url())
    answer = ""
    while time.time() < deadline:
        answer = b.script("return fetch(arguments[0], {credentials: 'same-origin'})"
                          ".then(r => r.ok ? r.text() : 'HTTP ' + r.status)", args.url + "/whoAmI/api/json") or ""
        try:
            return json.loads(answer)
        except ValueError:
            time.sleep(1)
    raise CheckFailed(f"whoAmI did not answer JSON in the signed-in browser: {answer[:120]!r}")


def fleet_clicks(b, downloads):
    frame = b.find(css="iframe")
    if frame is not None:
        print("       the fleet page shows the dashboard in an iframe: the clicks go inside it", flush=True)
        b.frame(frame)
    hosts = b.find(xpath="//a[normalize-space(.)='Hosts']")
    check(hosts is not None, "fleet page: a 'Hosts' link")
    b.click(hosts)
    check(not b.signed_out(), "fleet page: Hosts opens without signing in again", b.url())
    host = b.find(css="tr[data-host] a, a[href*='/hosts/']")
    check(host is not None, "fleet page: the host list links to a host", b.text()[:200])
    b.click(host)
    check(not b.signed_out(), "fleet page: a host opens", b.url())
    component = b.find(css="a[href*='/components/']")
    check(component is not None, "fleet page: the host's page links to a component", b.text()[:200])
    b.click(component)
    check(not b.signed_out() and "/components/" in b.url(), "fleet page: a component opens", b.url())
    b.script("history.go(-2)")
    time.sleep(1)
    b.wait_loaded()
    export = b.find(css="a[href*='export/'][href*='.csv'], #export-csv")
    check(export is not None, "fleet page: an export link")
    href = b.script("return arguments[0].href", {"element-6066-11e4-a52e-4f735466cecf": export})
    b.click(export, navigates=False)   # a download, or a CSV shown in place
    deadline = time.time() + 20
    csv = None
    while csv is None and time.time() < deadline:
        done = [f for f in os.listdir(downloads) if not f.endswith(".crdownload")]
        if done:
            with open(os.path.join(downloads, done[0]), encoding="utf-8") as f:
                csv = f.read()
        elif "export/" in b.url() and not b.signed_out() and "," in b.text():
            csv = b.text()             # shown rather than downloaded
        time.sleep(0.5)
    check(csv is not None and not csv.lstrip().startswith("<") and "," in csv.splitlines()[0],
          f"fleet page: the export downloads CSV ({href.rsplit('/', 1)[-1]})",
          "nothing downloaded" if csv is None else csv[:120])


def main():
    p = argparse.ArgumentParser()
    for name in ["url", "user", "jenkinsfile", "source", "vulnerable", "fixed", "out", "jenkins-log"]:
        p.add_argument("--" + name, required=True)
    p.add_argument("--jenkins-pid", type=int, required=True)
    args = p.parse_args()
    password = os.environ["RG_LIVE_PASSWORD"]
    try:
        print("REST:", flush=True)
        builds = rest_checks(args, password)
        print("Browser:", flush=True)
        browser_checks(args, password, builds)
    except CheckFailed as e:
        print(f"  FAIL {e}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
