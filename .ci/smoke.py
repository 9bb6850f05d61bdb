"""Check a running portal from outside: the home page answers in Chinese and demo users log in."""

import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

base = sys.argv[1].rstrip("/")
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get(path: str) -> str:
    with opener.open(base + path, timeout=10) as response:
        return response.read().decode()


for _ in range(120):
    try:
        home = get("/")
        break
    except OSError:
        time.sleep(1)
else:
    sys.exit("the portal did not answer within two minutes")

# The demo's current edition is its 4th (marked 演示); the 3rd is archived.
assert "市政府质量奖" in home and "第四届攀枝花市政府质量奖" in home, "home page is not in Chinese"
assert "演示" in home, "the demo edition is not marked as a demo"

for username in ("office", "dongqu", "company", "expert1"):
    jar.clear()
    page = get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": "Demo-Award-2023"}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=data, headers={"Referer": base}
    )
    with opener.open(request, timeout=10) as response:
        body = response.read().decode()
    assert "退出" in body, f"{username} could not log in"
    if "two-factor/verify" in response.url:
        code = subprocess.run(
            [sys.executable, "manage.py", "demo_codes"], capture_output=True, text=True, check=True
        ).stdout.split()[2]
        page = get("/accounts/two-factor/verify/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "code": code}).encode()
        request = urllib.request.Request(
            base + "/accounts/two-factor/verify/", data=data, headers={"Referer": base}
        )
        with opener.open(request, timeout=10) as response:
            assert "two-factor" not in response.url, f"{username} failed the second factor"
    print(f"logged in as {username}")
